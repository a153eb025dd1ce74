// Collection runs and the per-site results of each run.
import { and, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { RunKind } from '../../domain/values.js';
import type { Database, DbHandle } from '../client.js';
import { crawlRuns, siteCrawls, sites } from '../schema/sites-runs.js';

export type RunStatus = (typeof crawlRuns.$inferSelect)['status'];
export type SiteCrawlStatus = (typeof siteCrawls.$inferSelect)['status'];

export async function createRun(
  db: Database,
  run: { kind: RunKind; trigger: string; options: unknown; host: string; pid: number; deadlineAt?: Date | null },
): Promise<number> {
  const rows = await db
    .insert(crawlRuns)
    .values({ ...run, heartbeatAt: sql`now()` })
    .returning({ id: crawlRuns.id });
  return rows[0]!.id;
}

/** The run's process is alive and holds the run lock (null `at`: no process holds it any more, workers finish it). */
export async function beatRun(db: Database, id: number, at: 'now' | null): Promise<void> {
  await db
    .update(crawlRuns)
    .set({ heartbeatAt: at === 'now' ? sql`now()` : null })
    .where(and(eq(crawlRuns.id, id), eq(crawlRuns.status, 'running')));
}

/** A run that holds (or held) the run lock: still marked running, with its deadline and last heartbeat. */
export interface LockingRun {
  id: number;
  host: string | null;
  pid: number | null;
  deadlineAt: Date | null;
  heartbeatAt: Date | null;
  /** Seconds since its heartbeat, by the database's clock (so that hosts' clocks do not matter). */
  silentSeconds: number | null;
  /** Whether its deadline has passed, by the database's clock. */
  isOverdue: boolean;
}

/** Runs marked running that a process holding the run lock heartbeats (every kind but 'crawl', which takes no lock). */
export async function lockingRuns(db: Database): Promise<LockingRun[]> {
  const rows = await db
    .select({
      id: crawlRuns.id,
      host: crawlRuns.host,
      pid: crawlRuns.pid,
      deadlineAt: crawlRuns.deadlineAt,
      heartbeatAt: crawlRuns.heartbeatAt,
      silentSeconds: sql<string | null>`extract(epoch from now() - ${crawlRuns.heartbeatAt})`,
      isOverdue: sql<boolean>`coalesce(${crawlRuns.deadlineAt} < now(), false)`,
    })
    .from(crawlRuns)
    .where(and(eq(crawlRuns.status, 'running'), ne(crawlRuns.kind, 'crawl'), isNotNull(crawlRuns.heartbeatAt)))
    .orderBy(crawlRuns.id);
  return rows.map((r) => ({ ...r, silentSeconds: r.silentSeconds === null ? null : Number(r.silentSeconds) }));
}

/** Ends a run another one took over: its status, why, and its sites still running failed with the same reason. */
export async function abandonRun(db: Database, id: number, status: 'interrupted' | 'failed', reason: string): Promise<void> {
  await db
    .update(crawlRuns)
    .set({ status, finishedAt: new Date(), heartbeatAt: null, errors: [{ message: reason }] })
    .where(and(eq(crawlRuns.id, id), eq(crawlRuns.status, 'running')));
  await db
    .update(siteCrawls)
    .set({ status: 'failed', message: reason })
    .where(and(eq(siteCrawls.runId, id), eq(siteCrawls.status, 'running')));
}

export async function finishRun(
  db: Database,
  id: number,
  result: { status: RunStatus; counts: unknown; errors: unknown; report: unknown; finishedAt: Date },
): Promise<void> {
  // Only a run still running: one taken over by another run (jobs/run-lock.ts) keeps the end that run gave it.
  await db
    .update(crawlRuns)
    .set({ ...result, heartbeatAt: null })
    .where(and(eq(crawlRuns.id, id), eq(crawlRuns.status, 'running')));
}

/** Runs still marked running whose process is gone (killed): they become 'interrupted'. */
export async function markInterruptedRuns(db: Database, host: string, isAlive: (pid: number) => boolean): Promise<number[]> {
  const running = await db.select({ id: crawlRuns.id, host: crawlRuns.host, pid: crawlRuns.pid }).from(crawlRuns).where(eq(crawlRuns.status, 'running'));
  const dead = running.filter((r) => r.host === host && r.pid !== null && !isAlive(r.pid)).map((r) => r.id);
  for (const id of dead) {
    await db.update(crawlRuns).set({ status: 'interrupted', finishedAt: new Date() }).where(eq(crawlRuns.id, id));
    await db
      .update(siteCrawls)
      .set({ status: 'failed', message: 'interrupted' })
      .where(and(eq(siteCrawls.runId, id), eq(siteCrawls.status, 'running')));
  }
  return dead;
}

export async function startSiteCrawl(db: Database, runId: number, siteId: string): Promise<number> {
  const rows = await db.insert(siteCrawls).values({ runId, siteId }).returning({ id: siteCrawls.id });
  return rows[0]!.id;
}

export interface SiteCrawlResult {
  status: SiteCrawlStatus;
  pages: number;
  requests: number;
  reportsFound: number;
  documentsNew: number;
  documentsChanged: number;
  documentsUnchanged: number;
  errors: number;
  message: string | null;
  finishedAt: Date;
  bytesDownloaded: number;
  errorsByOutcome: Record<string, number>;
  lookAlikes: number;
  unmatched: number;
  pagesRendered: number;
}

export async function finishSiteCrawl(db: Database, id: number, r: SiteCrawlResult): Promise<void> {
  await db.update(siteCrawls).set(r).where(eq(siteCrawls.id, id));
}

/** A site crawl's counts so far, while it runs (its status stays 'running'). */
export async function recordSiteProgress(db: Database, id: number, r: Omit<SiteCrawlResult, 'status' | 'message' | 'finishedAt'>): Promise<void> {
  await db
    .update(siteCrawls)
    .set(r)
    .where(and(eq(siteCrawls.id, id), eq(siteCrawls.status, 'running')));
}

/** What the sites of a run have spent so far, as their rows last recorded it: the run's budgets are counted on these. */
export async function runCrawlTotals(db: Database, runId: number): Promise<{ requests: number; documents: number; bytes: number }> {
  const [row] = await db
    .select({
      requests: sql<number>`coalesce(sum(${siteCrawls.requests}), 0)::int`,
      documents: sql<number>`coalesce(sum(${siteCrawls.documentsNew} + ${siteCrawls.documentsChanged}), 0)::int`,
      bytes: sql<number>`coalesce(sum(${siteCrawls.bytesDownloaded}), 0)::bigint`,
    })
    .from(siteCrawls)
    .where(eq(siteCrawls.runId, runId));
  return { requests: Number(row?.requests ?? 0), documents: Number(row?.documents ?? 0), bytes: Number(row?.bytes ?? 0) };
}

export async function upsertSites(
  db: Database,
  list: { id: string; name: string; regionCode: string | null; config: unknown; enabled: boolean; disabledReason: string | null; demo?: boolean }[],
): Promise<void> {
  for (const s of list) {
    await db
      .insert(sites)
      .values({ ...s, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: sites.id,
        set: {
          name: s.name,
          regionCode: s.regionCode,
          config: s.config,
          enabled: s.enabled,
          disabledReason: s.disabledReason,
          demo: Boolean(s.demo),
          updatedAt: sql`now()`,
        },
      });
  }
}

export async function recentRuns(db: Database, limit: number) {
  return db.select().from(crawlRuns).orderBy(desc(crawlRuns.startedAt)).limit(limit);
}

/** The last crawls of one site, newest first (`gongkai sites show`). */
export async function lastCrawlsOfSite(handle: DbHandle, siteId: string, limit = 10): Promise<Record<string, unknown>[]> {
  const { rows } = await handle.query(
    `select run_id, status, started_at, pages, reports_found, documents_new, documents_changed, errors, message
       from site_crawls where site_id = $1 order by started_at desc limit $2`,
    [siteId, limit],
  );
  return rows;
}

/** A site of the registry other than those whose id starts with `prefix` (the demo refuses a database holding one). */
export async function siteOtherThan(handle: DbHandle, prefix: string): Promise<string | undefined> {
  const { rows } = await handle.query<{ id: string }>(`select id from sites where not starts_with(id, $1) limit 1`, [prefix]);
  return rows[0]?.id;
}

/** How many divisions the regions table holds (`gongkai db migrate` reports it). */
export async function countRegions(handle: DbHandle): Promise<number> {
  const { rows } = await handle.query<{ n: number }>('select count(*)::int as n from regions');
  return rows[0]!.n;
}

/** The most reports an earlier finished crawl of the site found (0 when none found any); `except` is this crawl. */
export async function bestEarlierReports(db: Database, siteId: string, except: number | null): Promise<number> {
  const rows = await db
    .select({ n: sql<number | null>`max(${siteCrawls.reportsFound})::int` })
    .from(siteCrawls)
    .where(and(eq(siteCrawls.siteId, siteId), isNotNull(siteCrawls.finishedAt), except === null ? undefined : ne(siteCrawls.id, except)));
  return rows[0]?.n ?? 0;
}

/** Requests the last finished crawl of each of these sites made (a site never crawled to its end is absent). */
export async function lastCrawlRequests(db: Database, siteIds: string[]): Promise<Map<string, number>> {
  if (siteIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([siteCrawls.siteId], { siteId: siteCrawls.siteId, requests: siteCrawls.requests })
    .from(siteCrawls)
    .where(and(inArray(siteCrawls.siteId, siteIds), isNotNull(siteCrawls.finishedAt)))
    .orderBy(siteCrawls.siteId, desc(siteCrawls.finishedAt));
  return new Map(rows.map((r) => [r.siteId, r.requests]));
}

/**
 * Whether the site's crawl before `current` ran to its end with everything followed: finished 'ok' (not cut by a
 * budget or a trap, not failed, not killed) and no request ended in an exception. After such a crawl every report page
 * it recorded had its attachments asked for.
 */
export async function lastCrawlComplete(db: Database, siteId: string, current: number): Promise<boolean> {
  const [last] = await db
    .select({ status: siteCrawls.status, finishedAt: siteCrawls.finishedAt, errorsByOutcome: siteCrawls.errorsByOutcome })
    .from(siteCrawls)
    .where(and(eq(siteCrawls.siteId, siteId), ne(siteCrawls.id, current)))
    .orderBy(desc(siteCrawls.id))
    .limit(1);
  return Boolean(last?.finishedAt) && last!.status === 'ok' && !last!.errorsByOutcome.exception;
}
