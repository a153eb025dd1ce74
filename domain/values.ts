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

export const PARSE_STATUSES = ['pending', 'parsed', 'failed', 'needs_ocr', 'not_report'] as const;
export type ParseStatus = (typeof PARSE_STATUSES)[number];

/**
 * How a document was found: a report's page, a file attached to one, a file linked straight from a list, or an HTML
 * fragment a list API delivered in one of its records (the report's text, with no page of its own).
 */
export const SOURCE_KINDS = ['detail', 'attachment', 'file', 'fragment'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What loading did with a document: a report inserted, updated or unchanged; not a report; unreadable. */
export const LOAD_ACTIONS = ['inserted', 'updated', 'unchanged', 'not_report', 'failed'] as const;
export type LoadAction = (typeof LOAD_ACTIONS)[number];

/** What a run does: discover and archive ('crawl'), also parse and load ('run'), or read the archive again ('reparse'). */
export const RUN_KINDS = ['crawl', 'run', 'reparse'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export const RUN_STATUSES = ['running', 'ok', 'partial', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * What one site's crawl came to ('running' only while it runs): ok (reports found), empty (none, and none expected:
 * a warning), partial (reports found, but part of the site could not be read), and the failures — failed (none where
 * the registry or an earlier run expects some, or the crawl broke), blocked (a challenge that never clears),
 * unreachable, disallowed (robots.txt), needs_browser (lists built by JavaScript and no browser to run it).
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
] as const;
export type FetchOutcome = (typeof FETCH_OUTCOMES)[number];
export type FetchFailure = Exclude<FetchOutcome, 'ok' | 'not_modified'>;
