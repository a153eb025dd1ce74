// A killed crawl leaves the requests it was handling locked in crawlee's persisted queue until their locks expire
// (minutes). Before a site's crawl resumes, the process that holds the site's queue directory releases those locks
// through crawlee's storage-client interface (listHead, deleteRequestLock), so the interrupted requests run at once.
// The one thing done on the files themselves: proper-lockfile's lock directories (crawlee's per-file write locks)
// outlive a killed process; the caller holds the site's queue, so any left there are stale.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Configuration, EventManager, RequestQueue } from 'crawlee';

export function queueDirOf(queueRoot: string, name: string): string {
  return path.join(queueRoot, 'request_queues', name);
}

/** crawlee's events without its system measurements: persistState (which saves the queue) only. */
class QueueEvents extends EventManager {}

/**
 * crawlee's configuration for one site's crawler, its queue persisted under `queueRoot`. crawlee measures the
 * machine's memory for its autoscaling by spawning `ps` — at start and every second per crawler: with hundreds of
 * sites crawled at once that was hundreds of processes a second (the crawl spent most of its time spawning them).
 * Concurrency here is set by politeness, not by autoscaling: the memory is given, and the events that carry the
 * measurements are not emitted.
 */
export function siteCrawlerConfig(queueRoot: string): Configuration {
  const config = new Configuration({
    persistStorage: true,
    purgeOnStart: false,
    storageClientOptions: { localDataDirectory: queueRoot },
    memoryMbytes: Math.floor(os.totalmem() / 1048576),
  });
  config.useEventManager(new QueueEvents(config));
  return config;
}

/** Slots of a site queue's duplicate-request cache: a site's crawl holds at most its page budget of requests. */
export const SEEN_CACHE_SLOTS = 1 << 14;

/**
 * Opens a site's request queue with a duplicate-request cache sized for one site. crawlee 3.18 gives every queue a
 * fixed cache of a million slots in two arrays (16 MB of heap per queue, not configurable): with every site of a
 * national crawl open at once that alone is gigabytes (300 sites: 4.8 GB, the process died). A smaller cache only
 * misses more often, and a miss re-submits a request the queue then recognises: nothing is crawled twice.
 */
export async function openSiteQueue(name: string, config: Configuration): Promise<RequestQueue> {
  const queue = await RequestQueue.open(name, { config });
  const inner = queue as unknown as { requestSeenCache?: { size: number; constructor: new (size: number) => unknown } };
  if (inner.requestSeenCache && inner.requestSeenCache.size > SEEN_CACHE_SLOTS) {
    inner.requestSeenCache = new inner.requestSeenCache.constructor(SEEN_CACHE_SLOTS) as typeof inner.requestSeenCache;
  }
  return queue;
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
