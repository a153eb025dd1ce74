// The agency and year of an imported file that its document does not state: from the file and folder names, then
// from the import flags — and only when the file is recognisably an annual report (its text has a report title, a
// statistical period or a statutory table, or the file's own name says 年报), so that a meeting note filed under
// 潞城镇/2021/ is never loaded as that town's report. Pure: the document's metadata, the hints and the division table in.
import type { RegionIndex } from '../../domain/regions/resolve-region.js';
import type { Finding, LocalNames, ParseHints } from '../types.js';
import { readFilePath } from './file-path.js';
import type { Metadata } from './metadata.js';

/** Year sources that only an annual report has: its title, its statistical period, its opening sentence. */
const REPORT_YEAR_SOURCES = new Set(['title', 'period', 'opening']);

/** What the path and flags name (null when the document was not imported). */
export function localNames(hints: ParseHints): LocalNames | null {
  if (hints.path === undefined && hints.given === undefined) return null;
  const file = hints.path !== undefined ? readFilePath(hints.path) : null;
  return {
    pathAgency: file?.agency ? { value: file.agency.value, part: file.agency.part } : null,
    pathYear: file?.year ? { value: file.year.value, part: file.year.part } : null,
    givenAgency: hints.given?.agency ?? null,
    givenYear: hints.given?.year ?? null,
  };
}

/** The year to decide the template by before the tables are read: the document's, else the path's, else the flag's. */
export function provisionalYear(meta: Metadata, local: LocalNames | null): number | null {
  if (meta.year !== null && meta.yearSource !== 'publication') return meta.year;
  return local?.pathYear?.value ?? local?.givenYear ?? meta.year;
}

/**
 * The division the folders around an imported file name, to settle a place name several divisions share as a crawled
 * document's site does: the folders' names read together with the agency's (通州区/潞城镇 → 北京市通州区潞城镇, where
 * 通州区 and 潞城镇 alone are each two places), else the innermost folder that is exactly one division.
 */
export function regionOfFolders(hints: ParseHints, agencyName: string | null, regions: RegionIndex): string | undefined {
  if (hints.path === undefined) return undefined;
  const outer = readFilePath(hints.path).outer;
  const exact = (name: string) => {
    const r = regions.resolve(name);
    return r.status === 'exact' && r.rest === '' ? r.region.code : undefined;
  };
  for (let from = 0; from < outer.length && agencyName; from++) {
    const code = exact(outer.slice(from).join('') + agencyName);
    if (code) return code;
  }
  for (const name of [...outer].reverse()) {
    const code = exact(name);
    if (code) return code;
  }
  return undefined;
}

function quoted(part: string): string {
  return `"${part}"`;
}

/**
 * Whether a document is an annual report by what it says (a report title, statistical period or opening, read into
 * `meta`; a statutory table or the template's headings, `hasReportTables`) or by the file's own name (年报).
 */
export function isAnnualReport(meta: Metadata, hints: ParseHints, hasReportTables: boolean): boolean {
  return hasReportTables || REPORT_YEAR_SOURCES.has(meta.yearSource ?? '') || (hints.path !== undefined && readFilePath(hints.path).namesReport);
}

/**
 * Fills in `meta` (in place) the agency and the year the document does not state, from `local`, when the document is
 * an annual report (isAnnualReport); records where each came from as an info finding.
 */
export function applyLocalNames(meta: Metadata, local: LocalNames | null, isReport: boolean): void {
  meta.local = local;
  if (!local || !isReport) return;
  const needsAgency = meta.agencyName === null;
  const needsYear = meta.year === null || meta.yearSource === 'publication';
  if (!needsAgency && !needsYear) return;
  const found: Finding[] = [];
  if (needsAgency && local.pathAgency) {
    meta.agencyName = local.pathAgency.value;
    meta.nameSource = 'path';
    found.push({
      rule: 'meta.agency_from_path',
      severity: 'info',
      message: `the document names no agency: "${local.pathAgency.value}" taken from the name ${quoted(local.pathAgency.part)}`,
      keys: [],
    });
  } else if (needsAgency && local.givenAgency) {
    meta.agencyName = local.givenAgency;
    meta.nameSource = 'given';
    found.push({
      rule: 'meta.agency_given',
      severity: 'info',
      message: `neither the document nor its file path names an agency: "${local.givenAgency}" as given to the import (--agency)`,
      keys: [],
    });
  }
  const year = local.pathYear?.value ?? local.givenYear;
  if (needsYear && year != null) {
    // A year read from the file's name or stated on import is better than one assumed from the publication date.
    if (meta.yearSource === 'publication') meta.findings = meta.findings.filter((f) => f.rule !== 'meta.year_from_publication');
    meta.year = year;
    meta.yearSource = local.pathYear ? 'path' : 'given';
    found.push(
      local.pathYear
        ? {
            rule: 'meta.year_from_path',
            severity: 'info',
            message: `the document states no year: ${year} taken from the name ${quoted(local.pathYear.part)}`,
            keys: [],
          }
        : {
            rule: 'meta.year_given',
            severity: 'info',
            message: `neither the document nor its file path states a year: ${year} as given to the import (--year)`,
            keys: [],
          },
    );
  }
  // A missing title was a warning because nothing named the agency and year; now that the path does, it is information.
  if (meta.agencyName !== null && meta.year !== null) {
    meta.findings = meta.findings.map((f) => (f.rule === 'meta.title_missing' ? { ...f, severity: 'info' as const } : f));
  }
  meta.findings.push(...found);
}

/** Why a report cannot be loaded (no agency, no year), said for where it came from: error findings, none when it can be. */
export function missingNames(meta: Metadata, local: LocalNames | null, isReport: boolean): Finding[] {
  const out: Finding[] = [];
  const unused = (offered: string | null, flag: string) =>
    `, and it is not recognisably an annual report (no report title, statistical period or statutory table, no 年报 in its name), so the ${offered} its file path or ${flag} gives was not used`;
  if (meta.agencyName === null) {
    const offered = local?.pathAgency?.value ?? local?.givenAgency ?? null;
    const message = !local
      ? 'no agency named in the document or its link'
      : offered && !isReport
        ? `no agency named in the document${unused(`agency "${offered}"`, '--agency')}`
        : 'no agency named in the document, its file name or folders, or --agency';
    out.push({ rule: 'meta.agency_missing', severity: 'error', message, keys: [] });
  }
  if (meta.year === null) {
    const offered = local?.pathYear?.value ?? local?.givenYear ?? null;
    const message = !local
      ? 'no report year in the document or its link'
      : offered !== null && !isReport
        ? `no report year in the document${unused(`year ${offered}`, '--year')}`
        : 'no report year in the document, its file name or folders, or --year';
    out.push({ rule: 'meta.year_missing', severity: 'error', message, keys: [] });
  }
  return out;
}
