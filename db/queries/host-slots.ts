// Per-host politeness shared by every process on the database: each request reserves the next start time.
import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { executeRows } from '../execute-rows.js';

/**
 * Reserves a start time for a request to `host` at least `delayMs` after the previous reservation; returns how many
 * milliseconds to wait for it (by the database's clock, which every machine shares).
 * Atomic (one upsert), so workers on several machines interleave correctly.
 */
export async function reserveHostSlot(db: Database, host: string, delayMs: number): Promise<number> {
  const [row] = await executeRows<{ wait_ms: number | string }>(
    db,
    sql`
    insert into host_slots (host, next_at) values (${host}, clock_timestamp() + make_interval(secs => ${delayMs / 1000}))
    on conflict (host) do update set next_at = greatest(host_slots.next_at, clock_timestamp()) + make_interval(secs => ${delayMs / 1000})
    returning greatest(0, extract(epoch from (next_at - make_interval(secs => ${delayMs / 1000}) - clock_timestamp())) * 1000)::float8 as wait_ms`,
  );
  return Number(row!.wait_ms);
}

/** After a request ends: the next one may not start sooner than `delayMs` from now (slow responses widen the gap). */
export async function releaseHostSlot(db: Database, host: string, delayMs: number): Promise<void> {
  await db.execute(sql`update host_slots set next_at = greatest(next_at, clock_timestamp() + make_interval(secs => ${delayMs / 1000})) where host = ${host}`);
}
