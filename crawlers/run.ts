// runCrawl: the plan, every site crawled (different hosts in parallel, each host politely), and the crawl's report
// saved with the run. A run killed earlier is marked interrupted; its sites resume from their persisted queues.
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { createRun, finishRun, markInterruptedRuns, upsertSites } from '../db/queries/runs.js';
import { crawlSite } from './crawl-site.js';
import { Archive } from './fetch/archive.js';
import type { FetcherOptions } from './fetch/fetcher.js';
import { Politeness } from './fetch/politeness.js';
import { createRenderer } from './fetch/render.js';
import type { SiteConfig, SiteCrawlSummary } from './types.js';

export interface CrawlOptions {
  db: Database;
  log: Logger;
  dataDir: string;
  fetcher: FetcherOptions;
  chromiumPath: string;
  /** Sites crawled at the same time (each stays polite to its own hosts). */
  parallelSites?: number;
  trigger: string;
  /** See CrawlDeps.recheckAfterMs (default: a week). */
  recheckAfterMs?: number;
  /** Record into this run instead of creating one ('run' makes one for crawl + parse + load). */
  runId?: number;
  onProgress?: (summary: SiteCrawlSummary) => void;
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

export function userAgent(contactUrl: string): string {
  return `gongkai/0.1 (+${contactUrl}; collects government information disclosure annual reports for research)`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function summarize(runId: number, sites: SiteCrawlSummary[]): CrawlReport {
  const sum = (k: keyof CrawlReport['totals']) => sites.reduce((s, x) => s + ((x as unknown as Record<string, number>)[k] ?? 0), 0);
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

export async function runCrawl(sites: SiteConfig[], options: CrawlOptions): Promise<CrawlReport> {
  const { db, log } = options;
  await markInterruptedRuns(db, os.hostname(), isAlive);
  await upsertSites(
    db,
    sites.map((s) => ({ id: s.id, name: s.name, regionCode: s.regionCode, config: s, enabled: !s.disabled, disabledReason: s.disabled ?? null })),
  );
  const runId =
    options.runId ??
    (await createRun(db, { kind: 'crawl', trigger: options.trigger, options: { sites: sites.map((s) => s.id) }, host: os.hostname(), pid: process.pid }));
  const archive = new Archive(path.join(options.dataDir, 'archive'));
  const politeness = new Politeness(db);
  const renderer = sites.some((s) => s.pattern === 'browser')
    ? createRenderer({ executablePath: options.chromiumPath, timeoutMs: Math.max(30_000, options.fetcher.timeoutMs), userAgent: options.fetcher.userAgent })
    : undefined;
  const limit = pLimit(options.parallelSites ?? 4);
  log.info({ runId, sites: sites.length }, 'crawl started');
  let summaries: SiteCrawlSummary[];
  try {
    summaries = await Promise.all(
      sites
        .filter((s) => !s.disabled)
        .map((site) =>
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
  const report = summarize(runId, summaries);
  if (options.runId === undefined) {
    const failed = summaries.filter((s) => s.status !== 'ok').length;
    await finishRun(db, runId, {
      status: failed === 0 ? 'ok' : failed === summaries.length ? 'failed' : 'partial',
      counts: report.totals,
      errors: summaries.filter((s) => s.message).map((s) => ({ site: s.siteId, status: s.status, message: s.message })),
      report,
      finishedAt: new Date(),
    });
  }
  log.info({ runId, ...report.totals }, 'crawl finished');
  return report;
}
