// The fetch log holds rows and writes them in multi-row statements: when a batch fills, after FLUSH_MS, on flush and
// before its handle closes; its reads see a row recorded moments ago; a write that failed is thrown to a caller.
import { expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import {
  configureFetchLog,
  FLUSH_MS,
  FLUSH_ROWS,
  flushFetchLog,
  lastGoodFetch,
  lastGoodFetches,
  type NewFetch,
  recordFetch,
  urlsThatFailed,
} from '../../db/queries/fetch-log.js';
import { databaseUrlOf, describeEachDb } from '../helpers/db.js';
import { tempDir } from '../helpers/replica-crawl.js';

describeEachDb('the fetch log', (db, backend) => {
  const rowsUnder = async (prefix: string) =>
    (
      await db().query<Record<string, unknown>>(
        `select url, site_id, outcome, http_status, etag, last_modified, sha256, bytes, error, (extract(epoch from fetched_at) * 1000)::float8 as fetched_ms from fetches where url like $1 order by id`,
        [`${prefix}%`],
      )
    ).rows;
  const ok = (url: string, sha: string, extra: Partial<NewFetch> = {}): NewFetch => ({
    url,
    siteId: 'test-site',
    outcome: 'ok',
    httpStatus: 200,
    etag: `"${sha}"`,
    sha256: sha.repeat(64),
    bytes: 10,
    ...extra,
  });

  it('holds the rows recorded and writes them, as recorded, when flushed', async () => {
    configureFetchLog(db().db, { ms: 600_000 });
    const before = Date.now();
    await recordFetch(db().db, ok('https://held.example/a', 'a'));
    await recordFetch(db().db, { url: 'https://held.example/b', siteId: 'test-site', outcome: 'http_error', httpStatus: 404, error: 'HTTP 404' });
    await recordFetch(db().db, ok('https://held.example/c', 'c', { lastModified: 'Mon, 30 Nov 2026 10:00:00 GMT' }));
    const after = Date.now();
    expect(await rowsUnder('https://held.example/')).toEqual([]);
    await flushFetchLog(db().db);
    const rows = await rowsUnder('https://held.example/');
    // The time of each row is when it was recorded, not when it was written.
    for (const r of rows) {
      expect(Number(r.fetched_ms)).toBeGreaterThanOrEqual(before);
      expect(Number(r.fetched_ms)).toBeLessThanOrEqual(after);
    }
    expect(rows.map(({ fetched_ms: _, ...r }) => ({ ...r, bytes: r.bytes === null ? null : Number(r.bytes) }))).toEqual([
      {
        url: 'https://held.example/a',
        site_id: 'test-site',
        outcome: 'ok',
        http_status: 200,
        etag: '"a"',
        last_modified: null,
        sha256: 'a'.repeat(64),
        bytes: 10,
        error: null,
      },
      {
        url: 'https://held.example/b',
        site_id: 'test-site',
        outcome: 'http_error',
        http_status: 404,
        etag: null,
        last_modified: null,
        sha256: null,
        bytes: null,
        error: 'HTTP 404',
      },
      {
        url: 'https://held.example/c',
        site_id: 'test-site',
        outcome: 'ok',
        http_status: 200,
        etag: '"c"',
        last_modified: 'Mon, 30 Nov 2026 10:00:00 GMT',
        sha256: 'c'.repeat(64),
        bytes: 10,
        error: null,
      },
    ]);
    configureFetchLog(db().db, { ms: FLUSH_MS });
  });

  it('answers its reads with the rows recorded moments ago, the last recorded first', async () => {
    configureFetchLog(db().db, { ms: 600_000 });
    const h = db().db;
    const at = new Date('2026-11-30T10:00:00.000Z');
    await recordFetch(h, ok('https://moments.example/page', 'd', { fetchedAt: at }));
    // Recorded in the same millisecond: the one recorded last is the last fetch (rows are written in order).
    await recordFetch(h, ok('https://moments.example/page', 'e', { fetchedAt: at }));
    expect(await lastGoodFetch(h, 'https://moments.example/page')).toEqual({ etag: '"e"', lastModified: null, sha256: 'e'.repeat(64), fetchedAt: at });

    await recordFetch(h, ok('https://moments.example/other', 'f', { fetchedAt: at }));
    const many = await lastGoodFetches(h, ['https://moments.example/other', 'https://moments.example/never']);
    expect([...many]).toEqual([['https://moments.example/other', { etag: '"f"', lastModified: null, sha256: 'f'.repeat(64), fetchedAt: at }]]);

    await recordFetch(h, { url: 'https://moments.example/file.pdf', siteId: 'test-site', outcome: 'timeout', error: 'timed out' });
    expect(await urlsThatFailed(h, ['https://moments.example/file.pdf', 'https://moments.example/page'])).toEqual(
      new Set(['https://moments.example/file.pdf']),
    );
    await recordFetch(h, ok('https://moments.example/file.pdf', 'g'));
    expect(await urlsThatFailed(h, ['https://moments.example/file.pdf'])).toEqual(new Set());
    configureFetchLog(db().db, { ms: FLUSH_MS });
  });

  it('writes a full batch at once, the request that fills it waiting for the write', async () => {
    configureFetchLog(db().db, { rows: 3, ms: 600_000 });
    await recordFetch(db().db, ok('https://batch.example/1', '1'));
    await recordFetch(db().db, ok('https://batch.example/2', '2'));
    expect(await rowsUnder('https://batch.example/')).toEqual([]);
    await recordFetch(db().db, ok('https://batch.example/3', '3'));
    expect((await rowsUnder('https://batch.example/')).map((r) => r.url)).toEqual([
      'https://batch.example/1',
      'https://batch.example/2',
      'https://batch.example/3',
    ]);
    configureFetchLog(db().db, { rows: FLUSH_ROWS, ms: FLUSH_MS });
  });

  it('writes what it holds by itself once FLUSH_MS has passed', async () => {
    await recordFetch(db().db, ok('https://timer.example/1', '1'));
    const started = Date.now();
    while ((await rowsUnder('https://timer.example/')).length === 0 && Date.now() - started < FLUSH_MS + 10_000) await new Promise((r) => setTimeout(r, 50));
    expect((await rowsUnder('https://timer.example/')).map((r) => r.url)).toEqual(['https://timer.example/1']);
  });

  /** drizzle wraps the driver's error (whose message names the constraint) in one that quotes the statement. */
  const causeOf = (e: unknown) => String(((e as Error | undefined)?.cause as Error | undefined)?.message);
  const FK = /violates foreign key constraint "fetches_run_id_crawl_runs_id_fk"/;

  it('throws a write that failed to a caller: the one that waited for it, else the next one', async () => {
    // No crawl run 2147483647: the row breaks the foreign key.
    configureFetchLog(db().db, { rows: 1 });
    expect(causeOf(await recordFetch(db().db, ok('https://fails.example/1', '1', { runId: 2_147_483_647 })).catch((e: unknown) => e))).toMatch(FK);
    configureFetchLog(db().db, { rows: FLUSH_ROWS, ms: 20 });
    await recordFetch(db().db, ok('https://fails.example/2', '2', { runId: 2_147_483_647 }));
    await new Promise((r) => setTimeout(r, 500));
    expect(causeOf(await recordFetch(db().db, ok('https://fails.example/3', '3')).catch((e: unknown) => e))).toMatch(FK);
    // Thrown once: the log goes on.
    await recordFetch(db().db, ok('https://fails.example/4', '4'));
    await flushFetchLog(db().db);
    expect((await rowsUnder('https://fails.example/')).map((r) => r.url)).toEqual(['https://fails.example/4']);
    configureFetchLog(db().db, { ms: FLUSH_MS });
  });

  it('writes the rows it holds before its handle closes', async () => {
    const dataDir = tempDir('gongkai-fetch-log-');
    const other = await openDb(backend === 'postgres' ? { databaseUrl: databaseUrlOf(db())! } : { dataDir });
    configureFetchLog(other.db, { ms: 600_000 });
    await recordFetch(other.db, ok('https://closing.example/1', '1'));
    await recordFetch(other.db, ok('https://closing.example/2', '2'));
    await other.close();
    const again = backend === 'postgres' ? db() : await openDb({ dataDir });
    const urls = (await again.query<{ url: string }>(`select url from fetches where url like 'https://closing.example/%' order by id`)).rows.map((r) => r.url);
    if (again !== db()) await again.close();
    expect(urls).toEqual(['https://closing.example/1', 'https://closing.example/2']);
  });
});
