// Every format reaches the same DocText shape: PDF, DOCX, DOC and spreadsheet twins of a report give exactly the
// facts, grade and warnings of its HTML golden file; hostile and renamed files end as the right recorded outcome.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../domain/detect-format.js';
import { ExtractError } from '../../pipeline/extract/errors.js';
import { readReport } from '../../pipeline/read-report.js';
import type { Finding, ParsedReport } from '../../pipeline/types.js';
import { cases, REPORTS_DIR } from '../helpers/report-cases.js';

const FORMATS_DIR = path.join(import.meta.dirname, 'formats');

const twins = cases.flatMap((c) =>
  fs
    .readdirSync(path.join(REPORTS_DIR, c))
    .filter((f) => /^source\.(pdf|docx|doc|xlsx|xls)$/.test(f))
    .map((f) => [c, f] as const),
);

/** Errors and warnings are part of "the same report"; info notes about how a layout was read may differ. */
const serious = (findings: Finding[]) =>
  findings
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.severity} ${f.rule} ${[...f.keys].sort().join(',')}`)
    .sort();

describe('twins in other formats read exactly like their HTML/text source', () => {
  it('covers every format with the five seeds among them', () => {
    const formats = new Set(twins.map(([, f]) => path.extname(f)));
    expect([...formats].sort()).toEqual(['.doc', '.docx', '.pdf', '.xls', '.xlsx']);
    expect(twins.filter(([c, f]) => c.startsWith('seed-') && f === 'source.pdf')).toHaveLength(5);
    expect(twins.length).toBeGreaterThanOrEqual(36);
  });

  it.each(twins)('%s/%s', async (name, file) => {
    const golden = JSON.parse(fs.readFileSync(path.join(REPORTS_DIR, name, 'expected.json'), 'utf8')) as ParsedReport;
    const { report, doc } = await readReport(fs.readFileSync(path.join(REPORTS_DIR, name, file)));
    expect(doc.source.format).toBe(path.extname(file).slice(1));
    expect(report.facts).toEqual(golden.facts);
    expect([report.agency.name, report.agency.regionCode, report.year, report.template, report.grade]).toEqual([
      golden.agency.name,
      golden.agency.regionCode,
      golden.year,
      golden.template,
      golden.grade,
    ]);
    expect(serious(report.findings)).toEqual(serious(golden.findings));
  });
});

describe('hostile and renamed documents', () => {
  const read = (file: string, options = {}) => readReport(fs.readFileSync(path.join(FORMATS_DIR, file)), options);

  it('reads a scanned (image-only) PDF by OCR: every number read is the case’s, a doubtful one null and named', async () => {
    // Page 1 of word-2019-department at 60 dpi: the title, the overview and the first rows of table 2.
    const { report, doc } = await read('scanned.pdf', { timeoutMs: 600_000 });
    const expected = (JSON.parse(fs.readFileSync(path.join(REPORTS_DIR, 'word-2019-department', 'expected.json'), 'utf8')) as ParsedReport).facts;
    expect([doc.needsOcr, doc.source.ocrPages, report.agency.name, report.year]).toEqual([undefined, [1], '北京市密云区发展和改革委员会', 2019]);
    const read2 = Object.entries(report.facts).filter(([k, v]) => v !== null && k.startsWith('t2.'));
    expect(read2.filter(([k, v]) => v !== expected[k])).toEqual([]);
    expect(read2.length).toBeGreaterThanOrEqual(10);
    const low = report.findings.find((f) => f.rule === 'ocr.low_confidence')!;
    expect(low.keys.map((k) => [k, report.facts[k], expected[k]])).toEqual([['t2.licensing.change', null, -5]]);
  });

  it('without OCR, marks a scanned PDF as needing OCR, with no facts and grade F', async () => {
    const { report, doc } = await read('scanned.pdf', { ocr: null });
    expect(doc.needsOcr).toBe(true);
    expect(report.facts).toEqual({});
    expect(report.grade).toBe('F');
    expect(report.findings.map((f) => f.rule)).toContain('document.needs_ocr');
  });

  it('without OCR, keeps the agency and year a scanned PDF was linked with', async () => {
    const { report } = await read('scanned.pdf', { ocr: null, hints: { linkText: '北京市密云区发展和改革委员会2019年政府信息公开工作年度报告' } });
    expect([report.agency.name, report.year, report.grade]).toEqual(['北京市密云区发展和改革委员会', 2019, 'F']);
  });

  it.each([
    ['truncated.pdf', 'corrupt'],
    ['encrypted.pdf', 'encrypted'],
  ])('refuses %s as %s', async (file, code) => {
    const err = await read(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect((err as ExtractError).code).toBe(code);
  });

  it('reads an HTML report named .doc as HTML, by its bytes', async () => {
    const { report, doc } = await read('report-html.doc');
    expect([doc.source.format, report.grade, report.facts['t2.penalty.decisions']]).toEqual(['html', 'A', 738]);
  });

  it('reads a 404 page named .pdf as a page that is not a report', async () => {
    const { report, doc } = await read('not-found.pdf');
    expect([doc.source.format, report.grade, report.year, Object.keys(report.facts)]).toEqual(['html', 'F', null, []]);
  });

  it('reads a Word document named .wps', async () => {
    const { report, doc } = await read('report-doc.wps');
    expect([doc.source.format, report.grade]).toEqual(['doc', 'A']);
  });

  it('reads blank cells of a .doc as null with an error, never as 0 (its text loses their positions)', async () => {
    const { report } = await read('blank-cells-2019.doc');
    const t3 = Object.entries(report.facts).filter(([k]) => k.startsWith('t3.'));
    expect(t3.filter(([, v]) => v === 0)).toEqual([]);
    expect(t3.filter(([, v]) => v === null).length).toBeGreaterThan(100);
    expect(report.findings.some((f) => f.rule === 'cells.row_shape' && f.severity === 'error')).toBe(true);
  });

  it('enforces the size, page and time limits', async () => {
    const pdf = fs.readFileSync(path.join(REPORTS_DIR, 'word-2019-department', 'source.pdf'));
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => (e as ExtractError).code,
      );
    expect(await code(readReport(pdf, { maxBytes: 1000 }))).toBe('too_large');
    expect(await code(readReport(pdf, { maxPages: 2 }))).toBe('too_many_pages');
    expect(await code(readReport(pdf, { timeoutMs: 1 }))).toBe('timeout');
  });
});

describe('detectFormat', () => {
  it.each([
    ['reports/word-2019-department/source.pdf', 'pdf'],
    ['reports/word-2019-department/source.docx', 'docx'],
    ['reports/word-2019-department/source.doc', 'doc'],
    ['reports/word-2019-department/source.xlsx', 'xlsx'],
    ['reports/word-2019-department/source.xls', 'xls'],
    ['reports/word-2019-department/source.html', 'html'],
    ['reports/seed-tongzhou-lucheng-2021/source.txt', 'txt'],
    ['formats/report-html.doc', 'html'],
    ['formats/not-found.pdf', 'html'],
    ['formats/report-doc.wps', 'doc'],
  ])('%s is %s', (file, format) => {
    expect(detectFormat(fs.readFileSync(path.join(import.meta.dirname, file)))).toBe(format);
  });

  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], 'image'],
    [[0xff, 0xd8, 0xff, 0xe0], 'image'],
    [[0x50, 0x4b, 0x03, 0x04, 0, 0], 'zip'],
    [[0x00, 0x01, 0x02], 'unknown'],
    [[], 'unknown'],
  ])('%j is %s', (bytes, format) => {
    expect(detectFormat(new Uint8Array(bytes))).toBe(format);
  });
});

describe('the replica attachments read to their ground truth', () => {
  // 23 PDF, DOCX and DOC reports made by LibreOffice for the replica sites: every statutory cell as generated,
  // grade A. (A table row broken by a page break — "2.其他法律行政法规" / "禁止公开" — once left a row blank here.)
  const truth = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'replica', 'ground-truth.json'), 'utf8')) as {
    reports: { site: string; agency: string; year: number; facts: Record<string, number>; attachments: { path: string; format: string }[] }[];
  };
  const files = truth.reports.flatMap((r) =>
    r.attachments.map((a) => {
      const rel = a.path.startsWith('module/download/downfile.jsp') ? `module/download/${new URL(`http://x/${a.path}`).searchParams.get('filename')}` : a.path;
      return [`${r.site}/${rel}`, r] as const;
    }),
  );

  it.each(files)('%s', async (file, r) => {
    const { report } = await readReport(fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'replica', 'sites', file)));
    for (const [key, value] of Object.entries(r.facts)) expect({ key, value: report.facts[key] }).toEqual({ key, value });
    expect([report.agency.name, report.year, report.grade]).toEqual([r.agency, r.year, 'A']);
  });
});
