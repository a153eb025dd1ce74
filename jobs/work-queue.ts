// The work queue a collection is done through: crawl-site jobs and parse-document jobs. In-process (the embedded
// database, one process) runs each batch as it is handed over; pg-boss (pg-boss-queue.ts) hands the jobs to
// `gongkai worker` processes on any machine and waits for them. The orchestrator (collect.ts) sees only this.
import path from 'node:path';
import type { Logger } from 'pino';
import type { FetcherOptions } from '../crawlers/fetch/fetcher.js';
import { crawlSites } from '../crawlers/run.js';
import type { SiteConfig } from '../crawlers/types.js';
import type { DbHandle } from '../db/client.js';
import type { SiteCrawlSummary } from '../domain/run-report.js';
import { type ProcessLimits, processDocuments } from './process-documents.js';

export interface CrawlSiteJob {
  site: SiteConfig;
  runId: number;
  recheckAfterMs?: number;
}

export interface ParseDocumentJob {
  sha256: string;
  runId: number | null;
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
  limits: ProcessLimits;
  parallelSites?: number;
  onProgress?: (s: SiteCrawlSummary) => void;
  /** Called as each document has been read and loaded (progress). */
  onDocument?: (sha256: string) => void;
}

/** Every job done in this process as it is handed over: sites crawled in parallel (per-host politeness), documents one by one. */
export function inProcessQueue(options: InProcessOptions): WorkQueue {
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
          recheckAfterMs: first.recheckAfterMs,
          onProgress: options.onProgress,
        },
      );
    },
    async parse(jobs) {
      await processDocuments(options.handle, jobs, {
        archiveRoot: path.join(options.dataDir, 'archive'),
        limits: options.limits,
        log: options.log,
        onDocument: options.onDocument,
      });
    },
    async drained() {},
    async close() {},
  };
}
