// The PDF read against its floor: generated reports printed to PDF by Chromium (the print layouts of
// replica/render-print-page.ts), read by gongkai (PDF extraction and parse, one core) against pdf.js's text extraction
// alone of the same bytes (getDocument with the same options, getTextContent of every page). Measures; asserts nothing.
import { loadPdfJs, pdfDocumentOptions } from '../../pipeline/extract/pdf.js';
import { readReport } from '../../pipeline/read-report.js';
import { generateReport } from '../../replica/generate-report.js';
import { printStyleFor, renderPrintPage } from '../../replica/render-print-page.js';
import { launchChromium } from '../decode-pdf.js';

/** `count` reports printed to PDF, of every size the decode bench prints. */
async function printedReports(count: number): Promise<Buffer[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const out: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const seed = 1 + i * 104_729;
      const applications = [3, 20, 60, 400][seed % 4]!;
      const spec = generateReport(seed, '北京市通州区潞城镇人民政府', 2019 + (seed % 7), { applications, decisions: applications * 30 });
      const style = printStyleFor(seed, spec.template as '2019' | '2021');
      await page.setContent(renderPrintPage(spec, style).html);
      out.push(Buffer.from(await page.pdf({ preferCSSPageSize: true })));
    }
    return out;
  } finally {
    await browser.close();
  }
}

/**
 * The floor: pdf.js's text of every page, with the options gongkai opens a PDF with and pdf.js loaded as gongkai loads
 * it (pipeline/extract/pdf.ts: V8's own push and JSON put back, which the floor profits from as much as gongkai).
 */
async function pdfjsText(bytes: Buffer): Promise<number> {
  const pdfjs = await loadPdfJs();
  const doc = await pdfjs.getDocument(pdfDocumentOptions(bytes)).promise;
  let items = 0;
  try {
    for (let p = 1; p <= doc.numPages; p++) items += (await (await doc.getPage(p)).getTextContent()).items.length;
  } finally {
    await doc.destroy();
  }
  return items;
}

export async function benchPdfScale(): Promise<Record<string, string>> {
  const count = Number(process.env.SCALE_PDF_DOCS ?? 60);
  process.stderr.write(`bench/scale pdf: printing ${count} reports\n`);
  const pdfs = await printedReports(count);
  const mb = pdfs.reduce((s, b) => s + b.length, 0) / 1048576;
  // Warm both paths (JIT, pdf.js's worker-less set-up, the region index).
  for (const b of pdfs.slice(0, 5)) {
    await pdfjsText(b);
    await readReport(b, { contentType: 'application/pdf' });
  }
  const cpu0 = process.cpuUsage();
  let t0 = performance.now();
  for (const b of pdfs) await pdfjsText(b);
  const floorMs = performance.now() - t0;
  const floorCpu = process.cpuUsage(cpu0);
  const cpu1 = process.cpuUsage();
  t0 = performance.now();
  let cells = 0;
  for (const b of pdfs) cells += Object.values((await readReport(b, { contentType: 'application/pdf' })).report.facts).filter((v) => v !== null).length;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu1);
  const cpuS = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
  const rate = (n: number, t: number) => Math.round((n / (t / 1000)) * 10) / 10;
  return {
    'PDF read reports/s (1 core)': `${rate(count, ms)}  (floor pdf.js getTextContent ${rate(count, floorMs)}/s; ${(ms / floorMs).toFixed(2)}x the floor by wall time, ${(cpuS(cpu) / cpuS(floorCpu)).toFixed(2)}x by CPU time (${cpuS(cpu).toFixed(1)} s against ${cpuS(floorCpu).toFixed(1)} s); target ≤ 1.5x; ${count} PDFs, ${mb.toFixed(1)} MB, ${cells} cells read)`,
  };
}
