// A document that ends its reading thread (here: outlasts its deadline) through `collect` on both backends: the run
// finishes 'partial' and names it, the good document beside it is loaded; the next run tries it once more and
// quarantines it; the run after that does not read it; `reparse --document` (force) reads it again.
import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Archive } from '../../crawlers/fetch/archive.js';
import { upsertDocument, upsertDocumentSource } from '../../db/queries/documents.js';
import { collect } from '../../jobs/collect.js';
import { createParsePool, type ParsePool } from '../../jobs/parse-pool.js';
import { inProcessQueue } from '../../jobs/work-queue.js';
import { hostileDocuments } from '../../replica/hostile.js';
import { describeEachDb } from '../helpers/db.js';
import { CHROMIUM_PATH, TEST_FETCHER, tempDir } from '../helpers/replica-crawl.js';

const hostile = hostileDocuments(0.06);
const slow = hostile.find((d) => d.id === 'paths-pdf')!.bytes;
const refused = hostile.find((d) => d.id === 'merges-xlsx')!.bytes;
const good = fs.readFileSync(path.join(import.meta.dirname, '../pipeline/reports/extra-column-2021/source.html'));
// Bounds lifted so that the slow PDF is stopped by the deadline alone (the thread is terminated), not refused.
const LIFTED = { pdfOperators: 1e9, pdfTextItems: 1e9, pdfLines: 1e9, pdfStreamBytes: 2 ** 31 };

let pool: ParsePool;
beforeAll(() => {
  pool = createParsePool({ threads: 1, limits: { timeoutMs: 2500, work: LIFTED } });
});
afterAll(() => pool.close());

describeEachDb('a document that ends its reading thread', (db) => {
  const log = pino({ level: 'silent' });
  let dataDir: string;
  const sha: Record<string, string> = {};
  const run = (kind: 'run' | 'reparse' = 'run', documents?: string[]) =>
    collect({
      handle: db(),
      log,
      kind,
      trigger: 'test',
      queue: inProcessQueue({ handle: db(), log, dataDir, fetcher: TEST_FETCHER, chromiumPath: CHROMIUM_PATH, limits: {}, pool }),
      sites: [],
      documents,
    });
  const doc = async (name: string) =>
    (
      await db().query<{ parse_status: string; parse_failure: string | null; parse_attempts: number; parse_error: string | null }>(
        'select parse_status, parse_failure, parse_attempts, parse_error from documents where sha256 = $1',
        [sha[name]],
      )
    ).rows[0]!;

  beforeAll(async () => {
    dataDir = tempDir('gongkai-quarantine-');
    const archive = new Archive(path.join(dataDir, 'archive'));
    const seenAt = new Date('2026-01-01T00:00:00Z');
    for (const [name, bytes, format] of [
      ['good', good, 'html'],
      ['slow', slow, 'pdf'],
      ['refused', refused, 'xlsx'],
    ] as const) {
      const put = archive.put(bytes);
      sha[name] = put.sha256;
      await upsertDocument(db().db, { sha256: put.sha256, bytes: bytes.length, contentType: null, format, archivePath: put.path, seenAt });
      await upsertDocumentSource(db().db, { sha256: put.sha256, url: `http://127.0.0.1/${name}.${format}`, kind: 'file', seenAt });
    }
  });

  it('fails it with the reason, loads the good one, and names it in a partial run', async () => {
    const t0 = Date.now();
    const first = await run();
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(first.status).toBe('partial');
    expect(first.process).toMatchObject({ documents: 3, failed: 2, killed: 1, quarantined: 0, left: 0 });
    expect(first.process.loaded.inserted).toBe(1);
    expect(first.process.failures.map((f) => [f.url, f.action, f.failure]).sort()).toEqual([
      ['http://127.0.0.1/refused.xlsx', 'failed', 'unreadable'],
      ['http://127.0.0.1/slow.pdf', 'failed', 'timeout'],
    ]);
    expect(await doc('slow')).toEqual({
      parse_status: 'failed',
      parse_failure: 'timeout',
      parse_attempts: 1,
      parse_error: 'timeout: reading took longer than 2500 ms: the thread was terminated (reading 1 of 2)',
    });
    expect(await doc('refused')).toMatchObject({ parse_status: 'failed', parse_failure: 'unreadable', parse_attempts: 0 });
    const { rows } = await db().query<{ status: string }>('select status from crawl_runs where id = $1', [first.runId]);
    expect(rows[0]!.status).toBe('partial');
  }, 120_000);

  it('tries it once more on the next run, then quarantines it', async () => {
    const second = await run();
    expect(second.process).toMatchObject({ documents: 1, failed: 1, killed: 1, quarantined: 1 });
    expect(await doc('slow')).toMatchObject({ parse_status: 'quarantined', parse_failure: 'timeout', parse_attempts: 2 });
    expect((await doc('slow')).parse_error).toMatch(/\(reading 2 of 2: quarantined, `gongkai reparse --force` reads it again\)$/);
  }, 120_000);

  it('does not read it on the run after, and status names it', async () => {
    const third = await run();
    expect(third.process.documents).toBe(0);
    expect(third.status).toBe('ok');
    const { readStatus } = await import('../../db/queries/status.js');
    const status = await readStatus(db());
    expect(status.totals.quarantined).toBe(1);
    expect(status.quarantined.map((q) => [q.sha256, q.url])).toEqual([[sha.slow, 'http://127.0.0.1/slow.pdf']]);
  }, 120_000);

  it('reads it again when forced (reparse --document)', async () => {
    const forced = await collect({
      handle: db(),
      log,
      kind: 'reparse',
      trigger: 'test',
      queue: inProcessQueue({ handle: db(), log, dataDir, fetcher: TEST_FETCHER, chromiumPath: CHROMIUM_PATH, limits: {}, pool }),
      documents: [sha.slow!],
      force: true,
    });
    expect(forced.process).toMatchObject({ documents: 1, failed: 1, killed: 1, quarantined: 0 });
    expect(await doc('slow')).toMatchObject({ parse_status: 'failed', parse_failure: 'timeout', parse_attempts: 1 });
  }, 120_000);
});
