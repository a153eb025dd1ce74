// The parser's report cases (test/pipeline/reports/<case>/): reading a case and checking it against checked.json.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { readReport } from '../../pipeline/read-report.js';
import type { ParsedReport } from '../../pipeline/types.js';

export const REPORTS_DIR = path.join(import.meta.dirname, '..', 'pipeline', 'reports');

export interface Checked {
  agency_contains?: string;
  year?: number;
  template?: string;
  grade?: string;
  /** Every statutory cell the parser returns is listed in `facts` (none extra). */
  complete?: boolean;
  findings?: { severity: string; rule: string; keys?: string[]; message?: string }[];
  facts: Record<string, number | null>;
}

interface SourceInfo {
  url?: string;
  contentType?: string;
  linkText?: string;
  regionCode?: string;
  note: string;
}

export const cases = fs
  .readdirSync(REPORTS_DIR)
  .filter((d) => fs.existsSync(path.join(REPORTS_DIR, d, 'source.json')))
  .sort();

/**
 * The primary source of a case (html or txt; a PDF when the case is a PDF only, as a PDF text layer without ruling
 * lines has no HTML original); other formats of the same report are its twins (see formats test).
 */
export function primarySource(dir: string): string {
  const files = fs.readdirSync(dir);
  const file = files.find((f) => /^source\.(html|txt)$/.test(f)) ?? files.find((f) => f === 'source.pdf');
  if (!file) throw new Error(`${dir} has no source.html, source.txt or source.pdf`);
  return path.join(dir, file);
}

export async function parseCase(dir: string, file = primarySource(dir)): Promise<ParsedReport> {
  const info = JSON.parse(fs.readFileSync(path.join(dir, 'source.json'), 'utf8')) as SourceInfo;
  const hints = {
    ...(info.url ? { url: info.url } : {}),
    ...(info.linkText ? { linkText: info.linkText } : {}),
    ...(info.regionCode ? { regionCode: info.regionCode } : {}),
  };
  const { report } = await readReport(fs.readFileSync(file), { contentType: info.contentType ?? null, hints });
  return report;
}

export function checkAgainstHandChecked(report: ParsedReport, checked: Checked): void {
  for (const [key, value] of Object.entries(checked.facts)) {
    expect({ key, value: report.facts[key] }).toEqual({ key, value });
  }
  if (checked.complete) {
    const extra = Object.keys(report.facts).filter((k) => /^(t[234]|s6)\./.test(k) && !(k in checked.facts));
    expect(extra).toEqual([]);
  }
  if (checked.agency_contains) expect(report.agency.name).toContain(checked.agency_contains);
  if (checked.year) expect(report.year).toBe(checked.year);
  if (checked.template) expect(report.template).toBe(checked.template);
  if (checked.grade) expect(report.grade).toBe(checked.grade);
  for (const f of checked.findings ?? []) {
    const match = report.findings.find(
      (x) =>
        x.rule === f.rule &&
        x.severity === f.severity &&
        (f.keys ?? []).every((k) => x.keys.includes(k)) &&
        (f.message === undefined || x.message.includes(f.message)),
    );
    expect(match, `finding ${f.severity} ${f.rule} ${f.keys?.join(',') ?? ''} ${f.message ?? ''}`).toBeDefined();
  }
  // No error or warning beyond the ones checked by hand.
  const allowed = new Set((checked.findings ?? []).map((f) => `${f.severity} ${f.rule}`));
  const unexpected = report.findings.filter((f) => f.severity !== 'info' && !allowed.has(`${f.severity} ${f.rule}`));
  expect(unexpected).toEqual([]);
}
