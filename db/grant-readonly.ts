// A read-only role for researchers on a Postgres server: SELECT on every table and research view, now and for the
// tables later migrations create, and nothing else (sessions default to read-only transactions as well; no advisory
// locks, temp tables, large objects or CREATE, which are taken from PUBLIC and given to the tables' owner).
import type { DbHandle } from './client.js';
import { restrictPublic } from './roles/restrict-public.js';

export const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface GrantResult {
  role: string;
  created: boolean;
  login: boolean;
}

export async function grantReadonly(handle: DbHandle, role: string, password?: string): Promise<GrantResult> {
  if (!ROLE_NAME.test(role)) throw new Error(`role names are lower-case letters, digits and _ (got "${role}")`);
  // DDL takes no bind parameters: statements are built server-side with format(%I, %L), which quotes correctly.
  const exec = async (template: string, ...args: string[]) => {
    const { rows } = await handle.query<{ stmt: string }>(
      `select format(${[`'${template}'`, ...args.map((_, i) => `$${i + 1}::text`)].join(', ')}) as stmt`,
      args,
    );
    await handle.query(rows[0]!.stmt);
  };
  const exists = (await handle.query<{ n: number }>('select count(*)::int as n from pg_roles where rolname = $1', [role])).rows[0]!.n > 0;
  if (!exists) await exec('create role %I nologin', role);
  if (password) await exec('alter role %I with login password %L', role, password);
  await exec('alter role %I set default_transaction_read_only = on', role);
  // report_panel has ~340 computed columns; JIT compiling them costs seconds per query and gains nothing here.
  await exec('alter role %I set jit = off', role);
  const db = (await handle.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
  await exec('grant connect on database %I to %I', db, role);
  await exec('grant usage on schema public to %I', role);
  await exec('grant select on all tables in schema public to %I', role);
  // Tables and views that later migrations create: default privileges apply to objects made by the role named in
  // FOR ROLE, so name the role that owns gongkai's tables (the one migrations run as), not whoever runs this.
  const { rows: owners } = await handle.query<{ owner: string; me: string; superuser: boolean }>(
    `select coalesce((select tableowner from pg_tables where schemaname = 'public' and tablename = 'documents'), current_user) as owner,
            current_user as me, (select rolsuper from pg_roles where rolname = current_user) as superuser`,
  );
  const { owner, me, superuser } = owners[0]!;
  await exec('alter default privileges for role %I in schema public grant select on tables to %I', owner, role);
  await restrictPublic(handle, superuser || me === owner ? [owner] : [owner, me]);
  const kept = await readerExcess(handle, role);
  if (kept.length) throw new Error(`role ${role} can still ${kept.join(', ')}: run grant-readonly as a superuser, who may take these from PUBLIC`);
  const login = (await handle.query<{ rolcanlogin: boolean }>('select rolcanlogin from pg_roles where rolname = $1', [role])).rows[0]!.rolcanlogin;
  return { role, created: !exists, login };
}

/** What `role` can do beyond reading: empty for a role this module made, on a database it has restricted. */
export async function readerExcess(handle: DbHandle, role: string): Promise<string[]> {
  const { rows } = await handle.query<{ locks: boolean; temp: boolean; lo: boolean; create: boolean }>(
    `select has_function_privilege($1, 'pg_catalog.pg_advisory_lock(bigint)', 'EXECUTE') as locks,
            has_database_privilege($1, current_database(), 'TEMPORARY') as temp,
            has_function_privilege($1, 'pg_catalog.lo_create(oid)', 'EXECUTE') as lo,
            has_schema_privilege($1, 'public', 'CREATE') as create`,
    [role],
  );
  const r = rows[0]!;
  return [r.locks && 'take advisory locks', r.temp && 'create temp tables', r.lo && 'create large objects', r.create && 'create tables'].filter(
    (x): x is string => Boolean(x),
  );
}
