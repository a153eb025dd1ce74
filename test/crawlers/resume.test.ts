// A crawl killed with SIGKILL and started again ends with the same archive and the same document records as a
// crawl that was never interrupted: nothing duplicated, nothing lost. Runs the real CLI against the replica.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '../../db/client.js';
import { runCli } from '../helpers/cli.js';
import { databaseUrlOf, freshDb } from '../helpers/db.js';
import { archivedShas, tempDir, writeReplicaRegistry } from '../helpers/replica-crawl.js';
import { type Replica, startReplica } from '../../replica/server.js';

const BIN = path.resolve('bin/gongkai.js');
// The browser site is left out: the point here is the queue, and Chromium's start-up would dominate the timing.
const SITES = ['replica-trs', 'replica-trs-gbk', 'replica-hanweb', 'replica-json'];

async function records(handle: DbHandle) {
  const docs = (await handle.query<{ sha256: string }>('select sha256 from documents order by sha256')).rows.map((r) => r.sha256);
  const sources = (
    await handle.query<{ k: string }>(`select sha256 || ' ' || url || ' ' || kind || ' ' || coalesce(parent_sha256, '') as k from document_sources order by 1`)
  ).rows.map((r) => r.k);
  return { docs, sources };
}

for (const backend of ['pglite', 'postgres'] as const) {
  const available = backend === 'pglite' || Boolean(process.env.TEST_DATABASE_URL);
  describe.skipIf(!available)(
    available ? `a killed crawl resumes [${backend}]` : 'a killed crawl resumes [postgres: skipped, TEST_DATABASE_URL not set]',
    () => {
      let replica: Replica;
      let registry: string;
      const servers: DbHandle[] = [];

      beforeAll(async () => {
        // The slow page is tested elsewhere; here every page answers, so that only the kill differs between the runs.
        replica = await startReplica({ slowMs: 0 });
        // A politeness delay long enough that the kill lands in the middle of the crawl.
        registry = writeReplicaRegistry(replica, SITES, { delayMs: 25 });
      });

      afterAll(async () => {
        await replica?.close();
        for (const s of servers) await s.close();
      });

      async function target(): Promise<{ env: Record<string, string>; dataDir: string; open: () => Promise<DbHandle> }> {
        const dataDir = tempDir('gongkai-resume-');
        const env: Record<string, string> = { GONGKAI_DATA_DIR: dataDir, GONGKAI_FETCH_TIMEOUT_MS: '10000' };
        if (backend === 'postgres') {
          const h = await freshDb('postgres');
          servers.push(h);
          env.DATABASE_URL = databaseUrlOf(h)!;
          return { env, dataDir, open: async () => h };
        }
        return { env, dataDir, open: () => openDb({ dataDir }) };
      }

      it('ends with the same archive and records as an uninterrupted crawl', async () => {
        const reference = await target();
        const ref = await runCli(['crawl', '--registry', registry, '--allow-private', '--json'], { env: reference.env });
        expect(ref.code, ref.stderr).toBe(0);

        const killed = await target();
        const child = spawn(process.execPath, [BIN, 'crawl', '--registry', registry, '--allow-private'], {
          env: { ...process.env, GONGKAI_LOG_LEVEL: 'silent', ...killed.env, DATABASE_URL: killed.env.DATABASE_URL },
          stdio: 'ignore',
        });
        const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
        const total = archivedShas(reference.dataDir).length;
        // Kill once a third of the bodies are archived: wait on that event, not on a time (a loaded machine takes
        // longer than 30 s to start the CLI and open its database).
        for (let i = 0; i < 2400 && archivedShas(killed.dataDir).length < total / 3; i++) await new Promise((r) => setTimeout(r, 50));
        child.kill('SIGKILL');
        expect(await exited).toBe('SIGKILL');
        const partial = archivedShas(killed.dataDir).length;
        expect(partial).toBeGreaterThan(0);
        expect(partial).toBeLessThan(total);

        const again = await runCli(['crawl', '--registry', registry, '--allow-private', '--json'], { env: killed.env });
        expect(again.code, again.stderr).toBe(0);

        expect(archivedShas(killed.dataDir)).toEqual(archivedShas(reference.dataDir));
        const a = await reference.open();
        const ra = await records(a);
        if (backend === 'pglite') await a.close();
        const b = await killed.open();
        const rb = await records(b);
        const runs = (await b.query<{ status: string }>('select status from crawl_runs order by id')).rows.map((r) => r.status);
        if (backend === 'pglite') await b.close();
        expect(rb).toEqual(ra);
        expect(runs).toEqual(['interrupted', 'ok']);
      }, 420_000);
    },
  );
}
