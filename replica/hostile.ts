// The hostile corpus of issue 15, built in memory at any scale (1 = the sizes the red team used): every document
// that once stopped a run (bombs of cells, merged ranges, paragraphs, path and text operators) and the ones that held,
// beside good reports, served by replica sites with the crawl traps (a page nested 100,000 deep, a calendar, a list
// of 1,500 report links). For the tests and `npm run bench -- hostile`; nothing here is read by the product.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import type { SiteConfigInput } from '../crawlers/types.js';
import { generateReport, type ReportSpec } from './generate-report.js';
import { renderHtml } from './render-report.js';

export interface HostileDocument {
  /** Stable name: the file name on the hostile site and the row of the bench. */
  id: string;
  what: string;
  /** The extension it is served with (the format is read from the bytes all the same). */
  ext: 'html' | 'docx' | 'xlsx' | 'pdf' | 'doc';
  bytes: Buffer;
  /** Held before issue 15 (refused or read safely); kept so that it keeps holding. */
  held: boolean;
}

// ---------------------------------------------------------------------------------------------------- containers

interface ZipEntry {
  name: string;
  /** The content, or a chunk repeated `repeat` times (so that a 300 MB part is never held in memory). */
  data: Buffer;
  repeat?: number;
  head?: Buffer;
  tail?: Buffer;
}

/**
 * Raw deflate of head + chunk × repeat + tail without building that text: each piece is deflated alone and ended with
 * a sync flush (non-final blocks may follow one another), the chunk once and its blocks repeated, then a final empty
 * block. Returns the deflated bytes, the inflated size and the parts (for checksums).
 */
function deflateRepeated(head: Buffer, chunk: Buffer, repeat: number, tail: Buffer): { raw: Buffer; size: number } {
  const piece = (b: Buffer) => (b.length ? zlib.deflateRawSync(b, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH }) : Buffer.alloc(0));
  const body = piece(chunk);
  const raw = Buffer.concat([piece(head), ...Array.from({ length: repeat }, () => body), piece(tail), zlib.deflateRawSync(Buffer.alloc(0))]);
  return { raw, size: head.length + chunk.length * repeat + tail.length };
}

function eachPart(e: { head?: Buffer; data: Buffer; repeat?: number; tail?: Buffer }, fn: (b: Buffer) => void): void {
  if (e.head) fn(e.head);
  for (let i = 0; i < (e.repeat ?? 1); i++) fn(e.data);
  if (e.tail) fn(e.tail);
}

