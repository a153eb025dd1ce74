// OCR end to end on scans made from generated reports (make-fixtures.ts): a scanned PDF and a table pasted in an HTML
// article decoded to the exact cells, sealed cells null with ocr.low_confidence and never a wrong number, signed cells
// held to their higher confidence, positions in provenance, no OCR → needs_ocr with the reason, and OCR in a worker.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { ocrProvider } from '../../../pipeline/ocr-engine.js';
import { SIGNED_CONFIDENCE } from '../../../pipeline/parse/positions.js';
import { type ReadResult, readReport } from '../../../pipeline/read-report.js';
import type { ParsedReport } from '../../../pipeline/types.js';
import { imagePdf } from '../../../replica/scan-report.js';

const DIR = import.meta.dirname;
const read = (f: string) => fs.readFileSync(path.join(DIR, f));
const truth = JSON.parse(read('truth.json').toString()) as Record<'a' | 'b', { agency: string; year: number; template: string; facts: Record<string, number> }>;
const tableKeys = (r: ParsedReport, prefix = 't') => Object.keys(r.facts).filter((k) => k.startsWith(prefix));
/** The report's reading of every fact the generator printed in the tables (t2, t3, t4 and the 2021 fee section). */
const readingOf = (r: ParsedReport, facts: Record<string, number>) => Object.fromEntries(Object.keys(facts).map((k) => [k, r.facts[k] ?? null]));

/** Facts read non-null that differ from what the page printed: must always be empty. */
function wrong(r: ParsedReport, facts: Record<string, number>): string[] {
  return Object.entries(r.facts)
    .filter(([k, v]) => v !== null && k in facts && v !== facts[k])
    .map(([k, v]) => `${k}: read ${v}, printed ${facts[k]}`);
}

