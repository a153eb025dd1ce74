// The work queue a collection is done through: crawl-site jobs and parse-document jobs. In-process (the embedded
// database, one process) runs each batch as it is handed over; pg-boss (pg-boss-queue.ts) hands the jobs to
// `gongkai worker` processes on any machine and waits for them. The orchestrator (collect.ts) sees only this.
// Documents are read in the parse pool's threads (parse-pool.ts), one per core.
import path from 'node:path';
import type { Logger } from 'pino';
import type { BudgetLimits } from '../crawlers/budget.js';
import type { FetcherOptions } from '../crawlers/fetch/fetcher.js';
import { LocalPoliteness } from '../crawlers/fetch/politeness.js';
import { crawlSites } from '../crawlers/run.js';
import type { SiteConfig } from '../crawlers/types.js';
import type { DbHandle } from '../db/client.js';
import type { SiteCrawlSummary } from '../domain/run-report.js';
import { createParsePool, DEFAULT_READ_LIMITS, type ParsePool, type ReadLimits } from './parse-pool.js';
import { type ParseDocumentJob, processDocuments } from './process-documents.js';

export type { ParseDocumentJob };

export interface CrawlSiteJob {
  site: SiteConfig;
  runId: number;
  recheckAfterMs?: number;
  /** Budgets of the site's crawl in place of its registry entry's (--site-budget). */
  siteBudget?: Partial<BudgetLimits>;
  /** The run's budgets (over all its sites) and deadline (epoch ms). */
  runBudget?: { limits: Omit<BudgetLimits, 'ms'>; deadlineAt: number | null };
  /** A crawl run's job ('gongkai crawl --enqueue'): archive only, queue no reading (the documents stay pending for the next run). */
  archiveOnly?: boolean;
}

export interface WorkQueue {
  readonly kind: 'in-process' | 'pg-boss';
  /** Hands over the crawl of these sites (in-process: crawls them before returning). */
  crawl(jobs: CrawlSiteJob[]): Promise<void>;
  /** Hands over the reading and loading of these documents (a document already waiting is not queued twice). */
  parse(jobs: ParseDocumentJob[]): Promise<void>;
  /** Resolves once every job handed over, and every job those jobs queued, is done. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

export interface InProcessOptions {
  handle: DbHandle;
  log: Logger;
  dataDir: string;
  fetcher: FetcherOptions;
  chromiumPath: string;
  /** Limits on reading one document (the parse pool's). */
  limits: Partial<ReadLimits>;
  /** Threads of the parse pool (default: one per core). */
  parseThreads?: number;
  /** Memory the reading threads may use together, in MB (parse-pool.ts poolThreads), when parseThreads is not set. */
  parseMemoryMb?: number | null;
  /** A pool to read with instead of one started (and closed) by this queue. */
  pool?: ParsePool;
  /** Sites crawled at once (default: crawlers/run.ts's DEFAULT_PARALLEL_SITES). */
  parallelSites?: number;
  onProgress?: (s: SiteCrawlSummary) => void;
  /** Called as each document has been read and loaded (progress). */
  onDocument?: (sha256: string) => void;
}

/**
 * Every job done in this process as it is handed over: sites crawled in parallel (per-host politeness), documents read
 * in the parse pool's threads (started at the first document) and loaded in batches, one batch at a time (load-batches.ts).
 */
export function inProcessQueue(options: InProcessOptions): WorkQueue {
  let pool: ParsePool | undefined = options.pool;
  const ownPool = !options.pool;
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  return {
    kind: 'in-process',
    async crawl(jobs) {
      // One crawl's jobs share their run and recheck window.
      const first = jobs[0];
      if (!first) return;
      await crawlSites(
        jobs.map((j) => j.site),
        {
          db: options.handle.db,
          log: options.log,
          dataDir: options.dataDir,
          fetcher: options.fetcher,
          chromiumPath: options.chromiumPath,
          runId: first.runId,
          parallelSites: options.parallelSites,
          // The embedded database is open in one process only (its directory lock), so no other process crawls from
          // it: the per-host gate kept in this process is the same rule, without two database round trips per request.
          politeness: options.handle.kind === 'pglite' ? new LocalPoliteness() : undefined,
          recheckAfterMs: first.recheckAfterMs,
          siteBudget: first.siteBudget,
          runBudget: first.runBudget,
          onProgress: options.onProgress,
        },
      );
    },
    async parse(jobs) {
      if (jobs.length === 0) return;
      pool ??= createParsePool({
        threads: options.parseThreads,
        memoryBudgetMb: options.parseMemoryMb ?? undefined,
        limits,
        onThreadError: (err) => options.log.warn({ err: err.message }, 'a parse thread died and was replaced'),
      });
      const deadlineAt = jobs[0]?.deadlineAt ?? null;
      await processDocuments({ handle: options.handle, archiveRoot: path.join(options.dataDir, 'archive'), pool, maxBytes: limits.maxBytes }, jobs, {
        log: options.log,
        shouldStop: () => deadlineAt !== null && Date.now() > deadlineAt,
        onDocument: options.onDocument,
      });
    },
    async drained() {},
    async close() {
      if (ownPool) await pool?.close();
      pool = undefined;
    },
  };
}
