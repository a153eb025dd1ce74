// Takes from PUBLIC (every role of the database, readers included) what a reader must not have, and gives it back to
// the owner of gongkai's tables: advisory locks (a reader holding gongkai's run lock would stop every run), temp
// tables, large objects, CREATE in schema public. Runs SQL the caller is allowed to run; changes nothing else.
import type { DbHandle } from '../client.js';

/** Functions that create large objects; reading or writing one that exists needs privileges on it anyway. */
const LARGE_OBJECT_CREATORS = ['lo_creat', 'lo_create', 'lo_from_bytea', 'lo_import'];

/**
 * Revokes advisory locks, large-object creation, TEMP and CREATE on schema public from PUBLIC in the current
 * database and grants them to `owners` (the roles gongkai runs as). Superusers keep everything regardless.
 */
export async function restrictPublic(handle: DbHandle, owners: string[]): Promise<void> {
  const { rows: functions } = await handle.query<{ signature: string }>(
    `select p.oid::regprocedure::text as signature from pg_proc p
      where p.pronamespace = 'pg_catalog'::regnamespace
        and (p.proname like 'pg\\_%advisory\\_%' or p.proname = any($1::text[]))
      order by 1`,
    [LARGE_OBJECT_CREATORS],
  );
  const grantees = owners.map((o) => quoteIdent(o)).join(', ');
  for (const { signature } of functions) {
    await handle.query(`revoke execute on function ${signature} from public`);
    await handle.query(`grant execute on function ${signature} to ${grantees}`);
  }
  const db = quoteIdent((await handle.query<{ db: string }>('select current_database() as db')).rows[0]!.db);
  await handle.query(`revoke temporary on database ${db} from public`);
  await handle.query(`grant temporary on database ${db} to ${grantees}`);
  await handle.query('revoke create on schema public from public');
  await handle.query(`grant create on schema public to ${grantees}`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
