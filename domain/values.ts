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

/** quarantined: its reading killed or outlasted the reader again and again; set aside until a forced reparse. */
export const PARSE_STATUSES = ['pending', 'parsed', 'failed', 'needs_ocr', 'not_report', 'quarantined'] as const;
export type ParseStatus = (typeof PARSE_STATUSES)[number];

/** How a document was found: a report's page, a file attached to one, a file linked straight from a list. */
export const SOURCE_KINDS = ['detail', 'attachment', 'file'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What loading did with a document: a report inserted, updated or unchanged; not a report; unreadable; set aside. */
export const LOAD_ACTIONS = ['inserted', 'updated', 'unchanged', 'not_report', 'failed', 'quarantined'] as const;
export type LoadAction = (typeof LOAD_ACTIONS)[number];

/**
 * Why reading a document failed: its reader outlasted the deadline, went over its memory cap or died (the three that
 * end the reading thread, and count toward quarantine), or the document was refused (corrupt, encrypted, over a
 * bound: 'unreadable') or broke the parser ('error').
 */
export const READ_FAILURES = ['timeout', 'memory', 'crashed', 'unreadable', 'error'] as const;
export type ReadFailure = (typeof READ_FAILURES)[number];
export const THREAD_KILLING_FAILURES: readonly ReadFailure[] = ['timeout', 'memory', 'crashed'];

/** What a run does: discover and archive ('crawl'), also parse and load ('run'), or read the archive again ('reparse'). */
export const RUN_KINDS = ['crawl', 'run', 'reparse'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export const RUN_STATUSES = ['running', 'ok', 'partial', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What one site's crawl came to ('running' only while it runs; 'partial': stopped by a budget or a trap, with the reason). */
export const SITE_CRAWL_STATUSES = ['running', 'ok', 'partial', 'empty', 'blocked', 'unreachable', 'disallowed', 'failed'] as const;
export type SiteCrawlStatus = (typeof SITE_CRAWL_STATUSES)[number];
export type SiteStatus = Exclude<SiteCrawlStatus, 'running'>;

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
  'trap',
  'over_budget',
] as const;
export type FetchOutcome = (typeof FETCH_OUTCOMES)[number];
export type FetchFailure = Exclude<FetchOutcome, 'ok' | 'not_modified'>;
