// A read-only role for researchers on a Postgres server: SELECT on every table and research view, now and for the
// tables later migrations create, and nothing else (sessions default to read-only transactions as well).
import type { DbHandle } from './client.js';

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
  // Tables and views that later migrations create (as the user running them, which is this one).
  await exec('alter default privileges in schema public grant select on tables to %I', role);
  const login = (await handle.query<{ rolcanlogin: boolean }>('select rolcanlogin from pg_roles where rolname = $1', [role])).rows[0]!.rolcanlogin;
  return { role, created: !exists, login };
}
