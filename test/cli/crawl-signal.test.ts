// `gongkai crawl` stopped by a signal leaves every body it archived before the signal with its fetch in the log:
// SIGTERM writes the rows still held, then the process dies of it as before; Ctrl-C (SIGINT) stops the crawlers as
// before (crawlee's pause), each site's end writing its rows, and the command ends by itself. Runs the real CLI.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { databaseUrlOf, describeEachDb } from '../helpers/db.js';
import { archivedShas, tempDir, writeReplicaRegistry } from '../helpers/replica-crawl.js';
import { type Replica, startReplica } from '../../replica/server.js';

const BIN = path.resolve('bin/gongkai.js');
// Sites whose every archived body is a fetched one (a list API's HTML records are archived without a fetch).
const SITES = ['replica-trs', 'replica-trs-gbk', 'replica-hanweb'];

describeEachDb('a crawl stopped by a signal', (db, backend) => {
  let replica: Replica;
  let registry: string;

  beforeAll(async () => {
    replica = await startReplica({ slowMs: 0 });
    // A politeness delay long enough that the signal lands in the middle of the crawl.
    registry = writeReplicaRegistry(replica, SITES, { delayMs: 25 });
  });

  afterAll(async () => {
    await replica?.close();
  });

  it.each([
    ['SIGTERM', 'dies of it', 'SIGTERM'],
    ['SIGINT', 'ends by itself', null],
  ] as const)(
    'writes its held fetch rows on %s, and %s',
    async (signal, _, diesOf) => {
      const dataDir = tempDir('gongkai-signal-');
      const env: Record<string, string> = { GONGKAI_DATA_DIR: dataDir, GONGKAI_FETCH_TIMEOUT_MS: '10000', GONGKAI_LOG_LEVEL: 'silent' };
      if (backend === 'postgres') {
        await db().query('truncate fetches, crawl_runs cascade');
        env.DATABASE_URL = databaseUrlOf(db())!;
      }
      const child = spawn(process.execPath, [BIN, 'crawl', '--registry', registry, '--allow-private'], {
        env: { ...process.env, ...env, DATABASE_URL: env.DATABASE_URL },
        stdio: 'ignore',
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('exit', (code, sig) => resolve({ code, signal: sig })),
      );
      // Once some bodies are archived: rows recorded within the last second are then still held.
      for (let i = 0; i < 2400 && archivedShas(dataDir).length < 8; i++) await new Promise((r) => setTimeout(r, 50));
      // Bodies archived before the signal was sent: their rows were recorded before it came (a body is archived and its
      // row recorded in one step). Requests answered while the process stops may go unrecorded, as at any kill.
      const bodies = archivedShas(dataDir);
      child.kill(signal);
      expect((await exited).signal).toBe(diesOf);
      expect(bodies.length).toBeGreaterThanOrEqual(8);

      const h = backend === 'postgres' ? db() : await openDb({ dataDir });
      const logged = new Set((await h.query<{ sha256: string }>(`select distinct sha256 from fetches where outcome = 'ok'`)).rows.map((r) => r.sha256));
      if (h !== db()) await h.close();
      expect(bodies.filter((b) => !logged.has(b))).toEqual([]);
    },
    240_000,
  );
});
