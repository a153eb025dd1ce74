// The crawl's fetch log (`fetches`, one row per request): rows held in memory per database and written in multi-row
// inserts, and every read of the table, each of which writes first the held rows it could need. Nothing else reads or
// writes `fetches`, so no reader can miss a held row. It must never be given a transaction: held rows outlive one.
//
// Why batches: on the embedded database an autocommitted INSERT of a fetch costs ~0.8 ms of the crawl's one thread
// (measured on a PGlite data directory), a row of a 100–500-row statement ~0.1 ms; a crawl of 300 sites makes
// ~12,000 requests. A multi-row statement is parsed, planned and committed once for all its rows.
//
// What a crash costs: a process killed with SIGKILL (or dying of a signal it does not handle) loses the rows it still
// held, at most FLUSH_MS of its requests (FLUSH_ROWS at the most). Every other end writes them: a site's crawl flushes
// when it ends, a handle flushes before it closes (a worker stopped with SIGTERM, every CLI command). A lost row only
// makes the next crawl do more, never less: rows are only ever read for the last *good* fetch of a URL (lastGoodFetch,
// for the recheck window and conditional GET) and for URLs that never answered well (urlsThatFailed). Without its
// row, a page fetched is due again next time (fetched again, conditionally: its body is archived) and an attachment
// that failed is asked again; nothing is taken as seen that was not, because a document and its source are recorded
// in their own tables, apart from this log, and a recent good fetch is trusted only once its document is recorded.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { beforeClose } from '../close-hooks.js';
import type { Database } from '../client.js';
import { fetches } from '../schema/sites-runs.js';

export type NewFetch = typeof fetches.$inferInsert;

/**
 * Rows per statement at most. A statement's fixed cost is shared by all its rows: per row, ~0.36 ms at 10 rows, ~0.13
 * at 50, ~0.10 at 100 and at 500 (PGlite data directory), so past a hundred it is noise; 500 rows of 16 columns are
 * 8,000 parameters (the protocol allows 65,535). At the scale replica's pace (~65 requests/s) FLUSH_MS comes first;
 * this bounds the rows a busier process holds, and the wait of the one request that fills the batch (it awaits it).
 */
export const FLUSH_ROWS = 500;

/**
 * The longest a row is held: the most a SIGKILL can lose. A second of requests (~65 at the scale replica's pace)
 * makes statements of ~50–100 rows, near the floor of the per-row cost, while a crawl killed loses about one second of
 * its requests (fetched again by the next crawl).
 */
export const FLUSH_MS = 1000;

/** The held rows of one database (one per process and database: see logOf). */
class FetchLog {
  private held: NewFetch[] = [];
  /** URLs of the rows not committed yet (held, or in a statement under way), with their number. */
  private readonly unwritten = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  /** The statements under way, one after the other: ids then follow the order in which rows were recorded. */
  private writing: Promise<void> = Promise.resolve();
  /** A write started by the timer that failed: thrown to the next caller, as a failed INSERT was thrown to its fetch. */
  private failure: { error: unknown } | null = null;

  /** Rows held at most, and for how long (see FLUSH_ROWS, FLUSH_MS). */
  limits = { rows: FLUSH_ROWS, ms: FLUSH_MS };

  constructor(private readonly db: Database) {}

  async record(row: NewFetch): Promise<void> {
    this.raise();
    // The time of the request, not of the statement that writes it (the column's default would be the latter).
    this.held.push({ ...row, fetchedAt: row.fetchedAt ?? new Date() });
    this.unwritten.set(row.url, (this.unwritten.get(row.url) ?? 0) + 1);
    if (this.held.length >= this.limits.rows) return this.flush();
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: unknown) => {
        this.failure ??= { error };
      });
    }, this.limits.ms).unref();
  }

  /** Rows recorded and not yet handed to a statement. */
  get heldRows(): number {
    return this.held.length;
  }

  /** Writes the held rows and waits for every statement under way; throws when one of them failed. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.held;
    this.held = [];
    const write = this.writing.then(() => this.insert(rows));
    this.writing = write.catch(() => {});
    return write.then(() => this.raise());
  }

  /** Writes the held rows first when a read of `urls` could need one of them (one of theirs is not committed). */
  async settle(urls: Iterable<string>): Promise<void> {
    if (this.unwritten.size === 0) return;
    for (const url of urls) if (this.unwritten.has(url)) return this.flush();
  }

  private async insert(rows: NewFetch[]): Promise<void> {
    try {
      for (let i = 0; i < rows.length; i += FLUSH_ROWS) await this.db.insert(fetches).values(rows.slice(i, i + FLUSH_ROWS));
    } finally {
      for (const { url } of rows) {
        const n = this.unwritten.get(url)! - 1;
        if (n > 0) this.unwritten.set(url, n);
        else this.unwritten.delete(url);
      }
    }
  }

  private raise(): void {
    if (!this.failure) return;
    const { error } = this.failure;
    this.failure = null;
    throw error;
  }
}

