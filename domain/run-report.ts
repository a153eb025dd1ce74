// The shape of a collection run's report (plan, per-site crawl counts, parse and load counts, grades, findings) and
// the one rule that turns per-site outcomes into a run status. Built from the database by db/queries/run-report.ts
// the same way whether the run was done in this process or by workers; printed by the CLI. Pure.
import { type RunStatus, SITE_FAILURES, type SiteStatus } from './values.js';

/** What one site's crawl found, as the crawler records it in site_crawls. */
export interface SiteCrawlSummary {
  siteId: string;
  status: SiteStatus;
  /** List pages read. */
  pages: number;
  /** Requests of every kind (the budget's count). */
  requests: number;
  reportsFound: number;
  documentsNew: number;
  documentsChanged: number;
  documentsUnchanged: number;
  bytesDownloaded: number;
  errors: number;
  errorsByOutcome: Record<string, number>;
  lookAlikes: number;
  unmatched: number;
  /** List pages run in the browser (JavaScript-built lists); 0 when none was needed. */
  pagesRendered: number;
  message: string | null;
  durationMs: number;
}

export interface CrawlReport {
  runId: number;
  sites: SiteCrawlSummary[];
  totals: {
    sites: number;
    pages: number;
    requests: number;
    reportsFound: number;
    documentsNew: number;
    documentsChanged: number;
    documentsUnchanged: number;
    bytesDownloaded: number;
    errors: number;
  };
  byStatus: Record<string, number>;
}

/** A document a run could not read, and why. */
export interface DocumentFailure {
  sha256: string;
  /** Where it was found first (null for a document imported from a file). */
  url: string | null;
  action: 'failed' | 'quarantined';
  /** timeout, memory, crashed (its reading thread was ended), unreadable, error. */
  failure: string | null;
  reason: string;
}

/** What reading and loading did with the documents of a run. */
export interface ProcessSummary {
  documents: number;
  /** Reports inserted, updated, unchanged; `copies`: documents folded into a report already loaded (the same report found elsewhere). */
  loaded: { inserted: number; updated: number; unchanged: number; copies: number };
  notReport: number;
  /** Documents that could not be read (quarantined ones included). */
  failed: number;
  /** Of those: documents whose reading thread was ended (deadline, memory, crash). */
  killed: number;
  /** Of those: documents set aside after too many such readings (not read again until forced). */
  quarantined: number;
  /** The documents that could not be read, each with why (the first 50). */
  failures: DocumentFailure[];
  /** Documents left unread for the next run because the run reached its deadline. */
  left: number;
  needsOcr: number;
  byGrade: Record<string, number>;
  /** Errors and warnings per rule, most frequent first. */
  byRule: Record<string, number>;
  facts: number;
  ms: number;
}

/**
 * What became of one file of an import: loaded as a report (or already loaded by an earlier import), a duplicate of
 * another file of this import (the same bytes: one document, both paths recorded), left out (with the reason), or
 * passed over as system clutter.
 */
export interface ImportedFile {
  /** The file's path inside the imported folder or archive. */
  path: string;
  sha256: string | null;
  outcome: 'loaded' | 'duplicate' | 'left_out' | 'skipped';
  /** For a loaded file: what loading did in this import (inserted, updated, unchanged), or 'earlier' when it was not read again. */
  action: string | null;
  agency: string | null;
  year: number | null;
  grade: string | null;
  reportId: number | null;
  reason: string | null;
}

export interface ImportSummary {
  files: ImportedFile[];
  totals: { files: number; loaded: number; duplicates: number; leftOut: number; skipped: number; documentsNew: number; documentsSeen: number };
}

/** What an import recorded of one file before reading it (crawlers/local/import-collection.ts). */
export interface RecordedFile {
  path: string;
  sha256: string | null;
  problem?: string;
  skipped?: string;
  /** The earlier file of this import with the same bytes. */
  duplicateOf?: string;
  isNewDocument: boolean;
}

/** What the database says of an imported document after the import read it (or did not need to). */
export interface ImportedDocument {
  sha256: string;
  parseStatus: string;
  parseError: string | null;
  parseRunId: number | null;
  parseAction: string | null;
  reportId: number | null;
  agency: string | null;
  year: number | null;
  grade: string | null;
}

