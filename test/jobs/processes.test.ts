// The pipeline as separate processes, the way it runs in production: a run killed with SIGKILL (once while crawling,
// once while parsing) and started again ends with the same database as a run never interrupted; two schedulers
// firing at the same second make one run; two workers share one collection, each document parsed once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '../../db/client.js';
import { runCli, spawnCli, until } from '../helpers/cli.js';
import { databaseUrlOf, describeOnPostgres, freshDb } from '../helpers/db.js';
import { snapshotDb } from '../helpers/db-snapshot.js';
import { compareWithTruth } from '../helpers/ground-truth.js';
import { tempDir, writeReplicaRegistry } from '../helpers/replica-crawl.js';
import { type Replica, startReplica } from '../../replica/server.js';

// Chromium's start-up would dominate the timing; the JavaScript site is covered by the in-process pipeline test.
const SITES = ['replica-trs', 'replica-trs-gbk', 'replica-hanweb', 'replica-json'];

function archiveCount(dataDir: string): number {
  const root = path.join(dataDir, 'archive');
  if (!fs.existsSync(root)) return 0;
  return fs.readdirSync(root, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f))).length;
}

const countLines = (text: string, msg: string) => text.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).length;

let replica: Replica;
let registry: string;
const servers: DbHandle[] = [];

beforeAll(async () => {
  replica = await startReplica({ slowMs: 0 });
  // A politeness delay long enough that a kill lands in the middle of the crawl.
  registry = writeReplicaRegistry(replica, SITES, { delayMs: 25 });
});

afterAll(async () => {
  await replica?.close();
  for (const s of servers) await s.close();
});

async function target(backend: 'pglite' | 'postgres') {
  const dataDir = tempDir('gongkai-proc-');
  const env: Record<string, string> = { GONGKAI_DATA_DIR: dataDir, GONGKAI_FETCH_TIMEOUT_MS: '10000', GONGKAI_LOG_LEVEL: 'debug' };
  if (backend === 'postgres') {
    const h = await freshDb('postgres');
    servers.push(h);
    env.DATABASE_URL = databaseUrlOf(h)!;
    return { env, dataDir, open: async () => h, done: async () => {} };
  }
  let h: DbHandle | undefined;
  return {
    env,
    dataDir,
    open: async () => (h = await openDb({ dataDir })),
    done: async () => h?.close(),
  };
}

const collectable = () => replica.truth.reports.filter((r) => !r.unreachable && SITES.includes(r.site));

for (const backend of ['pglite', 'postgres'] as const) {
  const available = backend === 'pglite' || Boolean(process.env.TEST_DATABASE_URL);
  describe.skipIf(!available)(available ? `a killed run resumes [${backend}]` : 'a killed run resumes [postgres: skipped, TEST_DATABASE_URL not set]', () => {
    it('ends with the same database as an uninterrupted run', async () => {
      const reference = await target(backend);
      const ref = await runCli(['run', '--registry', registry, '--allow-private', '--json'], { env: { ...reference.env, GONGKAI_LOG_LEVEL: 'warn' } });
      expect(ref.code, ref.stderr).toBe(0);

      const killed = await target(backend);
      const args = ['run', '--registry', registry, '--allow-private'];
      // First kill: a third of the way through the crawl.
      const first = spawnCli(args, killed.env);
      await until('a third of the archive', () => archiveCount(killed.dataDir) >= archiveCount(reference.dataDir) / 3, 120_000);
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      // Second kill: the crawl is done and a third of the documents are loaded.
      const second = spawnCli(args, killed.env);
      await until('documents being loaded', () => countLines(second.stderr(), 'document processed') >= 25, 180_000);
      second.child.kill('SIGKILL');
      expect((await second.exited).signal).toBe('SIGKILL');
      expect(countLines(second.stderr(), 'run finished')).toBe(0);

      const last = await runCli([...args, '--json'], { env: { ...killed.env, GONGKAI_LOG_LEVEL: 'warn' } });
      expect(last.code, last.stderr).toBe(0);

      const a = await reference.open();
      const want = await snapshotDb(a);
      await reference.done();
      const b = await killed.open();
      const got = await snapshotDb(b);
      const runs = (await b.query<{ status: string }>(`select status from crawl_runs where kind = 'run' order by id`)).rows.map((r) => r.status);
      expect(await compareWithTruth(b, collectable())).toEqual([]);
      await killed.done();
      expect(got).toEqual(want);
      expect(want.facts.length).toBeGreaterThan(1000);
      expect(runs).toEqual(['interrupted', 'interrupted', 'ok']);
    }, 420_000);
  });
}

