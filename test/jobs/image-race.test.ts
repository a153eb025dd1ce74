// A report page whose tables are pictures, read while its pictures are still being fetched (a crawl beside the
// readers, as two `gongkai worker`s run it): a picture archived after the page's reader last looked for pictures but
// before its load committed is not lost. That picture's own job finds the page still pending and leaves it to its
// reader; the reader looks again once its load has committed and reads the page again with it. (CI caught the page of
// the replica's scanned township graded D, without table 3, in the two-worker test.)
//
// The interleaving is made certain, not hoped for: the test holds a lock on the page's row once it is read, so that
// its load waits; archives table 3's picture and runs that picture's job while the load waits; then lets it go.
import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Archive } from '../../crawlers/fetch/archive.js';
import type { DbHandle } from '../../db/client.js';
import { upsertDocument, upsertDocumentSource } from '../../db/queries/documents.js';
import { createParsePool, type ParsePool } from '../../jobs/parse-pool.js';
import { type ProcessOutcome, processDocument, processDocuments } from '../../jobs/process-documents.js';
import { databaseUrlOf, describeOnPostgres, freshDb } from '../helpers/db.js';
import { tempDir } from '../helpers/replica-crawl.js';

const FIXTURES = path.resolve('test/pipeline/ocr');
const truth = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'truth.json'), 'utf8')).a as { agency: string; year: number; facts: Record<string, number> };
const TITLE = `${truth.agency}${truth.year}年政府信息公开工作年度报告`;
const ORIGIN = 'http://town.example.gov.cn';
const PAGE_URL = `${ORIGIN}/nb/${truth.year}.html`;
const PAGE = Buffer.from(
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${TITLE}</title></head><body>` +
    `<div class="article"><h1>${TITLE}</h1><p>一、总体情况</p><p>本镇认真贯彻落实《中华人民共和国政府信息公开条例》。</p>` +
    '<p><img src="t2.jpg"></p><p><img src="t3.jpg"></p></div></body></html>',
  'utf8',
);

describeOnPostgres('a picture archived while its page is being loaded', () => {
  const log = pino({ level: 'silent' });
  let handle: DbHandle;
  let pool: ParsePool;
  let archive: Archive;
  let archiveRoot: string;

  beforeAll(async () => {
    handle = await freshDb('postgres');
    pool = createParsePool({ threads: 1 });
    archiveRoot = path.join(tempDir('gongkai-image-race-'), 'archive');
    archive = new Archive(archiveRoot);
  });
  afterAll(async () => {
    await pool?.close();
    await handle?.close();
  });

  /** Archives bytes found at `url` as the crawler records them; returns their sha256. */
  async function archived(bytes: Buffer, url: string, source: { kind: 'detail' } | { kind: 'image'; src: string; page: string }): Promise<string> {
    const put = archive.put(bytes);
    const html = source.kind === 'detail';
    await upsertDocument(handle.db, {
      sha256: put.sha256,
      bytes: bytes.length,
      contentType: html ? 'text/html; charset=utf-8' : 'image/jpeg',
      format: html ? 'html' : 'image',
      archivePath: put.path,
      seenAt: new Date(),
    });
    await upsertDocumentSource(handle.db, {
      sha256: put.sha256,
      url,
      kind: source.kind,
      linkText: TITLE,
      ...(source.kind === 'image' ? { parentUrl: PAGE_URL, parentSha256: source.page, meta: { title: TITLE, src: source.src } } : { meta: {} }),
      seenAt: new Date(),
    });
    return put.sha256;
  }

  it('reads the page again with it once the load has committed, and has every table', async () => {
    const page = await archived(PAGE, PAGE_URL, { kind: 'detail' });
    await archived(fs.readFileSync(path.join(FIXTURES, 'a-page-2.jpg')), `${ORIGIN}/nb/t2.jpg`, { kind: 'image', src: 't2.jpg', page });

    // Once the page has been read (with table 2 only), its row is locked: loading it waits.
    const locker = postgres(databaseUrlOf(handle)!, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = locker.begin(async (tx) => {
      await isLocked;
      await tx`select 1 from documents where sha256 = ${page} for update`;
      await released;
    });
    const readings: number[] = [];
    const watched: ParsePool = {
      ...pool,
      threads: pool.threads,
      read: async (...args) => {
        const outcome = await pool.read(...args);
        readings.push(args[1]?.images?.size ?? 0);
        if (readings.length === 1) locked();
        return outcome;
      },
    };
    const outcomes: ProcessOutcome[] = [];
    const processing = processDocuments({ handle, archiveRoot, pool: watched, maxBytes: 10_000_000 }, [{ sha256: page, runId: null }], {
      log,
      onOutcome: (_job, outcome) => outcomes.push(outcome),
    });
    try {
      // The page's load is waiting for the lock: its reader has looked for pictures for the last time before loading.
      const waiting = async () =>
        (await handle.query<{ n: number }>(`select count(*)::int n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))
          .rows[0]!.n;
      for (const since = Date.now(); (await waiting()) === 0; await new Promise((r) => setTimeout(r, 50)))
        if (Date.now() - since > 120_000) throw new Error('the page was never loaded');
      const t3 = await archived(fs.readFileSync(path.join(FIXTURES, 'a-page-3.jpg')), `${ORIGIN}/nb/t3.jpg`, { kind: 'image', src: 't3.jpg', page });
      // The picture's own job: the page is still pending, so it is left to the page's reader.
      expect(await processDocument({ handle, archiveRoot, pool, maxBytes: 10_000_000 }, { sha256: t3, runId: null })).toMatchObject({ action: 'not_report' });
      expect(readings).toEqual([1]);
    } finally {
      release();
      await holding;
      await locker.end();
    }
    await processing;

    // Read with table 2, then again with both once the load found table 3 archived meanwhile.
    expect(readings).toEqual([1, 2]);
    // Loaded, then updated in place by the second reading (the parser and the grade the same, the facts not).
    expect(outcomes.map((o) => o.action)).toEqual(['updated']);
    const facts = new Map(
      (
        await handle.query<{ key: string; value: number | null }>(
          `select f.key, f.value from report_facts f join reports r on r.id = f.report_id where r.document_sha256 = $1`,
          [page],
        )
      ).rows.map((f) => [f.key, f.value === null ? null : Number(f.value)]),
    );
    expect(facts.get('t3.new_received.total')).toBe(truth.facts['t3.new_received.total']);
    const wrong = [...facts].filter(([k, v]) => v !== null && k in truth.facts && v !== truth.facts[k]);
    expect(wrong).toEqual([]);
  }, 300_000);
});
