// The per-site budget flags of `gongkai run`, `crawl` and `schedule` as a user types them: a flag replaces the
// registry's value for every site (the crawl stops at it, 'partial' with the reason), and a value that is not a whole
// number of at least 1 is refused with exit code 2 before anything runs.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EXIT_CODES } from '../../cli/exit-codes.js';
import type { CrawlReport } from '../../domain/run-report.js';
import { type Replica, startReplica } from '../../replica/server.js';
import { runCli, spawnCli, until } from '../helpers/cli.js';
import { tempDir } from '../helpers/replica-crawl.js';

describe('gongkai run|crawl|schedule --site-max-*', () => {
  let replica: Replica;
  let registry: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    replica = await startReplica({ slowMs: 0 });
    const dir = tempDir('gongkai-cli-budget-');
    registry = path.join(dir, 'sites.yaml');
    // The registry gives the site room (maxPages 3,000 by default): the flags must win over it.
    fs.writeFileSync(registry, stringify({ sites: replica.sites.filter((s) => s.id === 'replica-hanweb').map((s) => ({ ...s.config, maxDocuments: 400 })) }));
    env = { GONGKAI_DATA_DIR: path.join(dir, 'data'), GONGKAI_FETCH_TIMEOUT_MS: '5000' };
  });
  afterAll(async () => {
    await replica?.close();
  });

  it.each([
    ['run', '--site-max-requests', 'abc', '--site-max-requests wants a whole number of at least 1, got "abc"'],
    ['run', '--site-max-documents', '0', '--site-max-documents wants a whole number of at least 1, got "0"'],
    ['crawl', '--site-max-mb', '1.5', '--site-max-mb wants a whole number of at least 1, got "1.5"'],
    ['crawl', '--site-max-minutes', '-3', '--site-max-minutes wants a whole number of at least 1, got "-3"'],
    ['schedule', '--site-max-requests', '2x', '--site-max-requests wants a whole number of at least 1, got "2x"'],
    ['schedule', '--site-max-documents', '', '--site-max-documents wants a whole number of at least 1, got ""'],
    ['schedule', '--site-max-mb', '0', '--site-max-mb wants a whole number of at least 1, got "0"'],
    ['schedule', '--site-max-minutes', '1e3', '--site-max-minutes wants a whole number of at least 1, got "1e3"'],
    ['schedule', '--parallel-sites', '0', '--parallel-sites wants a whole number from 1 to 4096, got "0"'],
  ])('%s %s %s → exit 2', async (verb, flag, value, message) => {
    const r = await runCli([verb, '--registry', registry, '--allow-private', flag, value], { env });
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.stderr).toContain(message);
    expect(fs.existsSync(path.join(env.GONGKAI_DATA_DIR!, 'pglite'))).toBe(false);
  });

  it('crawl stops each site at --site-max-requests, over the registry value', async () => {
    const r = await runCli(['crawl', '--registry', registry, '--allow-private', '--site-max-requests', '4', '--json'], { env });
    expect(r.code, r.stderr).toBe(EXIT_CODES.partial);
    const report = JSON.parse(r.stdout) as CrawlReport & { status: string };
    expect(report.sites.map((s) => [s.siteId, s.status, s.requests, s.message])).toEqual([
      ['replica-hanweb', 'partial', 4, "budget: the site's 4 requests are spent"],
    ]);
  });

  it('schedule --enqueue refuses --parallel-sites (the workers crawl) → exit 2', async () => {
    const r = await runCli(['schedule', '--registry', registry, '--enqueue', '--parallel-sites', '4'], { env });
    expect(r.code).toBe(EXIT_CODES.usage);
    expect(r.stderr).toContain('--parallel-sites sets the crawl in this process: with --enqueue the workers crawl');
  });

  it("schedule's runs stop each site at --site-max-requests, over the registry value", async () => {
    // Every 2 seconds: the first tick's run is the one looked at, then the scheduler is stopped.
    const s = spawnCli(
      ['schedule', '--cron', '*/2 * * * * *', '--registry', registry, '--allow-private', '--site-max-requests', '3', '--parallel-sites', '2'],
      {
        ...env,
        GONGKAI_TIMEZONE: 'UTC',
        GONGKAI_LOG_LEVEL: 'info',
      },
    );
    try {
      // Its summary is printed once the run has finished (the 'grades' line is written with the rest of it).
      await until('a scheduled run printed', () => /^grades /m.test(s.stdout()), 120_000);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect((await s.exited).code, s.stderr()).toBe(0);
    expect(s.stdout()).toMatch(/^run \d+ \(schedule\): partial/m);
    expect(s.stdout()).toMatch(/replica-hanweb\s+partial\s+budget: the site's 3 requests are spent/);
  }, 180_000);

  it('run stops each site at --site-max-documents, over the registry value', async () => {
    const r = await runCli(['run', '--registry', registry, '--allow-private', '--full', '--site-max-documents', '2', '--json'], { env });
    expect(r.code, r.stderr).toBe(EXIT_CODES.partial);
    const report = JSON.parse(r.stdout) as { crawl: CrawlReport };
    expect(report.crawl.sites.map((s) => [s.siteId, s.status, s.message])).toEqual([['replica-hanweb', 'partial', "budget: the site's 2 documents are spent"]]);
  });
});
