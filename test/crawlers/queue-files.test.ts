// A request a killed crawl was handling stays locked in crawlee's persisted queue; the resuming crawl releases it
// through crawlee's storage client, and the queue hands it out again at once.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BasicCrawler, Configuration, RequestQueue } from 'crawlee';
import { expect, it } from 'vitest';
import { openSiteQueue, queueDirOf, releaseStaleLocks, removeStaleFileLocks, SEEN_CACHE_SLOTS, siteCrawlerConfig } from '../../crawlers/queue-files.js';
import { tempDir } from '../helpers/replica-crawl.js';

const open = (dir: string) =>
  RequestQueue.open('site-test', {
    config: new Configuration({ persistStorage: true, purgeOnStart: false, storageClientOptions: { localDataDirectory: dir } }),
  });

it('releases the locks a killed crawl left, and only those', async () => {
  const dir = tempDir('gongkai-queue-');
  const killed = await open(dir);
  await killed.addRequests(['a', 'b', 'c'].map((p) => ({ url: `http://replica.test/${p}` })));
  // As a crawl handling two requests leaves them when it is killed: locked for five minutes.
  const { items } = await killed.client.listAndLockHead({ limit: 2, lockSecs: 300 });
  expect(items).toHaveLength(2);
  // A lock directory of proper-lockfile, as a process killed while writing a request leaves it.
  fs.mkdirSync(path.join(queueDirOf(dir, 'site-test'), 'x.json.lock'));
  await new Promise((r) => setTimeout(r, 300)); // crawlee writes its files in the background

  removeStaleFileLocks(queueDirOf(dir, 'site-test'));
  expect(fs.readdirSync(queueDirOf(dir, 'site-test')).filter((f) => f.endsWith('.lock'))).toEqual([]);
  expect(await releaseStaleLocks(killed)).toBe(2);
  const { items: available } = await killed.client.listAndLockHead({ limit: 25, lockSecs: 60 });
  expect(available.map((r) => r.url).sort()).toEqual(['http://replica.test/a', 'http://replica.test/b', 'http://replica.test/c']);
});

it('opens a site queue whose duplicate cache is sized for one site, and still refuses a request twice', async () => {
  // crawlee's own cache is 16 MB of heap per queue: 300 sites open at once ran the crawler out of memory.
  const dir = tempDir('gongkai-queue-');
  const config = new Configuration({ persistStorage: true, purgeOnStart: false, storageClientOptions: { localDataDirectory: dir } });
  const crawleeDefault = await RequestQueue.open('site-default', { config });
  expect((crawleeDefault as unknown as { requestSeenCache: { size: number } }).requestSeenCache.size).toBe(1_000_000);
  const queue = await openSiteQueue('site-small', config);
  expect((queue as unknown as { requestSeenCache: { size: number } }).requestSeenCache.size).toBe(SEEN_CACHE_SLOTS);
  const urls = Array.from({ length: 50 }, (_, i) => ({ url: `http://replica.test/p${i}` }));
  await queue.addRequests(urls);
  const again = await queue.addRequests([...urls, { url: 'http://replica.test/new' }]);
  expect(again.processedRequests.filter((r) => r.wasAlreadyPresent)).toHaveLength(50);
  expect(await queue.handledCount()).toBe(0);
  expect((await queue.getInfo())?.totalRequestCount ?? (await queue.getTotalCount())).toBe(51);
});

it('runs a site crawler without spawning processes to measure memory', async () => {
  // crawlee spawned `ps` once a second per crawler: a crawl of hundreds of sites spent most of its time on it.
  const spawned: string[] = [];
  const spawn = childProcess.spawn;
  childProcess.spawn = ((cmd: string, ...rest: never[]) => {
    spawned.push(cmd);
    return (spawn as (...a: unknown[]) => unknown)(cmd, ...rest);
  }) as typeof childProcess.spawn;
  try {
    const config = siteCrawlerConfig(tempDir('gongkai-queue-'));
    const queue = await openSiteQueue('site-spawn', config);
    await queue.addRequests([1, 2, 3].map((i) => ({ url: `http://replica.test/${i}` })));
    const handled: string[] = [];
    const crawler = new BasicCrawler(
      {
        requestQueue: queue,
        maxConcurrency: 1,
        requestHandler: async ({ request }) => {
          handled.push(request.url);
          await new Promise((r) => setTimeout(r, 1200));
        },
      },
      config,
    );
    await crawler.run();
    expect(handled).toHaveLength(3);
  } finally {
    childProcess.spawn = spawn;
  }
  expect(spawned).toEqual([]);
});
