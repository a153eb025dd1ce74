// Runs researcher SQL read-only: the statement is checked first (check-statement.ts), then run in a READ ONLY
// transaction that is rolled back — on Postgres over a login that cannot write (GONGKAI_READER_URL, or DATABASE_URL
// when that login is itself a plain reader), on the embedded database as the gongkai_reader role. Never runs
// anything on a superuser or owner connection: a superuser session can undo any role switch from SQL.
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { ReaderUnavailableError } from '../errors.js';
import { checkReadOnlyStatement } from './check-statement.js';

export interface ReadResult<T> {
  rows: T[];
  columns: string[];
}

/** Role that researcher SQL runs as on the embedded database (created by the migrations' after-step). */
export const QUERY_ROLE = 'gongkai_reader';

/** postgres.js honours `simple` at run time but leaves it out of its typings. */
const EXTENDED_PROTOCOL = { simple: false, prepare: false } as unknown as postgres.UnsafeQueryOptions;

class Rollback extends Error {}

/** Type OIDs of bigint (int8) and numeric: both drivers hand their values over as text (or a BigInt) to keep precision. */
const EXACT_NUMBER_TYPES = new Set([20, 1700]);

/**
 * Researchers read results as numbers (JSON, the web page, the table's alignment): bigint and numeric values become
 * numbers when a double holds them exactly (a safe integer, or at most 15 significant digits); others stay text, never rounded.
 */
export function numbersAsNumbers<T>(rows: T[], columns: { name: string; type: number }[]): T[] {
  const exact = columns.filter((c) => EXACT_NUMBER_TYPES.has(c.type)).map((c) => c.name);
  if (exact.length === 0) return rows;
  for (const row of rows as Record<string, unknown>[]) {
    for (const name of exact) {
      const v = row[name];
      if (typeof v === 'bigint') {
        if (Number.isSafeInteger(Number(v))) row[name] = Number(v);
      } else if (typeof v === 'string' && /^-?\d+$/.test(v)) {
        if (Number.isSafeInteger(Number(v))) row[name] = Number(v);
      } else if (typeof v === 'string' && /^-?\d+\.\d+$/.test(v) && v.replace(/^-?0*|\.|0+$/g, '').length <= 15) {
        row[name] = Number(v);
      }
    }
  }
  return rows;
}

/**
 * Why a login may not run researcher SQL, or null when it is a plain reader. Checked on the session user, so a
 * role that could SET ROLE to something stronger is judged by its memberships too.
 */
export const WRITE_ACCESS_SQL = `
  select r.rolname as role,
         r.rolsuper as superuser,
         pg_has_role(session_user, 'pg_execute_server_program', 'MEMBER')
           or pg_has_role(session_user, 'pg_read_server_files', 'MEMBER')
           or pg_has_role(session_user, 'pg_write_server_files', 'MEMBER') as server_files,
         has_schema_privilege(session_user, 'public', 'CREATE') as can_create,
         (select string_agg(c.relname, ', ' order by c.relname) from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
             and has_table_privilege(session_user, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')) as writable
    from pg_roles r where r.rolname = session_user`;

interface WriteAccessRow {
  role: string;
  superuser: boolean;
  server_files: boolean;
  can_create: boolean;
  writable: string | null;
}

/** The reason a login can write (superuser, server files, CREATE, table privileges), or null. */
export function writeAccessOf(row: WriteAccessRow): string | null {
  if (row.superuser) return `"${row.role}" is a superuser`;
  if (row.server_files) return `"${row.role}" may read or write server files or run programs`;
  if (row.can_create) return `"${row.role}" may create tables in schema public`;
  if (row.writable) {
    const tables = row.writable.split(', ');
    return `"${row.role}" may write ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ` and ${tables.length - 3} more tables` : ''}`;
  }
  return null;
}

const HOW_TO =
  'create a reader once with `gongkai db grant-readonly gongkai_query --password …` and set GONGKAI_READER_URL=postgres://gongkai_query:…@host:port/db';

/**
 * Picks the Postgres connection researcher SQL runs on: a new one to `readerUrl`, or `main` when its own login is
 * a plain reader. Throws ReaderUnavailableError (nothing is run) when neither is.
 */
export async function connectReader(main: postgres.Sql, readerUrl: string | null | undefined): Promise<{ sql: postgres.Sql; close(): Promise<void> }> {
  if (readerUrl) {
    const sql = postgres(readerUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'gongkai-query', jit: 'off' } });
    try {
      const [row] = await sql.unsafe<WriteAccessRow[]>(WRITE_ACCESS_SQL);
      const why = writeAccessOf(row!);
      if (why) throw new ReaderUnavailableError(`GONGKAI_READER_URL must log in as a reader, but ${why}: ${HOW_TO}`);
    } catch (err) {
      await sql.end({ timeout: 5 });
      throw err;
    }
    return { sql, close: () => sql.end({ timeout: 5 }) };
  }
  const [row] = await main.unsafe<WriteAccessRow[]>(WRITE_ACCESS_SQL);
  const why = writeAccessOf(row!);
  if (why) {
    throw new ReaderUnavailableError(
      `gongkai query runs researcher SQL only on a login that cannot write, and DATABASE_URL's ${why.replace(/^"/, 'login "')}; ${HOW_TO}`,
    );
  }
  return { sql: main, close: async () => {} };
}

/** Checks `text`, then runs it in a READ ONLY transaction on a reader connection and rolls back. */
export async function readOnPostgres<T>(reader: postgres.Sql, text: string): Promise<ReadResult<T>> {
  await checkReadOnlyStatement(text);
  let result: ReadResult<T> | undefined;
  await reader
    .begin('read only', async (tx) => {
      // The checker parsed the text with standard strings; the server must lex it the same way.
      await tx.unsafe('set local standard_conforming_strings = on');
      // Extended protocol: a string holding several statements is refused by the server too.
      const rows = await tx.unsafe(text, [], EXTENDED_PROTOCOL);
      const columns = (rows.columns ?? []).map((c) => ({ name: c.name, type: c.type }));
      result = { rows: numbersAsNumbers([...rows] as T[], columns), columns: columns.map((c) => c.name) };
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return result!;
}

/**
 * Checks `text`, then runs it on the embedded database in a READ ONLY transaction as QUERY_ROLE and rolls back.
 * PGlite has one superuser session, so the statement check is what holds here; the role and the read-only
 * transaction are a second line should a function on the allowlist turn out to do more than it says.
 */
export async function readOnPglite<T>(pg: PGlite, text: string): Promise<ReadResult<T>> {
  await checkReadOnlyStatement(text);
  let result: ReadResult<T> | undefined;
  await pg
    .transaction(async (tx) => {
      await tx.query('set transaction read only');
      await tx.query('set local standard_conforming_strings = on');
      const role = await tx.query<{ ok: boolean }>('select exists (select 1 from pg_roles where rolname = $1) as ok', [QUERY_ROLE]);
      if (role.rows[0]?.ok) await tx.query(`set local role ${QUERY_ROLE}`);
      const res = await tx.query(text);
      const columns = res.fields.map((f) => ({ name: f.name, type: f.dataTypeID }));
      result = { rows: numbersAsNumbers(res.rows as T[], columns), columns: columns.map((c) => c.name) };
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return result!;
}
