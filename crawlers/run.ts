// Crawls several sites in this process: a bounded pool of site crawlers (different hosts in parallel, each host
// politely), the biggest sites of the last crawl first, sharing one archive, one politeness gate and (when a page
// needs it) one browser. Records each site's crawl, not the run: the run record is jobs/' business.
import path from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { lastCrawlRequests } from '../db/queries/runs.js';
import type { SiteCrawlSummary } from '../domain/run-report.js';
import { type CrawlDeps, crawlSite, RECHECK_AFTER_DEFAULT_MS } from './crawl-site.js';
import { Archive } from './fetch/archive.js';
import type { FetcherOptions } from './fetch/fetcher.js';
import { Politeness } from './fetch/politeness.js';
import { installedRenderer } from './fetch/render.js';
import type { SiteConfig } from './types.js';

export interface CrawlOptions {
  db: Database;
  log: Logger;
  dataDir: string;
  fetcher: FetcherOptions;
  chromiumPath: string;
  runId: number;
  /** Sites crawled at the same time (each stays polite to its own hosts); default DEFAULT_PARALLEL_SITES. */
  parallelSites?: number;
  /** The per-host gate (default: host_slots in the database, shared by every process on it). */
  politeness?: Pick<Politeness, 'run'>;
  /** See CrawlDeps.recheckAfterMs (default: a week). */
  recheckAfterMs?: number;
  /** See CrawlDeps: budgets of each site's crawl in place of its own, and the run's. */
  siteBudget?: CrawlDeps['siteBudget'];
  runBudget?: CrawlDeps['runBudget'];
  onProgress?: (summary: SiteCrawlSummary) => void;
}

/**
 * Sites crawled at once unless told otherwise. A site at its polite pace makes about one request per delay (a second
 * by default), so a crawl ends with its busiest site only when the pool is wide enough for everyone's polite time:
 * the scale replica's 300 portals ask ~13,000 requests (~14,700 host-seconds) against a busiest site of ~170 s, so
 * ~90 sites at once at the least. Each site open holds its crawler, queue and the page in hand, so the pool stays
 * bounded for a national registry of thousands: its sites start as others finish, the biggest first.
 */
export const DEFAULT_PARALLEL_SITES = 256;

/**
 * The biggest sites first — by the requests of their last finished crawl, sites never crawled before them all (their
 * size is unknown, and a big one started last would be the run's tail) — so that a bounded pool ends with small sites.
 */
export async function sitesInCrawlOrder(db: Database, sites: SiteConfig[]): Promise<SiteConfig[]> {
  const last = await lastCrawlRequests(
    db,
    sites.map((s) => s.id),
  );
  const size = (s: SiteConfig) => last.get(s.id) ?? Number.POSITIVE_INFINITY;
  // Array.prototype.sort is stable: sites of equal size keep the registry's order.
  return [...sites].sort((a, b) => (size(a) === size(b) ? 0 : size(b) > size(a) ? 1 : -1));
}

export function userAgent(contactUrl: string): string {
  return `gongkai/0.1 (+${contactUrl}; collects government information disclosure annual reports for research)`;
}

export async function crawlSites(sites: SiteConfig[], options: CrawlOptions): Promise<SiteCrawlSummary[]> {
  const { db, log, runId } = options;
  const archive = new Archive(path.join(options.dataDir, 'archive'));
  const politeness = options.politeness ?? new Politeness(db);
  // Any site may turn out to build a list with JavaScript; the browser starts only when one does. Without one
  // installed, such lists are recorded as needing it (the site's crawl says so), never read as empty.
  const renderer = installedRenderer({ executablePath: options.chromiumPath, timeoutMs: options.fetcher.timeoutMs, userAgent: options.fetcher.userAgent });
  if (!renderer) log.info({ chromiumPath: options.chromiumPath }, 'no browser installed: lists built by JavaScript will be recorded as needing one');
  const limit = pLimit(options.parallelSites ?? DEFAULT_PARALLEL_SITES);
  const order = await sitesInCrawlOrder(db, sites);
  const summaries = new Map<SiteConfig, SiteCrawlSummary>();
  try {
    await Promise.all(
      order.map((site) =>
        limit(async () => {
          const summary = await crawlSite(site, {
            db,
            archive,
            politeness,
            log,
            runId,
            fetcher: options.fetcher,
            queueDir: path.join(options.dataDir, 'queues'),
            renderer,
            recheckAfterMs: options.recheckAfterMs ?? RECHECK_AFTER_DEFAULT_MS,
            siteBudget: options.siteBudget,
            runBudget: options.runBudget,
            onProgress: options.onProgress,
          });
          log.info(
            { site: site.id, status: summary.status, pages: summary.pages, reports: summary.reportsFound, new: summary.documentsNew, errors: summary.errors },
            'site crawled',
          );
          summaries.set(site, summary);
        }),
      ),
    );
    // In the order the sites were given (the run report lists them so).
    return sites.map((s) => summaries.get(s)!);
  } finally {
    await renderer?.close();
  }
}