const logs = new WeakMap<Database, FetchLog>();

function logOf(db: Database): FetchLog {
  const known = logs.get(db);
  if (known) return known;
  const log = new FetchLog(db);
  logs.set(db, log);
  beforeClose(db, () => log.flush());
  return log;
}

/**
 * Sets how many rows the fetch log of `db` holds at most and for how long (defaults FLUSH_ROWS and FLUSH_MS). With
 * `rows: 1` every row is written as it is recorded, its request waiting for it: the log as it was before batches.
 */
export function configureFetchLog(db: Database, limits: Partial<{ rows: number; ms: number }>): void {
  const log = logOf(db);
  log.limits = { ...log.limits, ...limits };
}

/**
 * Records a request in the fetch log. The row is written with others within FLUSH_MS (the call that fills a batch
 * waits for its write); the reads below see it at once, and flushFetchLog or the handle's close() writes it.
 * `db` must be the database itself, never a transaction.
 */
export async function recordFetch(db: Database, row: NewFetch): Promise<void> {
  await logOf(db).record(row);
}

/** Writes every fetch row held for `db` and waits for the writes under way; throws when one failed. */
export async function flushFetchLog(db: Database): Promise<void> {
  await logs.get(db)?.flush();
}

/** Rows recorded for `db` in this process and not yet handed to a statement (0 once flushFetchLog has run). */
export function heldFetchRows(db: Database): number {
  return logs.get(db)?.heldRows ?? 0;
}

/** Waits until the rows of `urls` recorded in this process are in the database. */
async function settled(db: Database, urls: Iterable<string>): Promise<void> {
  await logs.get(db)?.settle(urls);
}

/** The last fetch of a URL that returned a body (or 304 for one): its validators and the sha256 of that body. */
export async function lastGoodFetch(
  db: Database,
  url: string,
): Promise<{ etag: string | null; lastModified: string | null; sha256: string | null; fetchedAt: Date } | undefined> {
  await settled(db, [url]);
  const rows = await db
    .select({ etag: fetches.etag, lastModified: fetches.lastModified, sha256: fetches.sha256, fetchedAt: fetches.fetchedAt })
    .from(fetches)
    .where(and(eq(fetches.url, url), inArray(fetches.outcome, ['ok', 'not_modified'])))
    .orderBy(desc(fetches.fetchedAt), desc(fetches.id))
    .limit(1);
  return rows[0];
}

export type GoodFetch = NonNullable<Awaited<ReturnType<typeof lastGoodFetch>>>;

/** Rows of one `url = any(…)` query: a list page's links, in pieces a statement's parameters hold comfortably. */
const URLS_PER_QUERY = 500;

/** The last good fetch of each of `urls` that has one (see lastGoodFetch), by URL: one query for a list page's links. */
export async function lastGoodFetches(db: Database, urls: readonly string[]): Promise<Map<string, GoodFetch>> {
  const out = new Map<string, GoodFetch>();
  const unique = [...new Set(urls)];
  await settled(db, unique);
  for (let i = 0; i < unique.length; i += URLS_PER_QUERY) {
    const rows = await db
      .selectDistinctOn([fetches.url], {
        url: fetches.url,
        etag: fetches.etag,
        lastModified: fetches.lastModified,
        sha256: fetches.sha256,
        fetchedAt: fetches.fetchedAt,
      })
      .from(fetches)
      .where(and(inArray(fetches.url, unique.slice(i, i + URLS_PER_QUERY)), inArray(fetches.outcome, ['ok', 'not_modified'])))
      .orderBy(fetches.url, desc(fetches.fetchedAt), desc(fetches.id));
    for (const { url, ...fetch } of rows) out.set(url, fetch);
  }
  return out;
}

/** Those of `urls` that were asked for and never answered with the document (refused, too large, errors). */
export async function urlsThatFailed(db: Database, urls: string[]): Promise<Set<string>> {
  if (urls.length === 0) return new Set();
  await settled(db, urls);
  const rows = await db
    .select({ url: fetches.url })
    .from(fetches)
    .where(inArray(fetches.url, urls))
    .groupBy(fetches.url)
    .having(sql`bool_and(${fetches.outcome} not in ('ok', 'not_modified'))`);
  return new Set(rows.map((r) => r.url));
}
