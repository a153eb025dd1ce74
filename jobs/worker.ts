// `gongkai worker`: takes crawl-site and parse-document jobs from the Postgres job queue. Several workers on several
// machines share one collection; per-host politeness holds across all of them (host_slots in the database), and
// the archive directory must be storage they share.
import os from 'node:os';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DbHandle } from '../db/client.js';
import { crawlSite, RECHECK_AFTER_DEFAULT_MS } from '../crawlers/crawl-site.js';
import { defineSite } from '../crawlers/define-site.js';
import { Archive } from '../crawlers/fetch/archive.js';
import type { FetcherOptions } from '../crawlers/fetch/fetcher.js';
import { Politeness } from '../crawlers/fetch/politeness.js';
import { installedRenderer } from '../crawlers/fetch/render.js';
import type { SiteConfigInput } from '../crawlers/types.js';
import { CRAWL_SITE, ensureQueues, PARSE_DOCUMENT, queueParse, startBoss } from './pg-boss-queue.js';
import { createParsePool, DEFAULT_READ_LIMITS, type ReadLimits } from './parse-pool.js';
import { LOAD_BATCH_SIZE } from './load-batches.js';
import { processDocuments } from './process-documents.js';
import type { CrawlSiteJob, ParseDocumentJob } from './work-queue.js';

export interface WorkerOptions {
  databaseUrl: string;
  handle: DbHandle;
  log: Logger;
  dataDir: string;
  fetcher: FetcherOptions;
  chromiumPath: string;
  /** Limits on reading one document (the parse pool's). */
  limits: Partial<ReadLimits>;
  /** Parse jobs this worker handles at a time (also the threads of its parse pool). */
  concurrency: number;
  /** Sites this worker crawls at a time (default 1): a site waits on its hosts' delays, not on this machine. */
  parallelSites?: number;
}

export interface Worker {
  id: string;
  boss: PgBoss;
  stop(): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const id = `${os.hostname()}:${process.pid}`;
  const log = options.log.child({ worker: id });
  const boss = await startBoss(options.databaseUrl, (err) => log.error({ err: err.message }, 'job queue error'));
  await ensureQueues(boss, options.handle);
  const archive = new Archive(path.join(options.dataDir, 'archive'));
  const politeness = new Politeness(options.handle.db);
  const renderer = installedRenderer({ executablePath: options.chromiumPath, timeoutMs: options.fetcher.timeoutMs, userAgent: options.fetcher.userAgent });
  const archiveRoot = path.join(options.dataDir, 'archive');
  // Documents are read in threads that a hostile one can only end for itself (parse-pool.ts).
  const pool = createParsePool({
    threads: options.concurrency,
    limits: options.limits,
    onThreadError: (err) => log.warn({ err: err.message }, 'a parse thread died and was replaced'),
  });
  const maxBytes = options.limits.maxBytes ?? DEFAULT_READ_LIMITS.maxBytes;

  // pg-boss 10 takes one job per work() call at a time: one call per site crawled at once.
  const crawlJob = async ([job]: PgBoss.Job<CrawlSiteJob>[]) => {
    // The site travels as JSON: checked again (and its defaults filled) on this side.
    const site = defineSite(job!.data.site as SiteConfigInput);
    log.info({ site: site.id, runId: job!.data.runId }, 'crawling');
    const summary = await crawlSite(site, {
      db: options.handle.db,
      archive,
      politeness,
      log,
      runId: job!.data.runId,
      fetcher: options.fetcher,
      queueDir: path.join(options.dataDir, 'queues'),
      renderer,
      // A job without one (JSON has no undefined) re-checks as an in-process crawl does, not every page at once.
      recheckAfterMs: job!.data.recheckAfterMs ?? RECHECK_AFTER_DEFAULT_MS,
      // A crawl run's documents are read by the next collection, as after an in-process `gongkai crawl`.
      onDocument: job!.data.archiveOnly ? undefined : (sha256) => queueParse(boss, { sha256, runId: job!.data.runId }),
    });
    return { worker: id, ...summary };
  };
  for (let i = 0; i < (options.parallelSites ?? 1); i++) await boss.work<CrawlSiteJob>(CRAWL_SITE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, crawlJob);

  // Each taker fetches several documents at once so that their loads share transactions (load-batches.ts); the pool
  // still reads `concurrency` at a time. Each job is completed with its own outcome (pg-boss records none for a batch).
  // At most 10: pg-boss expires a batch's jobs together (15 min), and 10 documents that each run to the 60 s
  // deadline on a thread shared with the other takers still end well inside that.
  const perTaker = Math.min(10, Math.ceil(LOAD_BATCH_SIZE / options.concurrency));
  for (let i = 0; i < options.concurrency; i++) {
    await boss.work<ParseDocumentJob>(PARSE_DOCUMENT, { batchSize: perTaker, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      const complete = (jobId: string, output: object) => boss.complete(PARSE_DOCUMENT, jobId, { worker: id, ...output });
      const ids = new Map(jobs.map((j) => [j.data, j.id]));
      // Taken after its run's deadline: left unread, for the next run (the run's report counts it as left).
      const late = jobs.filter((j) => j.data.deadlineAt != null && Date.now() > j.data.deadlineAt);
      for (const j of late) await complete(j.id, { sha256: j.data.sha256, action: 'left' });
      const done: Promise<unknown>[] = [];
      await processDocuments(
        { handle: options.handle, archiveRoot, pool, maxBytes },
        jobs.filter((j) => !late.includes(j)).map((j) => j.data),
        { log, onOutcome: (job, outcome) => done.push(complete(ids.get(job)!, { sha256: job.sha256, ...outcome })) },
      );
      await Promise.all(done);
    });
  }
  log.info({ concurrency: options.concurrency, parallelSites: options.parallelSites ?? 1 }, 'worker started');
  return {
    id,
    boss,
    async stop() {
      await boss.stop({ graceful: true, timeout: 30_000 });
      await renderer?.close();
      await pool.close();
    },
  };
}
