// Opens the gongkai database: embedded PGlite under the data directory, or a Postgres server when a URL is given.
// Applies the committed migrations and seeds on open, so every caller sees the current schema. Reads no env itself.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { DatabaseLockedError } from './errors.js';
import { acquireDirLock, lockHolder, type DirLock } from './dir-lock.js';
import { afterMigrate } from './after-migrate.js';
import { runCloseHooks } from './close-hooks.js';
import { connectReader, QUERY_ROLE, readOnPglite, readOnPostgres } from './readonly/reader.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The drizzle instance every query function takes as its first parameter (a transaction fits too). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface QueryResult<T = Record<string, unknown>> {
  rows: T[];
  columns: string[];
}

export interface DbHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: a directory or a URL with the password removed. */
  location: string;
  /** Runs one SQL statement with parameters (extended protocol: a string holding several statements is refused). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<T>>;
  /**
   * Runs researcher SQL: one plain SELECT (checked with the Postgres parser, else StatementRefusedError) in a READ ONLY
   * transaction that is rolled back, on a login that cannot write (Postgres: the reader URL, else
   * ReaderUnavailableError) or as the read-only role (embedded). See db/readonly/.
   */
  readOnlyQuery<T = Record<string, unknown>>(text: string): Promise<QueryResult<T>>;
  /** The embedded engine, when kind is 'pglite' (for `gongkai db serve` and pg-boss in-process). */
  pglite?: PGlite;
  /** The postgres.js client, when kind is 'postgres'. */
  sql?: postgres.Sql;
  /** Writes what is still held for the database (the fetch log's rows: db/close-hooks.ts), then closes it. */
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres://… to use a server; null/undefined for the embedded database. */
  databaseUrl?: string | null;
  /** Directory of the embedded database and the archive (default ./data); ignored with a URL. */
  dataDir?: string;
  /** Keep the embedded database in memory (tests). */
  memory?: boolean;
  /** Start the in-memory database from a dump made by `dumpDataDir` (tests start from a migrated template). */
  loadDataDir?: Blob;
  /** Skip migrations (for tools that must not change anything, e.g. a health probe). Default false. */
  skipMigrations?: boolean;
  /** postgres://… of a login that cannot write, for researcher SQL (readOnlyQuery) on a server. */
  readerUrl?: string | null;
  /** Connections in the postgres.js pool. */
  maxConnections?: number;
}

/** postgres.js honours `simple` at run time but leaves it out of its typings. */
const EXTENDED_PROTOCOL = { simple: false, prepare: false } as unknown as postgres.UnsafeQueryOptions;

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
export { QUERY_ROLE };
/** Arbitrary constant for pg_advisory_lock around migrations (several workers may start at once). */
const MIGRATION_LOCK_KEY = 7_361_022_019;

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export async function openDb(options: OpenDbOptions = {}): Promise<DbHandle> {
  const handle = options.databaseUrl ? await openPostgres(options.databaseUrl, options) : await openPglite(options);
  if (!options.skipMigrations) {
    try {
      await migrateDb(handle);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }
  return handle;
}

async function openPostgres(url: string, options: OpenDbOptions): Promise<DbHandle> {
  // JIT off: compiling report_panel's ~340 column expressions took 8 of 10 seconds per page on Postgres 15 (the
  // queries gongkai runs are either small or I/O-bound, never the long analytic scans JIT pays off on).
  const sql = postgres(url, { max: options.maxConnections ?? 5, onnotice: () => {}, connection: { application_name: 'gongkai', jit: 'off' } });
  const db = drizzlePostgres(sql, { schema, casing: 'snake_case' }) as unknown as Database;
  let reader: ReturnType<typeof connectReader> | undefined;
  const toResult = <T>(rows: postgres.RowList<postgres.Row[]>): QueryResult<T> => ({
    rows: [...rows] as T[],
    columns: (rows.columns ?? []).map((c) => c.name),
  });
  return {
    db,
    kind: 'postgres',
    location: redactUrl(url),
    sql,
    async query<T>(text: string, params: unknown[] = []) {
      // simple: false forces the extended protocol, which refuses a string holding several statements.
      return toResult<T>(await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], EXTENDED_PROTOCOL));
    },
    async readOnlyQuery<T>(text: string) {
      reader ??= connectReader(sql, options.readerUrl);
      return readOnPostgres<T>((await reader).sql, text);
    },
    async close() {
      try {
        await runCloseHooks(db);
      } finally {
        if (reader) await (await reader.catch(() => null))?.close();
        await sql.end({ timeout: 5 });
      }
    },
  };
}

async function openPglite(options: OpenDbOptions): Promise<DbHandle> {
  let lock: DirLock | undefined;
  let dataPath: string | undefined;
  if (!options.memory) {
    const dataDir = path.resolve(options.dataDir ?? './data');
    dataPath = path.join(dataDir, 'pglite');
    // PGlite does not create parent directories and does not stop a second process from opening the same files.
    fs.mkdirSync(dataPath, { recursive: true });
    lock = acquireDirLock(dataPath) ?? undefined;
    if (!lock) throw new DatabaseLockedError(dataPath, lockHolder(dataPath));
  }
  let pg: PGlite;
  try {
    pg = dataPath ? await PGlite.create(dataPath) : await PGlite.create({ loadDataDir: options.loadDataDir });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = drizzlePglite(pg, { schema, casing: 'snake_case' }) as unknown as Database;
  const toResult = <T>(res: { rows: unknown[]; fields: { name: string }[] }): QueryResult<T> => ({
    rows: res.rows as T[],
    columns: res.fields.map((f) => f.name),
  });
  return {
    db,
    kind: 'pglite',
    location: dataPath ?? 'memory',
    pglite: pg,
    async query<T>(text: string, params: unknown[] = []) {
      return toResult<T>(await pg.query(text, params));
    },
    readOnlyQuery<T>(text: string) {
      return readOnPglite<T>(pg, text);
    },
    async close() {
      try {
        await runCloseHooks(db);
      } finally {
        try {
          await pg.close();
        } finally {
          lock?.release();
        }
      }
    },
  };
}

/** Applies every committed migration that is not applied yet, then the seeds and grants; safe to run again. */
export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.kind === 'postgres') {
    const sql = handle.sql!;
    // One connection holds the lock while drizzle migrates over the pool; two workers starting together wait in turn.
    const reserved = await sql.reserve();
    try {
      await reserved`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      await migratePostgres(handle.db as never, { migrationsFolder: MIGRATIONS_DIR });
      await afterMigrate(handle);
    } finally {
      await reserved`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
      reserved.release();
    }
  } else {
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_DIR });
    await afterMigrate(handle);
  }
}
