// A grant-readonly login holds by itself, even when the researcher connects with psql and skips gongkai's checks:
// no writes, no advisory locks (gongkai's run lock stays free), no temp tables, no large objects, no CREATE; and
// tables a later migration adds are readable. Run on Postgres for tables owned by a superuser and by an owner role.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryRunLock } from '../../jobs/run-lock.js';
import { roleSetup, type RoleSetup } from '../helpers/pg-roles.js';

const available = Boolean(process.env.TEST_DATABASE_URL);

for (const as of ['superuser', 'owner'] as const) {
  describe.skipIf(!available)(
    available ? `grant-readonly role [postgres, tables owned by ${as}]` : 'grant-readonly role [postgres: skipped, TEST_DATABASE_URL not set]',
    () => {
      let setup: RoleSetup;
      let reader: postgres.Sql;
      beforeAll(async () => {
        setup = await roleSetup(as);
        reader = postgres(setup.readerUrl, { max: 1, onnotice: () => {} });
      });
      afterAll(async () => {
        await reader?.end();
        await setup?.cleanup();
      });

      it('reads the research views', async () => {
        const rows = await reader`select count(*)::int as n from regions where code like '1101%'`;
        expect(rows[0]!.n).toBeGreaterThan(10);
      });

      // Each is tried with read-only sessions switched off first: the role may change that setting, so it must not matter.
      it.each([
        ['advisory lock', `select pg_advisory_lock(7361022021)`, /permission denied for function pg_advisory_lock/],
        ['try advisory lock', `select pg_try_advisory_lock(7361022021)`, /permission denied for function pg_try_advisory_lock/],
        ['transaction advisory lock', `select pg_advisory_xact_lock(7361022021)`, /permission denied for function pg_advisory_xact_lock/],
        ['temp table', `create temp table t (x int)`, /permission denied to create temporary tables/],
        ['large object', `select lo_create(0)`, /permission denied for function lo_create/],
        ['large object from bytes', `select lo_from_bytea(0, '\\x00')`, /permission denied for function lo_from_bytea/],
        ['table', `create table public.t (x int)`, /permission denied for schema public/],
        ['insert', `insert into db_meta (key, value) values ('x', 'y')`, /permission denied for table db_meta/],
      ])('cannot take or make: %s', async (_name, statement, message) => {
        await reader`set default_transaction_read_only = off`;
        await expect(reader.unsafe(statement)).rejects.toThrow(message);
      });

      it('leaves gongkai its own run lock (the owner still takes it)', async () => {
        const lock = await tryRunLock(setup.handle);
        expect(lock).not.toBeNull();
        await lock!.release();
      });

      it('reads tables that a later migration creates as the owner', async () => {
        await setup.handle.query('create table later_table (x int)');
        await setup.handle.query('insert into later_table values (42)');
        const rows = await reader`select x from later_table`;
        expect(rows).toEqual([{ x: 42 }]);
      });
    },
  );
}
