// Postgres advisory locks held on a connection of their own (PGlite has one connection; the same locks work there):
// one collection run at a time per database, and setup steps that must not run twice at once.
import type { DbHandle } from '../client.js';

export interface HeldLock {
  release(): Promise<void>;
}

/** Takes the lock if it is free; null when another session holds it. */
export async function tryAdvisoryLock(handle: DbHandle, key: number): Promise<HeldLock | null> {
  if (handle.kind === 'postgres') {
    const conn = await handle.sql!.reserve();
    const rows = await conn`select pg_try_advisory_lock(${key}) as ok`;
    if (!rows[0]?.ok) {
      conn.release();
      return null;
    }
    return {
      async release() {
        await conn`select pg_advisory_unlock(${key})`.catch(() => {});
        conn.release();
      },
    };
  }
  const { rows } = await handle.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key]);
  if (!rows[0]?.ok) return null;
  return {
    async release() {
      await handle.query('select pg_advisory_unlock($1)', [key]).catch(() => {});
    },
  };
}

/** Runs `fn` while holding the lock, waiting for it if another session holds it (Postgres server only). */
export async function withAdvisoryLock<T>(handle: DbHandle, key: number, fn: () => Promise<T>): Promise<T> {
  const conn = await handle.sql!.reserve();
  try {
    await conn`select pg_advisory_lock(${key})`;
    return await fn();
  } finally {
    await conn`select pg_advisory_unlock(${key})`.catch(() => {});
    conn.release();
  }
}

/**
 * Ends the server session holding the advisory lock `key` (a stuck run's), so that the lock is released; false when
 * no session holds it. Needs the right to signal that session (the same login, or pg_signal_backend). Postgres only.
 */
export async function endLockHolder(handle: DbHandle, key: number): Promise<boolean> {
  // A bigint key is stored as two 32-bit halves: classid the high one, objid the low one, objsubid 1.
  const high = Math.floor(key / 2 ** 32);
  const low = key % 2 ** 32;
  const rows = await handle.sql!`
    select pg_terminate_backend(pid) as ended from pg_locks
    where locktype = 'advisory' and granted and classid = ${high} and objid = ${low} and objsubid = 1`;
  return rows.some((r) => r.ended === true);
}
