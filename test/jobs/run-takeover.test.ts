// The run lock between real processes on a Postgres server: a live run is never taken over; a run stuck past its
// deadline with no heartbeat (its process stopped with SIGSTOP, its session still holding the lock) is taken over by
// the next run, which ends it and records why on its row; a run whose process was killed is taken over with its row
// saying so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client.js';
import { STALE_SECONDS } from '../../jobs/run-lock.js';
import { type Replica, startReplica } from '../../replica/server.js';
import { runCli, spawnCli, until } from '../helpers/cli.js';
import { databaseUrlOf, freshDb } from '../helpers/db.js';
import { tempDir, writeReplicaRegistry } from '../helpers/replica-crawl.js';

const HAS_SERVER = Boolean(process.env.TEST_DATABASE_URL);

interface RunRow {
  id: number;
  status: string;
  errors: { message: string }[];
}

describe.skipIf(!HAS_SERVER)(
  HAS_SERVER ? 'taking over the run lock [postgres]' : 'taking over the run lock [postgres: skipped, TEST_DATABASE_URL not set]',
  () => {
    let replica: Replica;
    let registry: string;
    let db: DbHandle;
    let env: Record<string, string>;
    const runs = async () => (await db.query<RunRow>(`select id, status, errors from crawl_runs order by id`)).rows;
    const args = () => ['run', '--registry', registry, '--allow-private', '--full'];

    beforeAll(async () => {
      replica = await startReplica({ slowMs: 0 });
      // A politeness delay that keeps the run busy long enough to be stopped or killed in the middle.
      registry = writeReplicaRegistry(replica, ['replica-trs'], { delayMs: 200 });
      db = await freshDb('postgres');
      env = { GONGKAI_DATA_DIR: tempDir('gongkai-takeover-'), DATABASE_URL: databaseUrlOf(db)!, GONGKAI_LOG_LEVEL: 'warn' };
    });

    afterAll(async () => {
      await replica?.close();
      await db?.close();
    });

    it('leaves a live run alone, and takes over one stuck past its deadline with no heartbeat', async () => {
      const stuck = spawnCli([...args(), '--max-minutes', '1'], env);
      try {
        let rows: RunRow[] = [];
        await until(
          'the first run row',
          () => {
            void runs().then((r) => (rows = r));
            return rows.length === 1;
          },
          60_000,
        );
        stuck.child.kill('SIGSTOP');
        // Alive (a fresh heartbeat, its deadline a minute away): the next run is refused.
        const refused = await runCli([...args(), '--json'], { env });
        expect(refused.code, refused.stderr).toBe(1);
        expect(refused.stderr).toContain('another collection run is in progress on this database');
        // Wait until it is past its deadline and silent for longer than a live run ever is.
        const overdue = async () =>
          (
            await db.query<{ ok: boolean }>(
              `select deadline_at < now() and heartbeat_at < now() - make_interval(secs => ${STALE_SECONDS}) as ok from crawl_runs where id = $1`,
              [rows[0]!.id],
            )
          ).rows[0]!.ok;
        let isOverdue = false;
        await until(
          'the stopped run to be overdue and silent',
          () => {
            void overdue().then((ok) => (isOverdue = ok));
            return isOverdue;
          },
          150_000,
        );
        const taker = await runCli([...args(), '--json'], { env });
        expect(taker.code, taker.stderr).toBe(0);
        const [old, fresh] = await runs();
        expect(old!.status).toBe('failed');
        // On the same machine the stuck process is ended (it holds the site's queue directory too).
        expect(old!.errors[0]!.message).toMatch(/^taken over: past its deadline \(.+\) with no heartbeat for \d+ s; ended: its process.* \(.+ pid \d+\)$/);
        expect((await stuck.exited).signal).toBe('SIGKILL');
        expect(fresh!.status).toBe('ok');
      } finally {
        stuck.child.kill('SIGCONT');
        stuck.child.kill('SIGKILL');
        await stuck.exited;
      }
    }, 400_000);

    it("takes over a killed run's lock, and says so on its row", async () => {
      const before = (await runs()).length;
      const killed = spawnCli(args(), env);
      let rows: RunRow[] = [];
      await until(
        'the run row',
        () => {
          void runs().then((r) => (rows = r));
          return rows.length === before + 1;
        },
        60_000,
      );
      killed.child.kill('SIGKILL');
      await killed.exited;
      const next = await runCli([...args(), '--json'], { env });
      expect(next.code, next.stderr).toBe(0);
      const after = await runs();
      expect(after.slice(before).map((r) => r.status)).toEqual(['interrupted', 'ok']);
      expect(after[before]!.errors[0]!.message).toMatch(
        /^taken over: its process \(.+ pid \d+\) ended without finishing it, and with it its hold on the run lock$/,
      );
    }, 300_000);
  },
);
