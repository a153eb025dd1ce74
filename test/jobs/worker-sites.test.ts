// A `gongkai worker` crawls --parallel-sites sites at a time (pg-boss hands it one job per work() call): with one
// worker and three sites queued, all three are under way together, each still polite to its host.
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { databaseUrlOf, describeOnPostgres } from '../helpers/db.js';
import { replicaAndServer, startTestWorker, tempDir, writeReplicaRegistry } from '../helpers/replica-crawl.js';

const SITES = ['replica-trs', 'replica-trs-gbk', 'replica-hanweb'];

describeOnPostgres('a worker crawling several sites at once', () => {
  const suite = replicaAndServer();

  it('crawls --parallel-sites sites at a time', async () => {
    const { replica, handle } = suite;
    const dataDir = tempDir('gongkai-worker-sites-');
    const url = databaseUrlOf(handle)!;
    const worker = await startTestWorker(handle, url, dataDir, 3);
    try {
      const registry = writeReplicaRegistry(replica, SITES, { delayMs: 40 });
      const run = await runCli(['run', '--enqueue', '--registry', registry, '--allow-private', '--json'], {
        env: { DATABASE_URL: url, GONGKAI_DATA_DIR: path.join(dataDir), GONGKAI_LOG_LEVEL: 'warn' },
      });
      expect(run.code, run.stderr).toBe(0);
    } finally {
      await worker.stop();
    }
    const crawls = (
      await handle.query<{ site_id: string; started: number; finished: number }>(
        `select site_id, extract(epoch from started_at) * 1000 as started, extract(epoch from finished_at) * 1000 as finished from site_crawls`,
      )
    ).rows.map((r) => ({ started: Number(r.started), finished: Number(r.finished) }));
    expect(crawls).toHaveLength(3);
    const atOnce = crawls.map((c) => crawls.filter((o) => o.started <= c.started && o.finished > c.started).length);
    expect(Math.max(...atOnce)).toBe(3);
  }, 300_000);
});
