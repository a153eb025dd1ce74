// The Postgres job queue (pg-boss 10) shared by workers on several machines: 'crawl-site' jobs (one site each) and
// 'parse-document' jobs (one archived document each, deduplicated by its sha256). The coordinator's side is a
// WorkQueue; `gongkai worker` takes the jobs (worker.ts).
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DbHandle } from '../db/client.js';
import { withAdvisoryLock } from '../db/queries/locks.js';
import type { ParseDocumentJob, WorkQueue } from './work-queue.js';

export const CRAWL_SITE = 'crawl-site';
export const PARSE_DOCUMENT = 'parse-document';
const SETUP_LOCK_KEY = 7_361_022_023;

export async function startBoss(databaseUrl: string, onError: (err: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 4 });
  boss.on('error', onError);
  await boss.start();
  return boss;
}

/**
 * Creates the queues once. Two processes creating them at the same moment deadlock inside pg-boss (seen with
 * 10.4), so creation is serialised by an advisory lock.
 */
export async function ensureQueues(boss: PgBoss, handle: DbHandle): Promise<void> {
  await withAdvisoryLock(handle, SETUP_LOCK_KEY, async () => {
    if (!(await boss.getQueue(CRAWL_SITE)))
      await boss.createQueue(CRAWL_SITE, { name: CRAWL_SITE, policy: 'standard', retryLimit: 1, expireInSeconds: 6 * 3600 });
    // stately: a document waiting to be parsed is not queued a second time.
    if (!(await boss.getQueue(PARSE_DOCUMENT)))
      await boss.createQueue(PARSE_DOCUMENT, { name: PARSE_DOCUMENT, policy: 'stately', retryLimit: 2, expireInSeconds: 900 });
  });
}

export async function queueParse(boss: PgBoss, job: ParseDocumentJob): Promise<void> {
  await boss.send(PARSE_DOCUMENT, job, { singletonKey: job.sha256 });
}

/** The coordinator's queue on a Postgres server: jobs go to the workers, drained() waits until they are done. */
export async function pgBossQueue(options: { databaseUrl: string; handle: DbHandle; log: Logger; pollMs?: number }): Promise<WorkQueue> {
  const boss = await startBoss(options.databaseUrl, (err) => options.log.error({ err: err.message }, 'job queue error'));
  await ensureQueues(boss, options.handle);
  const busy = async () => (await boss.getQueueSize(CRAWL_SITE, { before: 'completed' })) + (await boss.getQueueSize(PARSE_DOCUMENT, { before: 'completed' }));
  return {
    kind: 'pg-boss',
    async crawl(jobs) {
      for (const job of jobs) await boss.send(CRAWL_SITE, job, { singletonKey: `${job.site.id}:${job.runId}` });
    },
    async parse(jobs) {
      for (const job of jobs) await queueParse(boss, job);
    },
    async drained() {
      while ((await busy()) > 0) await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
    },
    async close() {
      await boss.stop({ graceful: false, timeout: 5000 }).catch(() => {});
    },
  };
}
