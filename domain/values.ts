// The value lists of gongkai's vocabulary, declared once: the database schema (and its CHECK constraints), the
// pipeline's zod contracts, the crawler and the CLI all read them from here. Imports nothing; kept free of drizzle and
// zod so that `gongkai --help` stays fast.

/** Report templates: the 2019 and 2021 national forms, the free-form reports before 2019, or not decided. */
export const TEMPLATES = ['2019', '2021', 'pre2019', 'unknown'] as const;
export type TemplateId = (typeof TEMPLATES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A best … D worst readable, F unreadable. */
export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
export type Grade = (typeof GRADES)[number];

/**
 * What each grade means: the one definition every document and the codebook use (docs/parsed-report.md is checked
 * against it). pipeline/validate/grade.ts decides them.
 */
export const GRADE_MEANINGS: Readonly<Record<Grade, string>> = {
  A: 'complete and consistent: statutory tables 2, 3 and 4 found, no error and no warning',
  B: 'no error but warnings (a blank cell, text that disagrees with a table …), or a pre-2019 report with figures and no error (it has no statutory tables to check)',
  C: 'at least one error: the published tables contradict themselves, or a cell could not be read',
  D: 'incomplete: a statutory table is missing (tables as pictures, 详见附件), the form could not be told, or a pre-2019 report without figures',
  F: 'unreadable: a scan needing OCR, no text, or neither agency nor year',
};

/** The grades in one line, for descriptions: "A complete and consistent … · F unreadable …". */
export function gradeLegend(): string {
  return GRADES.map((g) => `${g} ${GRADE_MEANINGS[g]}`).join(' · ');
}

/** Where a roster entry came from: the division table, the district's site, or a report found elsewhere. */
export const ROSTER_SOURCES = ['division', 'site', 'report'] as const;
export type RosterSource = (typeof ROSTER_SOURCES)[number];

/** The first year coverage expects a report for by default: the 2019 form (国办公开办函〔2019〕60号) made reports comparable. */
export const COVERAGE_FIRST_YEAR = 2019;

/** What coverage says of an expected agency-year. */
export const COVERAGE_STATUSES = ['found', 'unreadable', 'missing'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

export const AGENCY_LEVELS = ['province', 'city', 'county', 'township', 'department', 'other'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/** Levels of the GB/T 2260 division table. */
export const REGION_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** What a document's bytes are (sniffed, never taken from the URL). */
export const DOCUMENT_FORMATS = ['html', 'pdf', 'docx', 'doc', 'wps', 'xls', 'xlsx', 'txt', 'image', 'zip', 'unknown'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** The formats the extractors read into DocText. */
export const SOURCE_FORMATS = ['html', 'txt', 'pdf', 'docx', 'doc', 'wps', 'xls', 'xlsx', 'image'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** quarantined: its reading killed or outlasted the reader again and again; set aside until a forced reparse. */
export const PARSE_STATUSES = ['pending', 'parsed', 'failed', 'needs_ocr', 'not_report', 'quarantined'] as const;
export type ParseStatus = (typeof PARSE_STATUSES)[number];

/**
 * How a document was found: a report's page, a file attached to one, a file linked straight from a list, a file of a
 * researcher's own collection (`gongkai import`: a folder or archive on disk), or an HTML fragment a list API delivered
 * in one of its records (the report's text, with no page of its own), or an image of a report's page (a table pasted
 * as a picture, a scanned page it links): read with that page, in its place, never as a report of its own.
 */
export const SOURCE_KINDS = ['detail', 'attachment', 'file', 'local', 'fragment', 'image'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * What loading did with a document: a report inserted, updated or unchanged; another copy of a report already loaded
 * ('copy': one report, several sources); not a report; unreadable; set aside ('quarantined').
 */
export const LOAD_ACTIONS = ['inserted', 'updated', 'unchanged', 'copy', 'not_report', 'failed', 'quarantined'] as const;
export type LoadAction = (typeof LOAD_ACTIONS)[number];

/**
 * Why reading a document failed: its reader outlasted the deadline, went over its memory cap or died (the three that
 * end the reading thread, and count toward quarantine), or the document was refused (corrupt, encrypted, over a
 * bound: 'unreadable') or broke the parser ('error').
 */
export const READ_FAILURES = ['timeout', 'memory', 'crashed', 'unreadable', 'error'] as const;
export type ReadFailure = (typeof READ_FAILURES)[number];
export const THREAD_KILLING_FAILURES: readonly ReadFailure[] = ['timeout', 'memory', 'crashed'];

/**
 * What a run does: discover and archive ('crawl'), also parse and load ('run'), read the archive again ('reparse'), or
 * archive, parse and load a collection of files from disk ('import').
 */
export const RUN_KINDS = ['crawl', 'run', 'reparse', 'import'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export const RUN_STATUSES = ['running', 'ok', 'partial', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * What one site's crawl came to ('running' only while it runs): ok (reports found), empty (none, and none expected:
 * a warning), partial (reports found, but part of the site could not be read, or the crawl was stopped by a budget or
 * a trap, with the reason), and the failures — failed (none where the registry or an earlier run expects some, or the
 * crawl broke), blocked (a challenge that never clears), unreachable, disallowed (robots.txt), needs_browser (lists
 * built by JavaScript and no browser to run it).
 */
export const SITE_CRAWL_STATUSES = ['running', 'ok', 'empty', 'partial', 'blocked', 'unreachable', 'disallowed', 'needs_browser', 'failed'] as const;
export type SiteCrawlStatus = (typeof SITE_CRAWL_STATUSES)[number];
export type SiteStatus = Exclude<SiteCrawlStatus, 'running'>;
/** The site outcomes that are failures: a run with one is partial (or failed, when no site succeeded). */
export const SITE_FAILURES: readonly SiteStatus[] = ['blocked', 'unreachable', 'disallowed', 'needs_browser', 'failed'];

/** Why a fetch ended as it did; everything but ok and not_modified is a failure with a reason. */
export const FETCH_OUTCOMES = [
  'ok',
  'not_modified',
  'http_error',
  'blocked',
  'robots_disallowed',
  'too_large',
  'private_address',
  'off_site',
  'redirect_loop',
  'timeout',
  'network_error',
  'unsupported',
  'needs_browser',
  'trap',
  'over_budget',
] as const;
export type FetchOutcome = (typeof FETCH_OUTCOMES)[number];
export type FetchFailure = Exclude<FetchOutcome, 'ok' | 'not_modified'>;
