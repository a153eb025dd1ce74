// A killed crawl leaves the requests it was handling locked in crawlee's persisted queue until their locks expire
// (minutes). Before a site's crawl resumes, the process that holds the site's queue directory releases those locks
// through crawlee's storage-client interface (listHead, deleteRequestLock), so the interrupted requests run at once.
// The one thing done on the files themselves: proper-lockfile's lock directories (crawlee's per-file write locks)
// outlive a killed process; the caller holds the site's queue, so any left there are stale.
import fs from 'node:fs';
import path from 'node:path';
import type { RequestQueue } from 'crawlee';

export function queueDirOf(queueRoot: string, name: string): string {
  return path.join(queueRoot, 'request_queues', name);
}

/** Removes write locks a killed process left in the queue directory; the caller holds the site's queue lock. */
export function removeStaleFileLocks(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const file of fs.readdirSync(dir)) if (file.endsWith('.lock')) fs.rmSync(path.join(dir, file), { recursive: true, force: true });
}

/** Unlocks every request still locked by a crawl that is gone; returns how many. */
export async function releaseStaleLocks(queue: RequestQueue): Promise<number> {
  // listHead lists every request not yet handled, locked or not; deleteRequestLock refuses one that is not locked.
  const { items } = await queue.client.listHead({ limit: Number.MAX_SAFE_INTEGER });
  let released = 0;
  for (const request of items) {
    try {
      await queue.client.deleteRequestLock(request.id!);
      released++;
    } catch {
      // not locked: nothing to release
    }
  }
  return released;
}