describeOnPostgres('two schedulers on one database', () => {
  it('start exactly one run when both fire at the same second', async () => {
    const t = await target('postgres');
    // Fire 20 seconds from now (UTC): time enough for both processes to start even on a loaded CI machine.
    const at = new Date(Date.now() + 20_000);
    const cron = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
    const env = { ...t.env, GONGKAI_TIMEZONE: 'UTC', GONGKAI_LOG_LEVEL: 'info' };
    const schedulers = [0, 1].map(() => spawnCli(['schedule', '--cron', cron, '--registry', registry, '--allow-private'], env));
    try {
      await until('both schedulers started', () => schedulers.every((s) => countLines(s.stderr(), 'scheduler started') === 1), 60_000);
      expect(Date.now(), 'a scheduler started after the time it was to fire').toBeLessThan(at.getTime() - 1000);
      await until(
        'one run finished and one skipped',
        () => {
          const logs = schedulers.map((s) => s.stderr());
          return logs.some((l) => countLines(l, 'run finished') === 1) && logs.some((l) => countLines(l, 'skipped: another run holds the run lock') === 1);
        },
        240_000,
      );
    } finally {
      for (const s of schedulers) s.child.kill('SIGTERM');
    }
    const exits = await Promise.all(schedulers.map((s) => s.exited));
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
    const h = await t.open();
    const runs = (await h.query<{ kind: string; trigger: string; status: string }>(`select kind, trigger, status from crawl_runs where kind = 'run'`)).rows;
    expect(runs).toEqual([{ kind: 'run', trigger: 'schedule', status: 'ok' }]);
    expect(await compareWithTruth(h, collectable())).toEqual([]);
  }, 300_000);
});

describeOnPostgres('two workers on one database', () => {
  it('share one collection with every document parsed once', async () => {
    const t = await target('postgres');
    const env = { ...t.env, GONGKAI_LOG_LEVEL: 'info' };
    const workers = [0, 1].map(() => spawnCli(['worker', '--allow-private'], env));
    try {
      await until('both workers waiting', () => workers.every((w) => w.stderr().includes('waiting for jobs')), 60_000);
      const run = await runCli(['run', '--enqueue', '--registry', registry, '--allow-private', '--json'], { env: { ...env, GONGKAI_LOG_LEVEL: 'warn' } });
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as { status: string; process: { failed: number } };
      expect(report.status).toBe('ok');
      expect(report.process.failed).toBe(0);
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
    }
    expect((await Promise.all(workers.map((w) => w.exited))).map((e) => e.code)).toEqual([0, 0]);

    const h = await t.open();
    const jobs = (
      await h.query<{ name: string; sha256: string | null; worker: string; state: string }>(
        `select name, data->>'sha256' as sha256, output->>'worker' as worker, state from pgboss.job where name in ('crawl-site', 'parse-document')`,
      )
    ).rows;
    const parses = jobs.filter((j) => j.name === 'parse-document');
    const docs = (await h.query<{ sha256: string; parse_status: string }>('select sha256, parse_status from documents')).rows;
    // Every archived document has exactly one parse job, completed, and none is left pending.
    expect(parses.map((j) => j.sha256).sort()).toEqual(docs.map((d) => d.sha256).sort());
    expect(new Set(parses.map((j) => j.state))).toEqual(new Set(['completed']));
    expect(docs.filter((d) => d.parse_status === 'pending')).toEqual([]);
    // Both workers did some of the work.
    expect(new Set(jobs.map((j) => j.worker)).size).toBe(2);
    expect(await compareWithTruth(h, collectable())).toEqual([]);
  }, 300_000);
});
