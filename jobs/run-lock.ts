// One collection run at a time per database, even across machines: an advisory lock held for the length of the run,
// and a heartbeat on the run's row while it is held. A run whose process is gone (its lock released with its session)
// or that is stuck past its deadline with no heartbeat is taken over, and its row says so; a live run never is.
// Orchestration only: the SQL is in db/queries.
import fs from 'node:fs';
import os from 'node:os';
import type { Logger } from 'pino';
import type { DbHandle } from '../db/client.js';
import { endLockHolder, type HeldLock, tryAdvisoryLock } from '../db/queries/locks.js';
import { abandonRun, beatRun, lockingRuns } from '../db/queries/runs.js';

/** Arbitrary constant shared by every gongkai process on the database. */
const RUN_LOCK_KEY = 7_361_022_021;

/** How often the process holding the lock writes the run's heartbeat. */
export const HEARTBEAT_MS = 10_000;
/** A run this long without a heartbeat (six missed) and past its deadline is stuck: a new run may take it over. */
export const STALE_SECONDS = 60;

export type RunLock = HeldLock;

/** Takes the run lock if it is free; null when another run holds it. */
export function tryRunLock(handle: DbHandle): Promise<RunLock | null> {
  return tryAdvisoryLock(handle, RUN_LOCK_KEY);
}

/**
 * Takes the run lock, taking over a dead or stuck run: with the lock free, every run still marked as holding it has
 * lost its process (interrupted, with why); with the lock held, a run past its deadline whose heartbeat is older than
 * STALE_SECONDS is ended — its process when it runs on this machine, else its database session (Postgres) — which
 * frees the lock, and its row ends failed with why. Null when a live run holds the lock.
 */
export async function takeRunLock(handle: DbHandle, log: Logger): Promise<RunLock | null> {
  const lock = await tryRunLock(handle);
  if (lock) {
    for (const run of await lockingRuns(handle.db)) {
      // This process's own runs are alive (the embedded database's one session may take its lock again).
      if (run.host === os.hostname() && run.pid === process.pid) continue;
      const reason = `taken over: its process (${run.host ?? '?'} pid ${run.pid ?? '?'}) ended without finishing it, and with it its hold on the run lock`;
      await abandonRun(handle.db, run.id, 'interrupted', reason);
      log.warn({ runId: run.id, reason }, 'run taken over');
    }
    return lock;
  }
  // The embedded database lives in one process: another process cannot hold its lock (db/dir-lock.ts keeps them out).
  if (handle.kind !== 'postgres') return null;
  const runs = await lockingRuns(handle.db);
  const isStuck = (r: (typeof runs)[number]) => r.isOverdue && (r.silentSeconds ?? 0) > STALE_SECONDS;
  // A run with a fresh heartbeat is alive: never taken over, whatever its deadline says.
  if (runs.length === 0 || !runs.every(isStuck)) return null;
  const stuck = runs.at(-1)!;
  const ended: string[] = [];
  // On this machine the stuck process also holds its sites' queue directories (db/dir-lock.ts): it is ended, which
  // frees those and, with its session, the lock. Elsewhere only its database session can be ended.
  if (stuck.host === os.hostname() && stuck.pid !== null && stuck.pid !== process.pid && isGongkaiProcess(stuck.pid)) {
    process.kill(stuck.pid, 'SIGKILL');
    ended.push('its process');
  }
  let taken = await waitForRunLock(handle, ended.length ? 50 : 0);
  if (!taken && (await endLockHolder(handle, RUN_LOCK_KEY))) {
    ended.push('its database session');
    taken = await waitForRunLock(handle, 50);
  }
  if (!taken) return null;
  const reason = `taken over: past its deadline (${stuck.deadlineAt?.toISOString()}) with no heartbeat for ${Math.round(stuck.silentSeconds ?? 0)} s; ended: ${ended.join(' and ') || 'nothing (its lock was free)'} (${stuck.host ?? '?'} pid ${stuck.pid ?? '?'})`;
  for (const run of runs) await abandonRun(handle.db, run.id, 'failed', reason);
  log.warn({ runId: stuck.id, reason }, 'run taken over');
  return taken;
}

/** Tries for the lock `tries` more times 100 ms apart (a killed process's or ended session's locks go asynchronously). */
async function waitForRunLock(handle: DbHandle, tries: number): Promise<RunLock | null> {
  for (let i = 0; ; i++) {
    const lock = await tryRunLock(handle);
    if (lock || i >= tries) return lock;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether `pid` runs gongkai (its command line names it): a pid a dead run left may since belong to anything. */
function isGongkaiProcess(pid: number): boolean {
  try {
    return /gongkai/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
  } catch {
    return false; // gone, or no /proc on this system: its session alone is ended
  }
}

/**
 * Writes the run's heartbeat every HEARTBEAT_MS while its lock is held; stop() ends it, and with `released` clears it
 * (the run goes on in workers, with no process holding its lock).
 */
export function startHeartbeat(handle: DbHandle, runId: number, log: Logger): { stop(released?: boolean): Promise<void> } {
  const timer = setInterval(() => {
    beatRun(handle.db, runId, 'now').catch((err: Error) => log.warn({ runId, err: err.message }, 'heartbeat not written'));
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    async stop(released = false) {
      clearInterval(timer);
      if (released) await beatRun(handle.db, runId, null);
    },
  };
}
