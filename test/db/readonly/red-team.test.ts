// The red-team table run for real through readOnlyQuery (what `gongkai query` calls): on the embedded database in a
// data directory, and on Postgres with DATABASE_URL as a superuser and as the tables' owner, each with a reader
// login; without a reader, nothing runs at all. Each statement is refused, and afterwards `documents` is unchanged,
// no file was written and the other session is alive. On Postgres the reader login alone (psql, no checker) holds too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../../db/client.js';
import { ReaderUnavailableError, StatementRefusedError } from '../../../db/errors.js';
import { roleSetup, type RoleSetup } from '../../helpers/pg-roles.js';
import { type AttackContext, RED_TEAM } from './red-team.js';

const DOCUMENTS = `insert into documents (sha256, bytes, archive_path) select md5(i::text) || md5(i::text), i, 'x/' || i from generate_series(1, 83) i`;
const FINGERPRINT = `select count(*)::int as n, md5(string_agg(sha256 || ':' || bytes, ',' order by sha256)) as h from documents`;

function markerDir(): string {
  // World-writable, so that a COPY TO PROGRAM run by the server's OS user could create the marker if it ran.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-redteam-'));
  fs.chmodSync(dir, 0o777);
  return dir;
}

async function expectRefused(handle: DbHandle, sql: string, expected: RegExp | 'database'): Promise<void> {
  const outcome = await handle.readOnlyQuery(sql).then(
    () => 'ran',
    (err: unknown) => err as Error,
  );
  if (expected === 'database') {
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/permission denied/);
  } else {
    expect(outcome).toBeInstanceOf(StatementRefusedError);
    expect((outcome as Error).message).toMatch(expected);
  }
}

describe('red team against readOnlyQuery [pglite, data directory]', () => {
  let dataDir: string;
  let handle: DbHandle;
  let context: AttackContext;
  let before: unknown;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-redteam-pglite-'));
    handle = await openDb({ dataDir });
    await handle.query(DOCUMENTS);
    const file = await handle.query<{ f: string }>(`select current_setting('data_directory') || '/' || pg_relation_filepath('documents') as f`);
    context = { documentsFile: file.rows[0]!.f, marker: path.join(markerDir(), 'ran'), victimPid: 1 };
    before = (await handle.query(FINGERPRINT)).rows[0];
    expect(before).toMatchObject({ n: 83 });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it.each(RED_TEAM.map((a) => [a.name, a] as const))('refuses %s', async (_name, attack) => {
    await expectRefused(handle, attack.sql(context), attack.refusal);
    expect((await handle.query(FINGERPRINT)).rows[0]).toEqual(before);
  });

  it('leaves documents and the files as they were, also after reopening', async () => {
    expect(fs.existsSync(context.marker)).toBe(false);
    await handle.close();
    handle = await openDb({ dataDir });
    expect((await handle.query(FINGERPRINT)).rows[0]).toEqual(before);
    expect((await handle.readOnlyQuery<{ n: number }>('select count(*)::int as n from documents')).rows).toEqual([{ n: 83 }]);
  });
});

const available = Boolean(process.env.TEST_DATABASE_URL);

for (const as of ['superuser', 'owner'] as const) {
  describe.skipIf(!available)(
    available ? `red team against readOnlyQuery [postgres, DATABASE_URL as ${as}]` : 'red team [postgres: skipped, TEST_DATABASE_URL not set]',
    () => {
      let setup: RoleSetup;
      let admin: postgres.Sql;
      let victim: postgres.Sql;
      let withReader: DbHandle;
      let withoutReader: DbHandle;
      let context: AttackContext;
      let before: unknown;
      beforeAll(async () => {
        setup = await roleSetup(as);
        await setup.handle.query(DOCUMENTS);
        admin = postgres(setup.adminUrl, { max: 1, onnotice: () => {} });
        victim = postgres(setup.adminUrl, { max: 1, onnotice: () => {} });
        const [file] = await admin`select current_setting('data_directory') || '/' || pg_relation_filepath('documents') as f`;
        const [pid] = await victim`select pg_backend_pid() as pid`;
        context = { documentsFile: file!.f as string, marker: path.join(markerDir(), 'ran'), victimPid: pid!.pid as number };
        before = (await setup.handle.query(FINGERPRINT)).rows[0];
        withReader = await openDb({ databaseUrl: setup.databaseUrl, readerUrl: setup.readerUrl, skipMigrations: true });
        withoutReader = await openDb({ databaseUrl: setup.databaseUrl, skipMigrations: true });
      });
      afterAll(async () => {
        await withReader?.close();
        await withoutReader?.close();
        await victim?.end();
        await admin?.end();
        await setup?.cleanup();
      });

      const unchanged = async () => {
        expect((await setup.handle.query(FINGERPRINT)).rows[0]).toEqual(before);
        expect(fs.existsSync(context.marker)).toBe(false);
        expect(await victim`select 1 as alive`).toEqual([{ alive: 1 }]);
      };

      it.each(RED_TEAM.map((a) => [a.name, a] as const))('refuses %s', async (_name, attack) => {
        await expectRefused(withReader, attack.sql(context), attack.refusal);
        await unchanged();
      });

      it('runs a plain SELECT on the reader login', async () => {
        const r = await withReader.readOnlyQuery<{ n: number; who: string }>('select count(*)::int as n, current_user as who from documents');
        expect(r.rows).toEqual([{ n: 83, who: setup.readerRole }]);
      });

      it(`runs nothing without a reader: DATABASE_URL as ${as} can write`, async () => {
        for (const sql of ['select 1', ...RED_TEAM.map((a) => a.sql(context))]) {
          const err = await withoutReader.readOnlyQuery(sql).then(
            () => null,
            (e: unknown) => e as Error,
          );
          expect(err).toBeInstanceOf(ReaderUnavailableError);
          expect(err!.message).toMatch(as === 'superuser' ? /login "postgres" is a superuser/ : /may create tables in schema public|may write/);
          expect(err!.message).toMatch(/GONGKAI_READER_URL=/);
        }
        await unchanged();
      });

      it('refuses a GONGKAI_READER_URL that can write', async () => {
        const wrong = await openDb({ databaseUrl: setup.databaseUrl, readerUrl: setup.databaseUrl, skipMigrations: true });
        try {
          await expect(wrong.readOnlyQuery('select 1')).rejects.toThrow(/GONGKAI_READER_URL must log in as a reader, but "/);
        } finally {
          await wrong.close();
        }
      });

      it('the reader login holds by itself, without the statement check (a researcher with psql)', async () => {
        const reader = postgres(setup.readerUrl, { max: 1, onnotice: () => {} });
        try {
          for (const attack of RED_TEAM.filter((a) => !/pg_sleep/.test(a.name))) {
            await reader.unsafe(attack.sql(context), [], { simple: true } as never).catch(() => {});
            await reader.unsafe('rollback').catch(() => {});
            await unchanged();
          }
          // And none of it left the reader holding gongkai's run lock.
          const [lock] = await admin`select count(*)::int as n from pg_locks where locktype = 'advisory'`;
          expect(lock!.n).toBe(0);
        } finally {
          await reader.end();
        }
      });
    },
  );
}