describe('OCR into the decoder', { timeout: 600_000 }, () => {
  let scan: ReadResult;
  let sealed: ReadResult;
  let signed: ReadResult;
  beforeAll(async () => {
    const pdf = await imagePdf(
      [1, 2, 3, 4].map((n) => read(`a-page-${n}.jpg`)),
      150,
    );
    scan = await readReport(pdf, { timeoutMs: 600_000 });
    sealed = await readReport(read('b-page-3-sealed.jpg'), { timeoutMs: 600_000 });
    signed = await readReport(read('b-page-2-sealed.jpg'), { timeoutMs: 600_000 });
  }, 900_000);

  it('reads a scanned PDF (four JPEG pages, noise, 1.2° skew) to the exact cells of all three tables', () => {
    const r = scan.report;
    expect(scan.doc.needsOcr).toBeUndefined();
    expect(scan.doc.source.ocrPages).toEqual([1, 2, 3, 4]);
    // The pages' pixels as scanned (the JPEGs are 1755 or 1756 rows high after their skew): boxes refer to them.
    expect(scan.doc.source.pageSizes).toEqual([1755, 1756, 1755, 1756].map((height) => ({ width: 1241, height, unit: 'px' })));
    expect([r.agency.name, r.year, r.template]).toEqual([truth.a.agency, truth.a.year, truth.a.template]);
    expect(r.tables).toEqual({ t2: true, t3: true, t4: true });
    expect(readingOf(r, truth.a.facts)).toEqual(truth.a.facts);
    expect(r.findings.map((f) => f.rule)).toContain('ocr.read');
  });

  it('puts each OCR fact at its page and cell box, with its confidence', () => {
    const p = scan.report.provenance['t3.new_received.total']!;
    expect(p).toMatchObject({ page: 3, ocr: true, method: 'grid' });
    expect('box' in p && p.box).toHaveLength(4);
    const [x0, y0, x1, y1] = (p as { box: number[] }).box;
    // The 总计 column is the table's last, towards the right of the page; the row is near the table's top.
    expect(x0).toBeGreaterThan(900);
    expect(x1).toBeLessThan(1241);
    expect(y0).toBeGreaterThan(150);
    expect(y1).toBeLessThan(700);
    expect((p as { conf: number }).conf).toBeGreaterThanOrEqual(0.9);
    // A figure of the overview paragraph: its page, read by OCR.
    expect(scan.report.provenance['n.applications_received']).toMatchObject({ page: 1, ocr: true, method: 'text' });
  });

  it('leaves cells under a red seal null with ocr.low_confidence, and reads no number wrong', () => {
    const r = sealed.report;
    expect(wrong(r, truth.b.facts)).toEqual([]);
    const low = r.findings.find((f) => f.rule === 'ocr.low_confidence');
    expect(low?.keys.length).toBeGreaterThan(0);
    for (const k of low!.keys) {
      expect(r.facts[k], k).toBeNull();
      expect(truth.b.facts[k], k).toEqual(expect.any(Number));
    }
    // The rest of table 3 is read: most cells exact.
    const exact = tableKeys(r, 't3').filter((k) => r.facts[k] === truth.b.facts[k]);
    expect(exact.length).toBeGreaterThan(120);
  });

  it(`keeps a signed cell (本年增/减) only at confidence ≥ ${SIGNED_CONFIDENCE}`, () => {
    const r = signed.report;
    expect(wrong(r, truth.b.facts)).toEqual([]);
    const changes = tableKeys(r, 't2').filter((k) => k.endsWith('.change'));
    expect(changes.length).toBeGreaterThan(0);
    // Every signed cell kept was read at ≥ SIGNED_CONFIDENCE; the others are null.
    const kept = changes.filter((k) => r.facts[k] !== null);
    expect(kept.map((k) => [k, (r.provenance[k] as { conf?: number }).conf! >= SIGNED_CONFIDENCE])).toEqual(kept.map((k) => [k, true]));
    const low = r.findings.find((f) => f.rule === 'ocr.low_confidence')!;
    expect(low.keys.filter((k) => k.endsWith('.change')).length).toBeGreaterThan(0);
  });

  it('grants each OCR page its own time: a limit shorter than one page reads the page, and times out without the allowance', async () => {
    // One page costs 1–2 CPU seconds (less on a fast machine): 300 ms alone would not do, 300 ms plus the page's
    // allowance does. (1.5 s was too close to a page's own time: a fast page read within it.)
    const bytes = read('b-page-2-sealed.jpg');
    const { report } = await readReport(bytes, { timeoutMs: 300, ocrPageMs: 600_000 });
    expect(report.facts).toEqual(signed.report.facts);
    await expect(readReport(bytes, { timeoutMs: 300, ocrPageMs: 0 })).rejects.toMatchObject({ code: 'timeout' });
  });

  it('reads tables pasted as pictures into an HTML article, in place, with the images handed in by src', async () => {
    const html = `<html><head><meta charset="utf-8"><title>${truth.a.agency}${truth.a.year}年政府信息公开工作年度报告</title></head><body>
<div class="TRS_Editor"><p>${truth.a.agency}${truth.a.year}年政府信息公开工作年度报告</p><p>一、总体情况</p><p>全年工作情况如下。</p>
<p><img src="./W020230115.jpg"></p><p><img src="/images/t3.jpg" width="600"></p><p><img src="t4.jpg"></p><img src="logo.png"></div></body></html>`;
    const images = new Map([
      ['./W020230115.jpg', read('a-page-2.jpg')],
      ['/images/t3.jpg', read('a-page-3.jpg')],
      ['t4.jpg', read('a-page-4.jpg')],
    ]);
    const { doc, report } = await readReport(Buffer.from(html), { images, timeoutMs: 600_000 });
    expect(doc.source.pageImages).toEqual(['./W020230115.jpg', '/images/t3.jpg', 't4.jpg']);
    expect(doc.source.images).toBe(4);
    expect(report.tables).toEqual({ t2: true, t3: true, t4: true });
    // The same pages as the scanned PDF, decoded from the JPEGs themselves (not re-rendered): no number wrong, the
    // doubtful ones null and named.
    expect(wrong(report, truth.a.facts)).toEqual([]);
    const named = new Set(report.findings.flatMap((f) => f.keys));
    const nulls = Object.keys(truth.a.facts).filter((k) => report.facts[k] === null);
    expect(nulls.filter((k) => !named.has(k))).toEqual([]);
    expect(nulls.length).toBeLessThanOrEqual(4);
    expect(report.provenance['t4.review.total']).toMatchObject({ page: 3, ocr: true });
  });
});

describe('without OCR', () => {
  it('an image stays needs_ocr and says why', async () => {
    const { doc, report } = await readReport(read('b-page-2-sealed.jpg'), { ocr: null });
    expect(doc.needsOcr).toBe(true);
    expect(report.facts).toEqual({});
    const f = report.findings.find((x) => x.rule === 'document.needs_ocr')!;
    expect(f.message).toContain('OCR is not available in this reader');
  });

  it('a scanned PDF stays needs_ocr when the model files are missing, naming the missing file', async () => {
    const pdf = await imagePdf([read('a-page-2.jpg')], 150);
    const { doc, report } = await readReport(pdf, { ocr: ocrProvider('/nonexistent/ocr-models') });
    expect(doc.needsOcr).toBe(true);
    expect(report.findings.find((x) => x.rule === 'document.needs_ocr')!.message).toContain(
      'OCR could not start: the OCR model file /nonexistent/ocr-models/ch_PP-OCRv4_rec_infer.onnx is missing',
    );
  });
});

describe('OCR in a worker thread', () => {
  it('loads the model in the worker and reads the same facts as the main thread', { timeout: 600_000 }, async () => {
    const bytes = read('b-page-2-sealed.jpg');
    const inWorker = await new Promise<{ facts: Record<string, number | null>; rules: string[] }>((resolve, reject) => {
      const w = new Worker(new URL('./read-in-worker.mjs', import.meta.url), {
        workerData: { bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      });
      w.once('message', resolve);
      w.once('error', reject);
    });
    const { report } = await readReport(bytes, { timeoutMs: 600_000 });
    expect(inWorker.facts).toEqual(report.facts);
    expect(inWorker.rules).toContain('ocr.low_confidence');
  });
});
