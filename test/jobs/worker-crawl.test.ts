// `gongkai crawl --enqueue`: the crawl handed to a real `gongkai worker` on Postgres, one crawl-site job per site,
// waited for and reported like an in-process crawl — archive only: no document is read, none queued for reading.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../cli/exit-codes.js';
import type { CrawlReport } from '../../domain/run-report.js';
import { runCli } from '../helpers/cli.js';
import { databaseUrlOf, describeOnPostgres } from '../helpers/db.js';
import { replicaAndServer, startTestWorker, tempDir, writeReplicaRegistry } from '../helpers/replica-crawl.js';

const SITES = ['replica-trs', 'replica-trs-gbk', 'replica-hanweb'];

describe('gongkai crawl --enqueue, misused', () => {
  it('without DATABASE_URL → exit 2', async () => {
    const r = await runCli(['crawl', '--enqueue', '--allow-private'], { env: { GONGKAI_DATA_DIR: tempDir('gongkai-crawl-enqueue-') } });
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.stderr).toContain('--enqueue hands the work to workers on a Postgres server: set DATABASE_URL');
  });

  it('with --parallel-sites (the workers crawl) → exit 2', async () => {
    const r = await runCli(['crawl', '--enqueue', '--parallel-sites', '8'], { env: { GONGKAI_DATA_DIR: tempDir('gongkai-crawl-enqueue-') } });
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.stderr).toContain('--parallel-sites sets the crawl in this process: with --enqueue the workers crawl');
  });
});

describeOnPostgres('gongkai crawl --enqueue with a worker', () => {
  const suite = replicaAndServer();

  it('has the worker crawl every site and reports it, reading nothing', async () => {
    const { replica, handle } = suite;
    const dataDir = tempDir('gongkai-worker-crawl-');
    const url = databaseUrlOf(handle)!;
    const worker = await startTestWorker(handle, url, dataDir, 3);
    let report: CrawlReport & { status: string };
    try {
      const registry = writeReplicaRegistry(replica, SITES, { delayMs: 0 });
      const r = await runCli(['crawl', '--enqueue', '--registry', registry, '--allow-private', '--json'], {
        env: { DATABASE_URL: url, GONGKAI_DATA_DIR: path.join(dataDir), GONGKAI_LOG_LEVEL: 'warn' },
      });
      expect(r.code, r.stderr).toBe(EXIT_CODES.ok);
      report = JSON.parse(r.stdout) as CrawlReport & { status: string };
      // The nightly re-crawl asks again for the lists only: report pages and files fetched this week are not fetched again.
      const served = () => [...replica.hits.values()].flatMap((m) => [...m.entries()]);
      const before = new Map(served());
      const again = await runCli(['crawl', '--enqueue', '--registry', registry, '--allow-private', '--json'], {
        env: { DATABASE_URL: url, GONGKAI_DATA_DIR: path.join(dataDir), GONGKAI_LOG_LEVEL: 'warn' },
      });
      expect(again.code, again.stderr).toBe(EXIT_CODES.ok);
      const refetched = served().filter(([p, n]) => n > (before.get(p) ?? 0) && /\.(pdf|docx?|xlsx?|wps)$/i.test(p));
      expect(refetched).toEqual([]);
    } finally {
      await worker.stop();
    }
    expect(report.status).toBe('ok');
    expect(report.sites.map((s) => [s.siteId, s.status]).sort()).toEqual(SITES.map((id) => [id, 'ok']).sort());

    const runs = (
      await handle.query<{ kind: string; trigger: string; distributed: boolean; status: string }>(
        `select kind, trigger, (options->>'distributed')::boolean as distributed, status from crawl_runs`,
      )
    ).rows;
    expect(runs).toEqual([0, 1].map(() => ({ kind: 'crawl', trigger: 'queue', distributed: true, status: 'ok' })));
    // One crawl-site job per site, done by the worker; not one document queued for reading.
    const jobs = (await handle.query<{ name: string; site: string; state: string }>(`select name, data->'site'->>'id' as site, state from pgboss.job`)).rows;
    expect(jobs.map((j) => [j.name, j.site, j.state]).sort()).toEqual([...SITES, ...SITES].map((id) => ['crawl-site', id, 'completed']).sort());
    // Everything archived waits for the next collection, as after an in-process crawl.
    const docs = (await handle.query<{ parse_status: string; n: number }>(`select parse_status, count(*)::int as n from documents group by 1`)).rows;
    expect(docs).toEqual([{ parse_status: 'pending', n: report.totals.documentsNew }]);
    expect(report.totals.documentsNew).toBeGreaterThan(0);
  }, 300_000);
});
