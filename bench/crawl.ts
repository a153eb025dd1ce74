// bench/crawl: a full crawl of the replica with 20 ms of added latency per request and the default politeness
// (1 request at a time per host, 1 s apart), against its bound: the busiest host's requests × the delay. Then the
// second, unchanged crawl (a nightly run: lists re-read, report pages of the last week skipped): its time and the
// bytes it downloaded as a fraction of the first; and a --full re-check, where every page is asked with a conditional GET.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { pino } from 'pino';
import { openDb } from '../db/client.js';
import { defineSite } from '../crawlers/define-site.js';
import { collect } from '../jobs/collect.js';
import { inProcessQueue } from '../jobs/work-queue.js';
import { startReplica } from '../replica/server.js';

export async function benchCrawl(): Promise<Record<string, number | string>> {
  const replica = await startReplica({ latencyMs: 20, delayMs: 1000, slowMs: 3000 });
  const handle = await openDb({ memory: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-crawl-'));
  const sites = replica.sites.map((s) => defineSite(s.config));
  const log = pino({ level: 'silent' });
  const fetcher = { userAgent: 'gongkai-bench', allowPrivate: true, timeoutMs: 2000, maxBytes: 20 * 1024 * 1024, retries: 3, backoffMs: 1000 };
  const queue = inProcessQueue({
    handle,
    log,
    dataDir,
    fetcher,
    chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    limits: { maxBytes: fetcher.maxBytes, maxPages: 200, timeoutMs: 60_000 },
    parallelSites: sites.length,
  });
  const crawl = async (recheckAfterMs: number) => (await collect({ handle, log, kind: 'crawl', trigger: 'bench', queue, sites, recheckAfterMs })).crawl;
  try {
    let t0 = performance.now();
    const first = await crawl(0);
    const firstMs = performance.now() - t0;
    const hits = [...replica.hits.entries()].filter(([id]) => id !== 'mirror').map(([id, m]) => [id, [...m.values()].reduce((s, n) => s + n, 0)] as const);
    const [busiest, requests] = hits.sort((a, b) => b[1] - a[1])[0]!;
    const boundMs = (requests - 1) * 1000;
    for (const m of replica.hits.values()) m.clear();
    t0 = performance.now();
    const second = await crawl(7 * 24 * 3600 * 1000);
    const secondMs = performance.now() - t0;
    t0 = performance.now();
    const full = await crawl(0);
    const fullMs = performance.now() - t0;
    return {
      'reports listed': first.totals.reportsFound,
      'documents archived': first.totals.documentsNew,
      'busiest host': `${busiest} (${requests} requests)`,
      'politeness bound s': Math.round(boundMs / 100) / 10,
      'first crawl s': Math.round(firstMs / 100) / 10,
      'first / bound': Math.round((firstMs / boundMs) * 100) / 100,
      'second crawl s': Math.round(secondMs / 100) / 10,
      'second / first time': Math.round((secondMs / firstMs) * 100) / 100,
      'first crawl MB downloaded': Math.round((first.totals.bytesDownloaded / 1048576) * 100) / 100,
      'second crawl KB downloaded': Math.round(second.totals.bytesDownloaded / 1024),
      'second / first bytes': Math.round((second.totals.bytesDownloaded / first.totals.bytesDownloaded) * 10000) / 10000,
      'second crawl documents new/changed': second.totals.documentsNew + second.totals.documentsChanged,
      'full re-check (--full) s': Math.round(fullMs / 100) / 10,
      'full re-check KB downloaded': Math.round(full.totals.bytesDownloaded / 1024),
    };
  } finally {
    await handle.close();
    await replica.close();
  }
}
