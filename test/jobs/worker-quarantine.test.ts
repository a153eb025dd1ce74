// Quarantine through the real `gongkai worker` process (pg-boss on Postgres): a document whose reading outlasts its
// deadline (its thread terminated) fails on the first `gongkai run --enqueue`, is tried once more and quarantined on
// the second, and is not read on the third.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../cli/exit-codes.js';
import { Archive } from '../../crawlers/fetch/archive.js';
import type { DbHandle } from '../../db/client.js';
import { upsertDocument, upsertDocumentSource } from '../../db/queries/documents.js';
import type { RunReport } from '../../domain/run-report.js';
import { hostileDocuments } from '../../replica/hostile.js';
import { runCli, type Spawned, spawnCli, until } from '../helpers/cli.js';
import { databaseUrlOf, freshDb } from '../helpers/db.js';
import { tempDir } from '../helpers/replica-crawl.js';

const HAS_SERVER = Boolean(process.env.TEST_DATABASE_URL);
// Reading this PDF to its bound of text items takes seconds (5 s under load, never under 1 s): with a 100 ms deadline
// its thread is always terminated first. (At scale 0.06 and 1 s, a quiet machine read it to its bound in time: the
// document ended too_complex, not timed out.)
const slow = hostileDocuments(1).find((d) => d.id === 'text-pdf')!.bytes;

describe.skipIf(!HAS_SERVER)(
  HAS_SERVER ? 'quarantine through gongkai worker [postgres]' : 'quarantine through gongkai worker [postgres: skipped, TEST_DATABASE_URL not set]',
  () => {
    let db: DbHandle;
    let env: Record<string, string>;
    let worker: Spawned;
    let registry: string;
    let sha: string;
    const run = async () => {
      const r = await runCli(['run', '--enqueue', '--registry', registry, '--json'], { env: { ...env, GONGKAI_LOG_LEVEL: 'warn' } });
      return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) as RunReport };
    };
    const doc = async () =>
      (
        await db.query<{ parse_status: string; parse_failure: string | null; parse_attempts: number }>(
          'select parse_status, parse_failure, parse_attempts from documents where sha256 = $1',
          [sha],
        )
      ).rows[0]!;

    beforeAll(async () => {
      db = await freshDb('postgres');
      const dataDir = tempDir('gongkai-worker-quarantine-');
      registry = path.join(dataDir, 'no-sites.yaml');
      fs.writeFileSync(registry, 'sites: []\n');
      const put = new Archive(path.join(dataDir, 'archive')).put(slow);
      sha = put.sha256;
      const seenAt = new Date('2026-01-01T00:00:00Z');
      await upsertDocument(db.db, { sha256: sha, bytes: slow.length, contentType: null, format: 'pdf', archivePath: put.path, seenAt });
      await upsertDocumentSource(db.db, { sha256: sha, url: 'http://127.0.0.1/slow.pdf', kind: 'file', seenAt });
      env = { GONGKAI_DATA_DIR: dataDir, DATABASE_URL: databaseUrlOf(db)!, GONGKAI_PARSE_TIMEOUT_MS: '100', GONGKAI_LOG_LEVEL: 'info' };
      worker = spawnCli(['worker'], env);
      await until('the worker waiting', () => worker.stderr().includes('waiting for jobs'), 60_000);
    }, 120_000);

    afterAll(async () => {
      worker?.child.kill('SIGTERM');
      await worker?.exited;
      await db?.close();
    });

    it('fails it on the first run, naming it, with one attempt left', async () => {
      const first = await run();
      expect(first.code, first.stderr).toBe(EXIT_CODES.partial);
      expect(first.report.process).toMatchObject({ documents: 1, failed: 1, killed: 1, quarantined: 0 });
      expect(first.report.process.failures.map((f) => [f.url, f.action, f.failure])).toEqual([['http://127.0.0.1/slow.pdf', 'failed', 'timeout']]);
      expect(await doc()).toEqual({ parse_status: 'failed', parse_failure: 'timeout', parse_attempts: 1 });
    }, 180_000);

    it('tries it once more on the second run and quarantines it', async () => {
      const second = await run();
      expect(second.code, second.stderr).toBe(EXIT_CODES.partial);
      expect(second.report.process).toMatchObject({ documents: 1, failed: 1, killed: 1, quarantined: 1 });
      expect(await doc()).toEqual({ parse_status: 'quarantined', parse_failure: 'timeout', parse_attempts: 2 });
    }, 180_000);

    it('does not read it on the third run', async () => {
      const third = await run();
      expect(third.code, third.stderr).toBe(EXIT_CODES.ok);
      expect(third.report.process.documents).toBe(0);
      expect(await doc()).toEqual({ parse_status: 'quarantined', parse_failure: 'timeout', parse_attempts: 2 });
    }, 180_000);
  },
);
