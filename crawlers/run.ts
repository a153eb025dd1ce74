// Crawls several sites in this process: different hosts in parallel, each host politely, sharing one archive, one
// politeness gate and (when a page needs it) one browser. Records each site's crawl, not the run: the run record is
// jobs/' business.
import path from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { SiteCrawlSummary } from '../domain/run-report.js';
import { type CrawlDeps, crawlSite } from './crawl-site.js';
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
  /** Sites crawled at the same time (each stays polite to its own hosts); default: all of them. */
  parallelSites?: number;
  /** See CrawlDeps.recheckAfterMs (default: a week). */
  recheckAfterMs?: number;
  /** See CrawlDeps: budgets of each site's crawl in place of its own, and the run's. */
  siteBudget?: CrawlDeps['siteBudget'];
  runBudget?: CrawlDeps['runBudget'];
  onProgress?: (summary: SiteCrawlSummary) => void;
}

export function userAgent(contactUrl: string): string {
  return `gongkai/0.1 (+${contactUrl}; collects government information disclosure annual reports for research)`;
}

export async function crawlSites(sites: SiteConfig[], options: CrawlOptions): Promise<SiteCrawlSummary[]> {
  const { db, log, runId } = options;
  const archive = new Archive(path.join(options.dataDir, 'archive'));
  const politeness = new Politeness(db);
  // Any site may turn out to build a list with JavaScript; the browser starts only when one does. Without one
  // installed, such lists are recorded as needing it (the site's crawl says so), never read as empty.
  const renderer = installedRenderer({ executablePath: options.chromiumPath, timeoutMs: options.fetcher.timeoutMs, userAgent: options.fetcher.userAgent });
  if (!renderer) log.info({ chromiumPath: options.chromiumPath }, 'no browser installed: lists built by JavaScript will be recorded as needing one');
  const limit = pLimit(options.parallelSites ?? Math.max(1, sites.length));
  try {
    return await Promise.all(
      sites.map((site) =>
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
            recheckAfterMs: options.recheckAfterMs ?? 7 * 24 * 3600 * 1000,
            siteBudget: options.siteBudget,
            runBudget: options.runBudget,
            onProgress: options.onProgress,
          });
          log.info(
            { site: site.id, status: summary.status, pages: summary.pages, reports: summary.reportsFound, new: summary.documentsNew, errors: summary.errors },
            'site crawled',
          );
          return summary;
        }),
      ),
    );
  } finally {
    await renderer?.close();
  }
}
