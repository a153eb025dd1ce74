// Crawling the replica from a test: fetch settings that keep tests fast (short timeouts, small limits) and the
// replica's sites as configurations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { DbHandle } from '../../db/client.js';
import { defineSite } from '../../crawlers/define-site.js';
import type { FetcherOptions } from '../../crawlers/fetch/fetcher.js';
import type { CrawlReport } from '../../domain/run-report.js';
import { collect } from '../../jobs/collect.js';
import { inProcessQueue } from '../../jobs/work-queue.js';
import { startWorker, type Worker } from '../../jobs/worker.js';
import type { SiteConfig } from '../../crawlers/types.js';
import { stringify } from 'yaml';
import { type Replica, startReplica } from '../../replica/server.js';
import { afterAll, beforeAll } from 'vitest';
import { freshDb } from './db.js';

export const TEST_FETCHER: FetcherOptions = {
  userAgent: 'gongkai-test',
  allowPrivate: true,
  timeoutMs: 5000,
  maxBytes: 5 * 1024 * 1024,
  retries: 2,
  backoffMs: 20,
};

/** Reading limits for tests: generous enough for every replica document. */
export const TEST_LIMITS = { maxBytes: 20 * 1024 * 1024, maxPages: 200, timeoutMs: 60_000 };

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's chromium is installed by .ci/run; a laptop without it skips the JavaScript-only site, visibly. */
export const HAS_BROWSER = fs.existsSync(CHROMIUM_PATH);

export function replicaSites(replica: Replica, only?: string[]): SiteConfig[] {
  return replica.sites.filter((s) => !only || only.includes(s.id)).map((s) => defineSite(s.config));
}

/** The sha256 of every body archived under a data directory, sorted (a crawl run by another process is watched so). */
export function archivedShas(dataDir: string): string[] {
  const root = path.join(dataDir, 'archive');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => /[0-9a-f]{64}$/.test(f))
    .map((f) => path.basename(f))
    .sort();
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function crawlReplica(
  handle: DbHandle,
  replica: Replica,
  dataDir: string,
  options: {
    only?: string[];
    fetcher?: Partial<FetcherOptions>;
    recheckAfterMs?: number;
    chromiumPath?: string;
    parallelSites?: number;
    sites?: SiteConfig[];
  } = {},
): Promise<CrawlReport> {
  const log = pino({ level: 'silent' });
  const queue = inProcessQueue({
    handle,
    log,
    dataDir,
    fetcher: { ...TEST_FETCHER, ...options.fetcher },
    chromiumPath: options.chromiumPath ?? CHROMIUM_PATH,
    limits: TEST_LIMITS,
    parallelSites: options.parallelSites,
  });
  const report = await collect({
    handle,
    log,
    kind: 'crawl',
    trigger: 'test',
    queue,
    sites: options.sites ?? replicaSites(replica, options.only),
    recheckAfterMs: options.recheckAfterMs ?? 0,
  });
  return report.crawl;
}

/** A registry YAML file holding some of the replica's sites, for the CLI's --registry. */
export function writeReplicaRegistry(replica: Replica, only: string[], overrides: Partial<SiteConfig> & Record<string, unknown> = {}): string {
  const file = path.join(tempDir('gongkai-registry-'), 'sites.yaml');
  fs.writeFileSync(file, stringify({ sites: replica.sites.filter((s) => only.includes(s.id)).map((s) => ({ ...s.config, ...overrides })) }));
  return file;
}

/** A `gongkai worker` in this process on the Postgres database of `handle`, with the test fetch settings and no browser. */
export function startTestWorker(handle: DbHandle, databaseUrl: string, dataDir: string, parallelSites: number): Promise<Worker> {
  return startWorker({
    databaseUrl,
    handle,
    log: pino({ level: 'silent' }),
    dataDir,
    fetcher: TEST_FETCHER,
    chromiumPath: '/nonexistent',
    limits: TEST_LIMITS,
    concurrency: 1,
    parallelSites,
  });
}

/** A suite's replica (its servers running) and a fresh Postgres database, started before its tests and closed after. */
export function replicaAndServer(): { replica: Replica; handle: DbHandle } {
  const suite = {} as { replica: Replica; handle: DbHandle };
  beforeAll(async () => {
    suite.replica = await startReplica({ slowMs: 0 });
    suite.handle = await freshDb('postgres');
  });
  afterAll(async () => {
    await suite.replica?.close();
    await suite.handle?.close();
  });
  return suite;
}
