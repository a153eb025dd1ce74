// One full collection: crawl the sites, parse and load every new or changed document, record the run with its
// report (plan, per-site counts, load counts, grades, findings, sites needing attention). One run at a time.
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DbHandle } from '../db/client.js';
import { type SiteHealth, sitesNeedingAttention } from '../db/queries/health.js';
import { documentsToParse } from '../db/queries/reports.js';
import { createRun, finishRun } from '../db/queries/runs.js';
import type { FetcherOptions } from '../crawlers/fetch/fetcher.js';
import { runCrawl, type CrawlReport } from '../crawlers/run.js';
import type { SiteConfig, SiteCrawlSummary } from '../crawlers/types.js';
import { processDocuments, type ProcessLimits, type ProcessSummary } from './process-documents.js';
import { tryRunLock } from './run-lock.js';

export class RunLockedError extends Error {
  constructor() {
    super('another collection run is in progress on this database; this one was not started');
    this.name = 'RunLockedError';
  }
}

export interface RunOptions {
  handle: DbHandle;
  log: Logger;
  dataDir: string;
  sites: SiteConfig[];
  fetcher: FetcherOptions;
  chromiumPath: string;
  limits: ProcessLimits;
  trigger: string;
  recheckAfterMs?: number;
  onProgress?: (s: SiteCrawlSummary) => void;
}

export interface RunReport {
  runId: number;
  status: 'ok' | 'partial' | 'failed';
  plan: { sites: string[]; trigger: string };
  crawl: CrawlReport;
  process: ProcessSummary;
  attention: SiteHealth[];
  durationMs: number;
}

export async function runNightly(options: RunOptions): Promise<RunReport> {
  const { handle, log } = options;
  const lock = await tryRunLock(handle);
  if (!lock) throw new RunLockedError();
  const started = Date.now();
  try {
    const plan = { sites: options.sites.filter((s) => !s.disabled).map((s) => s.id), trigger: options.trigger };
    const runId = await createRun(handle.db, { kind: 'run', trigger: options.trigger, options: plan, host: os.hostname(), pid: process.pid });
    log.info({ runId, sites: plan.sites.length }, 'run started');
    let crawl: CrawlReport;
    let processed: ProcessSummary;
    try {
      crawl = await runCrawl(options.sites, {
        db: handle.db,
        log,
        dataDir: options.dataDir,
        fetcher: options.fetcher,
        chromiumPath: options.chromiumPath,
        trigger: options.trigger,
        runId,
        recheckAfterMs: options.recheckAfterMs,
        onProgress: options.onProgress,
      });
      // Everything archived and not yet read: this run's new and changed documents, and any a killed run left.
      const pending = await documentsToParse(handle.db, { statuses: ['pending'] });
      processed = await processDocuments(handle, pending, { archiveRoot: path.join(options.dataDir, 'archive'), limits: options.limits, log });
    } catch (err) {
      await finishRun(handle.db, runId, { status: 'failed', counts: {}, errors: [{ message: (err as Error).message }], report: null, finishedAt: new Date() });
      throw err;
    }
    const attention = await sitesNeedingAttention(handle);
    const failedSites = crawl.sites.filter((s) => s.status !== 'ok').length;
    const status: RunReport['status'] = failedSites === 0 ? 'ok' : failedSites === crawl.sites.length ? 'failed' : 'partial';
    const report: RunReport = { runId, status, plan, crawl, process: processed, attention, durationMs: Date.now() - started };
    await finishRun(handle.db, runId, {
      status,
      counts: { ...crawl.totals, ...processed.loaded, failedDocuments: processed.failed, notReport: processed.notReport, facts: processed.facts },
      errors: crawl.sites.filter((s) => s.message).map((s) => ({ site: s.siteId, status: s.status, message: s.message })),
      report,
      finishedAt: new Date(),
    });
    log.info({ runId, status, ms: report.durationMs }, 'run finished');
    return report;
  } finally {
    await lock.release();
  }
}
