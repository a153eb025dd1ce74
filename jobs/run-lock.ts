// One collection run at a time per database, even across machines: an advisory lock held for the length of the run.
import type { DbHandle } from '../db/client.js';
import { type HeldLock, tryAdvisoryLock } from '../db/queries/locks.js';

/** Arbitrary constant shared by every gongkai process on the database. */
const RUN_LOCK_KEY = 7_361_022_021;

export type RunLock = HeldLock;

/** Takes the run lock if it is free; null when another run holds it. */
export function tryRunLock(handle: DbHandle): Promise<RunLock | null> {
  return tryAdvisoryLock(handle, RUN_LOCK_KEY);
}
