// One collection run at a time per database, even across machines: a Postgres advisory lock held on its own
// connection for the length of the run (PGlite has one connection; the same lock works there).
import type { DbHandle } from '../db/client.js';

const RUN_LOCK_KEY = 7_361_022_021;

export interface RunLock {
  release(): Promise<void>;
}

/** Takes the run lock if it is free; null when another run holds it. */
export async function tryRunLock(handle: DbHandle): Promise<RunLock | null> {
  if (handle.kind === 'postgres') {
    const conn = await handle.sql!.reserve();
    const rows = await conn`select pg_try_advisory_lock(${RUN_LOCK_KEY}) as ok`;
    if (!rows[0]?.ok) {
      conn.release();
      return null;
    }
    return {
      async release() {
        await conn`select pg_advisory_unlock(${RUN_LOCK_KEY})`.catch(() => {});
        conn.release();
      },
    };
  }
  const { rows } = await handle.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [RUN_LOCK_KEY]);
  if (!rows[0]?.ok) return null;
  return {
    async release() {
      await handle.query('select pg_advisory_unlock($1)', [RUN_LOCK_KEY]).catch(() => {});
    },
  };
}