/** A ZIP archive (deflated entries, honest sizes and CRCs): DOCX and XLSX are such archives. */
export function zipArchive(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    let crc = 0;
    eachPart(e, (b) => {
      crc = zlib.crc32(b, crc);
    });
    const { raw: compressed, size } = deflateRepeated(e.head ?? Buffer.alloc(0), e.data, e.repeat ?? 1, e.tail ?? Buffer.alloc(0));
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(compressed.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + name.length + compressed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A zlib stream (FlateDecode in a PDF) of chunk × repeat: header, raw deflate, Adler-32 of the inflated bytes. */
function zlibRepeated(chunk: Buffer, repeat: number): Buffer {
  let a = 1;
  let b = 0;
  for (let i = 0; i < repeat; i++) {
    for (let k = 0; k < chunk.length; k++) {
      a = (a + chunk[k]!) % 65521;
      b = (b + a) % 65521;
    }
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), deflateRepeated(Buffer.alloc(0), chunk, repeat, Buffer.alloc(0)).raw, adler]);
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A DOCX whose document part is `body` (head + chunk × repeat + tail). */
function docx(body: { head: string; chunk: string; repeat: number; tail: string }, prolog = ''): Buffer {
  return zipArchive([
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
    },
    {
      name: 'word/document.xml',
      head: Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${prolog}${body.head}`),
      data: Buffer.from(body.chunk),
      repeat: body.repeat,
      tail: Buffer.from(body.tail),
    },
  ]);
}

/** An XLSX of one sheet whose XML is `sheet` (head + chunk × repeat + tail). */
function xlsx(sheet: { head: string; chunk: string; repeat: number; tail: string }): Buffer {
  const S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  return zipArchive([
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
    },
    { name: 'xl/workbook.xml', data: xml(`<workbook ${S} ${R}><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      head: Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${S} ${R}>${sheet.head}`),
      data: Buffer.from(sheet.chunk),
      repeat: sheet.repeat,
      tail: Buffer.from(`${sheet.tail}</worksheet>`),
    },
  ]);
}

/** A one-page PDF (Helvetica, A4) whose content stream is `chunk` × `repeat`, deflated. */
function pdf(chunk: string, repeat: number): Buffer {
  const stream = zlibRepeated(Buffer.from(chunk, 'latin1'), repeat);
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>'),
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(offset);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    parts.push(b);
    offset += b.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------------- documents

/** Path operators: horizontal and vertical strokes over the page, the ruling of a table no one could read. */
function pathChunk(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const at = 20 + ((i * 7) % 800) + (i % 10) / 10;
    out.push(i % 2 ? `${at.toFixed(1)} 20 m ${at.toFixed(1)} 820 l S` : `20 ${at.toFixed(1)} m 575 ${at.toFixed(1)} l S`);
  }
  return `${out.join('\n')}\n`;
}

/** Text operators: one glyph per show, each at its own place. */
function textChunk(items: number): string {
  const out: string[] = ['BT /F1 6 Tf'];
  for (let i = 0; i < items; i++) out.push(`1 0 0 1 ${20 + ((i * 13) % 540)} ${20 + ((i * 7) % 800)} Tm (${String.fromCharCode(65 + (i % 26))}) Tj`);
  out.push('ET');
  return `${out.join('\n')}\n`;
}

/**
 * The corpus at `scale` (1 = the red team's sizes: a 482 KB colspan page, a DOCX of 300 MB of paragraphs, 200,000
 * merged ranges, a PDF of path operators to 7.5 GB, one of text operators). Deterministic.
 */
export function hostileDocuments(scale = 1): HostileDocument[] {
  const n = (full: number, min = 1) => Math.max(min, Math.round(full * scale));
  const docs: HostileDocument[] = [];
  // 20,000 cells of colspan=200 in one row, then 100 rows: 4,000,000 columns × 101 rows once spans are expanded.
  const cells = n(20_000, 200);
  docs.push({
    id: 'colspan-html',
    what: `HTML table: ${cells} cells with colspan=200, then 100 rows`,
    ext: 'html',
    held: false,
    bytes: Buffer.from(
      `<html><head><meta charset="utf-8"><title>某区2023年政府信息公开工作年度报告</title></head><body><div class="TRS_Editor"><p>本年新收政府信息公开申请</p><table><tr>${'<td colspan=200>x</td>'.repeat(cells)}</tr>${'<tr><td>1</td><td>2</td></tr>'.repeat(100)}</table></div></body></html>`,
    ),
  });
  // A report page whose article sits 100,000 <div>s deep (at every scale: the depth is the bomb, 1.1 MB): a DOM parser
  // spends ~100 s on it, the crawler reading its metadata included.
  const depth = 100_000;
  docs.push({
    id: 'deep-html',
    what: `HTML report page: its article nested ${depth} <div>s deep`,
    ext: 'html',
    held: false,
    bytes: Buffer.from(
      `<html><head><meta charset="utf-8"><title>某区2023年政府信息公开工作年度报告</title></head><body>${'<div>'.repeat(depth)}<p>本年新收政府信息公开申请</p><a href="/files/none.pdf">附件</a>${'</div>'.repeat(depth)}</body></html>`,
    ),
  });
  // Each deflated piece stands alone, so a piece must hold its own repetition: about 1 MB of paragraphs per piece.
  const paragraph = '<w:p><w:r><w:t>本年新收政府信息公开申请数量</w:t></w:r></w:p>'.repeat(8192);
  const megabytes = n(300, 1);
  docs.push({
    id: 'paragraphs-docx',
    what: `DOCX: ${megabytes} MB of paragraphs in word/document.xml`,
    ext: 'docx',
    held: false,
    bytes: docx({
      head: `<w:document ${W}><w:body>`,
      chunk: paragraph,
      repeat: Math.ceil((megabytes * 1048576) / Buffer.byteLength(paragraph)),
      tail: '</w:body></w:document>',
    }),
  });
  const merges = Math.ceil(n(200_000, 1000) / 1000) * 1000;
  docs.push({
    id: 'merges-xlsx',
    what: `XLSX: ${merges} mergeCells over the whole sheet`,
    ext: 'xlsx',
    held: false,
    bytes: xlsx({
      head: '<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>本年新收</t></is></c></row></sheetData>',
      chunk: '<mergeCell ref="A1:XFD1048576"/>'.repeat(1000),
      repeat: Math.ceil(merges / 1000),
      tail: '',
    }),
  });
  // The red team's 777 KB and 576 KB files: millions of strokes and of text shows on one page (repeated pieces of
  // about 1 MB of content each, which deflate ~100:1).
  const strokes = Math.ceil(n(2_500_000, 40_000) / 40_000) * 40_000;
  const pathPiece = pathChunk(1000).repeat(40);
  docs.push({ id: 'paths-pdf', what: `PDF: ${strokes} stroked lines on one page`, ext: 'pdf', held: false, bytes: pdf(pathPiece, strokes / 40_000) });
  const glyphs = Math.ceil(n(1_200_000, 20_000) / 20_000) * 20_000;
  const textPiece = textChunk(1000).repeat(20);
  docs.push({ id: 'text-pdf', what: `PDF: ${glyphs} text shows on one page`, ext: 'pdf', held: false, bytes: pdf(textPiece, glyphs / 20_000) });
  // Held before: entity expansion and external entities (the XML reader expands neither), corrupt files.
  const laughs = [
    '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`),
    ']>',
  ].join('');
  docs.push({
    id: 'laughs-docx',
    what: 'DOCX: a billion laughs (nine levels of entities)',
    ext: 'docx',
    held: true,
    bytes: docx({ head: `<w:document ${W}><w:body><w:p><w:r><w:t>`, chunk: '&j;', repeat: 1, tail: '</w:t></w:r></w:p></w:body></w:document>' }, laughs),
  });
  docs.push({
    id: 'entity-docx',
    what: 'DOCX: an external entity naming /etc/passwd',
    ext: 'docx',
    held: true,
    bytes: docx(
      { head: `<w:document ${W}><w:body><w:p><w:r><w:t>`, chunk: '&x;', repeat: 1, tail: '</w:t></w:r></w:p></w:body></w:document>' },
      '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ),
  });
  const truncated = pdf(textChunk(50), 1);
  docs.push({ id: 'corrupt-pdf', what: 'PDF: cut off after its first 300 bytes', ext: 'pdf', held: true, bytes: truncated.subarray(0, 300) });
  // An OLE compound file header followed by garbage: a .doc that is not one.
  const ole = Buffer.alloc(4096, 0x41);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
  docs.push({ id: 'corrupt-doc', what: 'DOC: an OLE header over garbage', ext: 'doc', held: true, bytes: ole });
  return docs;
}

// ---------------------------------------------------------------------------------------------------- sites

export interface HostileSiteOptions {
  scale?: number;
  /** Delay written into the site configurations. */
  delayMs?: number;
  /** Depth of the deep page (the red team's: 100,000). */
  depth?: number;
  /** Report links on the long list page (the red team's: 1,500). */
  links?: number;
  /** The first day the calendar shows (default: 2020-01-01, so that it runs forward for years). */
  calendarStart?: string;
}

export interface HostileSites {
  sites: { id: string; origin: string; config: SiteConfigInput }[];
  documents: HostileDocument[];
  /** The good reports served beside the hostile documents, with what they say. */
  good: { url: string; spec: ReportSpec }[];
  /** Requests per site (path → count). */
  hits: Map<string, Map<string, number>>;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const page = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>${body}</body></html>`;
const reportTitle = (agency: string, year: number) => `${agency}${year}年政府信息公开工作年度报告`;

async function serve(handler: (url: URL, req: http.IncomingMessage, res: http.ServerResponse) => void, counts: Map<string, number>) {
  const server = http.createServer((req, res) => {
    counts.set(req.url ?? '/', (counts.get(req.url ?? '/') ?? 0) + 1);
    const url = new URL(req.url ?? '/', 'http://x');
    try {
      handler(url, req, res);
    } catch (err) {
      res.writeHead(500);
      res.end(String(err));
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function send(res: http.ServerResponse, body: string | Buffer, type = 'text/html; charset=utf-8'): void {
  res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const TYPES: Record<HostileDocument['ext'], string> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  doc: 'application/msword',
};

/**
 * Four sites on 127.0.0.1: `hostile-docs` (a list of good reports and every hostile document: an HTML one as the
 * report page itself, the others as the attachment of their own report page), `hostile-deep` (the entry page nested
 * `depth` deep around its report links), `hostile-calendar` (a calendar whose » link goes on day after day) and
 * `hostile-links` (a list of `links` report links and 下一页).
 */
export async function startHostileSites(options: HostileSiteOptions = {}): Promise<HostileSites> {
  const documents = hostileDocuments(options.scale ?? 1);
  const depth = options.depth ?? 100_000;
  const links = options.links ?? 1500;
  const delayMs = options.delayMs ?? 0;
  const hits = new Map<string, Map<string, number>>();
  const counts = (id: string) => {
    const m = new Map<string, number>();
    hits.set(id, m);
    return m;
  };
  const good: { url: string; spec: ReportSpec }[] = [];
  const goodAgencies = ['北京市密云区溪翁庄镇人民政府', '北京市密云区穆家峪镇人民政府', '北京市密云区教育委员会'];
  const specs = goodAgencies.map((a, i) => generateReport(1500 + i, a, 2023));

  // hostile-docs: each document (good or hostile) has a report page that links it as an attachment.
  const docs = await serve((url, _req, res) => {
    const p = url.pathname;
    if (p === '/' || p === '/index.html') {
      const items = [
        ...specs.map((s, i) => `<li><a href="/good/${i}.html" title="${esc(reportTitle(s.agency, s.year))}">${esc(reportTitle(s.agency, s.year))}</a></li>`),
        ...documents.map(
          (d, i) =>
            `<li><a href="/bad/${d.id}.html" title="${esc(reportTitle(`某县第${i + 1}单位`, 2023))}">${esc(reportTitle(`某县第${i + 1}单位`, 2023))}</a></li>`,
        ),
      ];
      return send(res, page(`<div class="list"><ul>${items.join('')}</ul></div>`));
    }
    const g = /^\/good\/(\d+)\.html$/.exec(p);
    if (g && specs[Number(g[1])]) return send(res, renderHtml(specs[Number(g[1])]!, { chrome: true }));
    const bad = /^\/bad\/([\w-]+)\.html$/.exec(p);
    const doc = bad ? documents.find((d) => d.id === bad[1]) : undefined;
    // An HTML bomb is the report page itself (the article is the bomb), as a site would serve it; the others are its
    // attachment.
    if (doc?.ext === 'html') return send(res, doc.bytes);
    if (doc) {
      return send(
        res,
        page(`<div class="TRS_Editor"><p>全文见附件。</p><p><a href="/files/${doc.id}.${doc.ext}">${esc(reportTitle('某县', 2023))}.${doc.ext}</a></p></div>`),
      );
    }
    const file = /^\/files\/([\w-]+)\.\w+$/.exec(p);
    const f = file ? documents.find((d) => d.id === file[1]) : undefined;
    if (f) return send(res, f.bytes, TYPES[f.ext]);
    res.writeHead(404);
    res.end();
  }, counts('hostile-docs'));
  specs.forEach((s, i) => good.push({ url: `${docs.origin}/good/${i}.html`, spec: s }));

  // hostile-deep: the entry page's report links sit inside `depth` nested <div>s.
  const deepSpec = generateReport(1600, '北京市密云区不老屯镇人民政府', 2023);
  const deep = await serve((url, _req, res) => {
    if (url.pathname === '/') {
      const link = `<a href="/report.html" title="${esc(reportTitle(deepSpec.agency, deepSpec.year))}">${esc(reportTitle(deepSpec.agency, deepSpec.year))}</a>`;
      return send(res, `<!DOCTYPE html><html><body>${'<div>'.repeat(depth)}${link}${'</div>'.repeat(depth)}</body></html>`);
    }
    if (url.pathname === '/report.html') return send(res, renderHtml(deepSpec, { chrome: true }));
    res.writeHead(404);
    res.end();
  }, counts('hostile-deep'));
  good.push({ url: `${deep.origin}/report.html`, spec: deepSpec });

  // hostile-calendar: a report link, and » to the next day, for ever.
  const start = Date.parse(`${options.calendarStart ?? '2020-01-01'}T00:00:00Z`);
  const calendar = await serve((url, _req, res) => {
    if (url.pathname !== '/calendar/') {
      res.writeHead(404);
      return res.end();
    }
    const day = url.searchParams.get('date') ?? new Date(start).toISOString().slice(0, 10);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return send(res, page(`<table class="calendar"><tr><td>${day}</td></tr></table><p><a href="/calendar/?date=${next}">»</a></p>`));
  }, counts('hostile-calendar'));

  // hostile-links: a list of `links` report entries (each a page with an attachment) and 下一页 to one more such list.
  const long = await serve((url, _req, res) => {
    const list = /^\/list(\d*)\.html$/.exec(url.pathname);
    if (url.pathname === '/' || list) {
      const n = list?.[1] ? Number(list[1]) : 0;
      const items = Array.from({ length: links }, (_, i) => {
        const id = n * links + i;
        return `<li><a href="/r/${id}.html" title="${esc(reportTitle(`某县第${id}单位`, 2023))}">${esc(reportTitle(`某县第${id}单位`, 2023))}</a></li>`;
      });
      return send(res, page(`<ul>${items.join('')}</ul><a href="/list${n + 1}.html">下一页</a>`));
    }
    const r = /^\/r\/(\d+)\.html$/.exec(url.pathname);
    if (r) return send(res, page(`<div class="TRS_Editor"><p>全文见附件。</p><a href="/f/${r[1]}.pdf">附件</a></div>`));
    if (/^\/f\/\d+\.pdf$/.test(url.pathname)) return send(res, pdf(textChunk(5), 1), 'application/pdf');
    res.writeHead(404);
    res.end();
  }, counts('hostile-links'));

  const config = (id: string, name: string, origin: string, entry: string): { id: string; origin: string; config: SiteConfigInput } => ({
    id,
    origin,
    config: { id, name, regionCode: null, entry: [`${origin}${entry}`], pattern: 'generic', delayMs, maxDepth: 1 },
  });
  const servers = [docs, deep, calendar, long];
  return {
    sites: [
      config('hostile-docs', '某县人民政府', docs.origin, '/'),
      config('hostile-deep', '北京市密云区不老屯镇人民政府', deep.origin, '/'),
      config('hostile-calendar', '某县人民政府日历', calendar.origin, '/calendar/'),
      config('hostile-links', '某县人民政府列表', long.origin, '/'),
    ],
    documents,
    good,
    hits,
    async close() {
      for (const s of servers) s.server.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((r) => s.server.close(() => r(undefined)))));
    },
  };
}
