// The Postgres job queue (pg-boss 10) shared by workers on several machines: 'crawl-site' jobs (one site each) and
// 'parse-document' jobs (one archived document each, deduplicated by its sha256).
import PgBoss from 'pg-boss';
import type { DbHandle } from '../db/client.js';

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
  const conn = await handle.sql!.reserve();
  try {
    await conn`select pg_advisory_lock(${SETUP_LOCK_KEY})`;
    if (!(await boss.getQueue(CRAWL_SITE)))
      await boss.createQueue(CRAWL_SITE, { name: CRAWL_SITE, policy: 'standard', retryLimit: 1, expireInSeconds: 6 * 3600 });
    // stately: a document waiting to be parsed is not queued a second time.
    if (!(await boss.getQueue(PARSE_DOCUMENT)))
      await boss.createQueue(PARSE_DOCUMENT, { name: PARSE_DOCUMENT, policy: 'stately', retryLimit: 2, expireInSeconds: 900 });
  } finally {
    await conn`select pg_advisory_unlock(${SETUP_LOCK_KEY})`.catch(() => {});
    conn.release();
  }
}

export interface CrawlSiteJob {
  site: unknown;
  runId: number;
  recheckAfterMs?: number;
}

export interface ParseDocumentJob {
  sha256: string;
  runId: number | null;
}

export async function queueParse(boss: PgBoss, sha256: string, runId: number | null): Promise<void> {
  await boss.send(PARSE_DOCUMENT, { sha256, runId } satisfies ParseDocumentJob, { singletonKey: sha256 });
}
