// The shape of a collection run's report (plan, per-site crawl counts, parse and load counts, grades, findings) and
// the one rule that turns per-site outcomes into a run status. Built from the database by db/queries/run-report.ts
// the same way whether the run was done in this process or by workers; printed by the CLI. Pure.
import type { RunStatus, SiteStatus } from './values.js';

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
  loaded: { inserted: number; updated: number; unchanged: number };
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

export interface RunReport {
  runId: number;
  status: Exclude<RunStatus, 'running' | 'interrupted'>;
  plan: { sites: string[]; trigger: string };
  /** Why the run stopped before its work was done (its deadline), or null. */
  stopped: string | null;
  crawl: CrawlReport;
  process: ProcessSummary;
  attention: { siteId: string; status: string; reportsFound: number; bestBefore: number | null; lastCrawl: Date; problem: string }[];
  durationMs: number;
}

export function emptyProcessSummary(): ProcessSummary {
  return {
    documents: 0,
    loaded: { inserted: 0, updated: 0, unchanged: 0 },
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

/**
 * ok when every site is ok; failed when every site failed (a site cut short by a budget or a trap is 'partial', not
 * failed); partial otherwise — and when a document's reading thread had to be ended, or the run was stopped by its
 * deadline. A run of no sites is ok.
 */
export function runStatus(sites: readonly { status: SiteStatus }[], run: { killed?: number; stopped?: string | null } = {}): RunReport['status'] {
  const notOk = sites.filter((s) => s.status !== 'ok').length;
  const failed = sites.filter((s) => s.status !== 'ok' && s.status !== 'partial').length;
  if (sites.length > 0 && failed === sites.length) return 'failed';
  return notOk > 0 || (run.killed ?? 0) > 0 || run.stopped ? 'partial' : 'ok';
}
