// The shape of a collection run's report (plan, per-site crawl counts, parse and load counts, grades, findings) and
// the one rule that turns per-site outcomes into a run status. Built from the database by db/queries/run-report.ts
// the same way whether the run was done in this process or by workers; printed by the CLI. Pure.
import { type RunStatus, SITE_FAILURES, type SiteStatus } from './values.js';

/** What one site's crawl found, as the crawler records it in site_crawls. */
export interface SiteCrawlSummary {
  siteId: string;
  status: SiteStatus;
  pages: number;
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
    reportsFound: number;
    documentsNew: number;
    documentsChanged: number;
    documentsUnchanged: number;
    bytesDownloaded: number;
    errors: number;
  };
  byStatus: Record<string, number>;
}

/** What reading and loading did with the documents of a run. */
export interface ProcessSummary {
  documents: number;
  loaded: { inserted: number; updated: number; unchanged: number };
  notReport: number;
  failed: number;
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
  crawl: CrawlReport;
  process: ProcessSummary;
  attention: { siteId: string; status: string; reportsFound: number; bestBefore: number | null; lastCrawl: Date; problem: string }[];
  durationMs: number;
}

export function emptyProcessSummary(): ProcessSummary {
  return { documents: 0, loaded: { inserted: 0, updated: 0, unchanged: 0 }, notReport: 0, failed: 0, needsOcr: 0, byGrade: {}, byRule: {}, facts: 0, ms: 0 };
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
 * The run's status from its sites': ok when no site failed or was read only in part ('empty' sites, which no one
 * expected reports from, are warnings), failed when every site failed, partial otherwise (a run of no sites is ok).
 */
export function runStatus(sites: readonly { status: SiteStatus }[]): RunReport['status'] {
  const failed = sites.filter((s) => isSiteFailure(s.status)).length;
  if (failed === 0 && !sites.some((s) => s.status === 'partial')) return 'ok';
  return failed === sites.length ? 'failed' : 'partial';
}