/** Each file's outcome, from what was recorded of it and what its document came to. */
export function summarizeImport(runId: number, files: readonly RecordedFile[], documents: readonly ImportedDocument[]): ImportSummary {
  const bySha = new Map(documents.map((d) => [d.sha256, d]));
  const out: ImportedFile[] = files.map((f) => {
    const base = { path: f.path, sha256: f.sha256, action: null, agency: null, year: null, grade: null, reportId: null };
    if (f.skipped) return { ...base, outcome: 'skipped', reason: f.skipped };
    if (f.problem || !f.sha256) return { ...base, outcome: 'left_out', reason: f.problem ?? 'not read' };
    const d = bySha.get(f.sha256);
    if (!d) return { ...base, outcome: 'left_out', reason: 'not recorded' };
    const report = { agency: d.agency, year: d.year, grade: d.grade, reportId: d.reportId };
    if (f.duplicateOf) return { ...base, ...report, outcome: 'duplicate', reason: `the same bytes as ${f.duplicateOf}` };
    if (d.reportId !== null && (d.parseStatus === 'parsed' || d.parseStatus === 'needs_ocr')) {
      return {
        ...base,
        ...report,
        outcome: 'loaded',
        action: d.parseRunId === runId ? d.parseAction : 'earlier',
        reason: d.parseStatus === 'needs_ocr' ? 'no text layer (a scan): it needs OCR, nothing was read from it' : null,
      };
    }
    if (d.parseStatus === 'pending') return { ...base, outcome: 'left_out', reason: 'not read yet' };
    return { ...base, outcome: 'left_out', reason: d.parseError ?? d.parseStatus };
  });
  const count = (o: ImportedFile['outcome']) => out.filter((f) => f.outcome === o).length;
  return {
    files: out,
    totals: {
      files: out.length,
      loaded: count('loaded'),
      duplicates: count('duplicate'),
      leftOut: count('left_out'),
      skipped: count('skipped'),
      documentsNew: files.filter((f) => f.isNewDocument && !f.duplicateOf).length,
      documentsSeen: files.filter((f) => f.sha256 && !f.isNewDocument && !f.duplicateOf).length,
    },
  };
}

/** ok when no file was left out, failed when files were left out and none loaded, partial otherwise. */
export function importStatus(summary: ImportSummary): RunReport['status'] {
  const t = summary.totals;
  return t.leftOut === 0 ? 'ok' : t.loaded > 0 ? 'partial' : 'failed';
}

export interface RunReport {
  runId: number;
  status: Exclude<RunStatus, 'running' | 'interrupted'>;
  /** What the run was asked to do: the sites to crawl, who started it, and for an import the paths it was given. */
  plan: { sites: string[]; trigger: string; paths?: string[] };
  /** Why the run stopped before its work was done (its deadline), or null. */
  stopped: string | null;
  crawl: CrawlReport;
  process: ProcessSummary;
  /** For an import: what became of each file. */
  import?: ImportSummary;
  attention: { siteId: string; status: string; reportsFound: number; bestBefore: number | null; lastCrawl: Date; problem: string }[];
  durationMs: number;
}

export function emptyProcessSummary(): ProcessSummary {
  return {
    documents: 0,
    loaded: { inserted: 0, updated: 0, unchanged: 0, copies: 0 },
    notReport: 0,
    failed: 0,
    killed: 0,
    quarantined: 0,
    failures: [],
    left: 0,
    needsOcr: 0,
    byGrade: {},
    byRule: {},
    facts: 0,
    ms: 0,
  };
}

/** Totals and statuses over the sites of a crawl. */
export function summarizeCrawl(runId: number, sites: SiteCrawlSummary[]): CrawlReport {
  const sum = (k: keyof CrawlReport['totals'] & keyof SiteCrawlSummary) => sites.reduce((s, x) => s + (x[k] as number), 0);
  const byStatus: Record<string, number> = {};
  for (const s of sites) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  return {
    runId,
    sites,
    totals: {
      sites: sites.length,
      pages: sum('pages'),
      requests: sum('requests'),
      reportsFound: sum('reportsFound'),
      documentsNew: sum('documentsNew'),
      documentsChanged: sum('documentsChanged'),
      documentsUnchanged: sum('documentsUnchanged'),
      bytesDownloaded: sum('bytesDownloaded'),
      errors: sum('errors'),
    },
    byStatus,
  };
}

/** Whether a site's outcome is a failure (see SITE_CRAWL_STATUSES); 'empty' and 'partial' are not. */
export function isSiteFailure(status: SiteStatus): boolean {
  return SITE_FAILURES.includes(status);
}

/**
 * The run's status from its sites' and its documents': ok when no site failed or was read only in part ('empty'
 * sites, which no one expected reports from, are warnings; a site cut short by a budget or a trap is 'partial'),
 * failed when every site failed, partial otherwise — and when a document's reading thread had to be ended, or the run
 * was stopped by its deadline. A run of no sites is ok.
 */
export function runStatus(sites: readonly { status: SiteStatus }[], run: { killed?: number; stopped?: string | null } = {}): RunReport['status'] {
  const failed = sites.filter((s) => isSiteFailure(s.status)).length;
  if (sites.length > 0 && failed === sites.length) return 'failed';
  const partSites = failed > 0 || sites.some((s) => s.status === 'partial');
  return partSites || (run.killed ?? 0) > 0 || run.stopped ? 'partial' : 'ok';
}
