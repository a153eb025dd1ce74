// Generated reports as a scanner would give them: Chromium prints the Word-style report (title and overview, then
// one statutory table per A4 page) as page images at a chosen dpi, which are then degraded as real scans are (noise,
// a 1–2° skew, JPEG artefacts, a red seal over part of a table) and can be wrapped into an image-only PDF.
// Test data for OCR (tests, bench, the replica's scanned report); needs Chromium and sharp, no other tool.
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { rng, type ReportSpec } from './generate-report.js';
import { overviewText, table2Html, table3Html, table4Html } from './render-report.js';

const MARGIN_MM = 20;
const A4_MM = { width: 210, height: 297 };
const CSS_PX_PER_MM = 96 / 25.4;

/** Serif (Song/Ming, as Word prints) or sans: the two looks of real reports. */
export type ScanFont = 'serif' | 'sans';
const FONTS: Record<ScanFont, string> = { serif: '"AR PL UMing CN", "Noto Serif CJK SC", serif', sans: '"Noto Sans CJK SC", sans-serif' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The report as four A4 pages of HTML: title and overview; table 2; table 3; table 4 and the closing sections. */
function pagesHtml(spec: ReportSpec, font: ScanFont): string {
  const o = { style: 'word' as const };
  const p = (t: string, center = false) => `<p class="MsoNormal"${center ? ' style="text-align:center;text-indent:0"' : ''}>${esc(t)}</p>`;
  const page = (body: string) => `<div class="page">${body}</div>`;
  const tail = [
    p(spec.template === '2021' ? '五、存在的主要问题及改进情况' : '五、政府信息公开工作存在的主要问题及改进情况'),
    p('一是信息公开的及时性有待提高；二是业务培训有待加强。'),
    p('六、其他需要报告的事项'),
    p('无。'),
    `<p class="MsoNormal" style="text-align:right">${esc(spec.agency)}</p>`,
  ].join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: ${FONTS[font]}; font-size: 16px; line-height: 1.5; color: #000; }
div.page { box-sizing: border-box; width: ${A4_MM.width}mm; height: ${A4_MM.height}mm; padding: ${MARGIN_MM}mm; overflow: hidden; background: #fff; }
p.MsoNormal { margin: 0 0 4px 0; text-indent: 2em; }
table { border-collapse: collapse; width: 100%; }
td { font-size: 13px; line-height: 1.35; border: 1px solid #000; }
td p.MsoNormal { text-indent: 0; margin: 0; }
td span { font-family: ${FONTS[font]} !important; }
</style></head><body>
${page(
  `${p(spec.agency, true)}${p(`${spec.year}年政府信息公开工作年度报告`, true)}${p('一、总体情况')}${overviewText(spec)
    .map((t) => p(t))
    .join('')}`,
)}
${page(`${p('二、主动公开政府信息情况')}${table2Html(spec, o)}`)}
${page(`${p('三、收到和处理政府信息公开申请情况')}${table3Html(spec, o)}`)}
${page(`${p('四、政府信息公开行政复议、行政诉讼情况')}${table4Html(spec, o)}${tail}`)}
</body></html>`;
}

/**
 * Prints the report's pages as PNG images at `dpi` (Chromium at a device scale of dpi/96). A page whose content does
 * not fit is refused: a table cut off at the page's edge would make the truth wrong.
 */
export async function scanPages(browser: Browser, spec: ReportSpec, options: { dpi: number; font?: ScanFont }): Promise<Buffer[]> {
  const context = await browser.newContext({
    viewport: { width: Math.ceil(A4_MM.width * CSS_PX_PER_MM), height: Math.ceil(A4_MM.height * CSS_PX_PER_MM) },
    deviceScaleFactor: options.dpi / 96,
  });
  try {
    const page = await context.newPage();
    await page.setContent(pagesHtml(spec, options.font ?? 'serif'), { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const overflow = await page.$$eval('div.page', (els) => els.map((e) => e.scrollHeight > e.clientHeight + 1));
    if (overflow.some(Boolean)) throw new Error(`${spec.agency} ${spec.year}: a page's content is taller than the page`);
    const out: Buffer[] = [];
    for (const el of await page.$$('div.page')) out.push(await el.screenshot({ type: 'png' }));
    return out;
  } finally {
    await context.close();
  }
}

export interface Degradation {
  /** Gaussian noise, standard deviation in grey levels (e.g. 20). */
  noise?: number;
  /** Clockwise turn in degrees (1–2 for a sheet fed askew). */
  skew?: number;
  /** A red round seal (42 mm) centred at this point, as fractions of the page's width and height. */
  seal?: { x: number; y: number };
  /** JPEG quality (40: heavy artefacts); absent: PNG. */
  jpeg?: number;
  /** Seed for the noise. */
  seed?: number;
  /** Grey scale (a black-and-white scan; smaller files). */
  gray?: boolean;
}

/** An official seal: a red ring with a star and the office's name, multiplied over the page as ink is. */
function sealSvg(width: number, height: number, cx: number, cy: number, dpi: number): Buffer {
  const mm = dpi / 25.4;
  const r = 21 * mm;
  const star = Array.from({ length: 10 }, (_, i) => {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? 7 * mm : 2.8 * mm;
    return `${(cx + rr * Math.cos(a)).toFixed(1)},${(cy + rr * Math.sin(a)).toFixed(1)}`;
  }).join(' ');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<g fill-opacity="0.85" stroke-opacity="0.85">
<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="#d8262b" stroke-width="${(1.3 * mm).toFixed(1)}"/>
<polygon points="${star}" fill="#d8262b"/>
<text x="${cx}" y="${cy + 12 * mm}" font-family="Noto Sans CJK SC" font-size="${(4.2 * mm).toFixed(1)}" fill="#d8262b" text-anchor="middle">政务公开专用章</text>
</g></svg>`);
}

/** Degrades a page image as scanning and publishing do. */
export async function degrade(png: Buffer, dpi: number, d: Degradation): Promise<Buffer> {
  let img = sharp(png).flatten({ background: '#ffffff' });
  const { width, height } = await sharp(png).metadata();
  if (d.seal) {
    const svg = sealSvg(width!, height!, Math.round(width! * d.seal.x), Math.round(height! * d.seal.y), dpi);
    img = sharp(
      await img
        .composite([{ input: svg, blend: 'multiply' }])
        .png()
        .toBuffer(),
    );
  }
  // Turned about the centre on a canvas of the same size, as a scanner's bed crops it.
  if (d.skew) {
    const turned = await img.rotate(d.skew, { background: '#ffffff' }).png().toBuffer();
    const m = await sharp(turned).metadata();
    img = sharp(turned).extract({ left: Math.floor((m.width! - width!) / 2), top: Math.floor((m.height! - height!) / 2), width: width!, height: height! });
  }
  if (d.noise) {
    const { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const r = rng(d.seed ?? 1);
    const out = Buffer.alloc(data.length);
    for (let i = 0; i < data.length; i += info.channels) {
      // One Gaussian draw per pixel (Box–Muller), the same on every channel: sensor noise, not colour noise.
      const n = Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r()) * d.noise;
      for (let c = 0; c < info.channels; c++) out[i + c] = Math.max(0, Math.min(255, Math.round(data[i + c]! + n)));
    }
    img = sharp(out, { raw: { width: info.width, height: info.height, channels: info.channels } });
  }
  if (d.gray) img = img.grayscale();
  return d.jpeg ? img.jpeg({ quality: d.jpeg }).toBuffer() : img.png().toBuffer();
}

/** Wraps JPEG page images into a PDF with no text layer, one image per page drawn at `dpi` (what a scanner writes). */
export async function imagePdf(jpegs: Buffer[], dpi: number): Promise<Buffer> {
  const objects: Buffer[] = [];
  const add = (b: Buffer) => objects.push(b);
  const pageIds: number[] = [];
  // Object 1 is the page tree, filled in at the end.
  add(Buffer.alloc(0));
  for (const jpeg of jpegs) {
    const m = await sharp(jpeg).metadata();
    if (m.format !== 'jpeg') throw new Error('imagePdf takes JPEG images');
    const cs = Number(m.channels) === 1 ? '/DeviceGray' : '/DeviceRGB';
    add(
      Buffer.concat([
        Buffer.from(
          `<< /Type /XObject /Subtype /Image /Width ${m.width} /Height ${m.height} /ColorSpace ${cs} /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
        ),
        jpeg,
        Buffer.from('\nendstream'),
      ]),
    );
    const img = objects.length;
    const w = ((m.width! * 72) / dpi).toFixed(2);
    const h = ((m.height! * 72) / dpi).toFixed(2);
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    add(Buffer.from(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`));
    add(
      Buffer.from(`<< /Type /Page /Parent 1 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${img} 0 R >> >> /Contents ${objects.length} 0 R >>`),
    );
    pageIds.push(objects.length);
  }
  objects[0] = Buffer.from(`<< /Type /Pages /Kids [${pageIds.map((p) => `${p} 0 R`).join(' ')}] /Count ${pageIds.length} >>`);
  add(Buffer.from('<< /Type /Catalog /Pages 1 0 R >>'));
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    offsets.push(offset);
    offset += chunk.length;
    parts.push(chunk);
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${objects.length} 0 R >>\nstartxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(parts);
}
