// Documents read together are loaded together: one transaction for the batch (seen through the transaction id each
// report row was written in), with each document's own outcome and mark; a document the database refuses fails
// alone with the database's reason while the others of its batch load; a reading is counted only as a thread takes the
// document (not while it waits ready behind another); reading them all again changes nothing.
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Archive } from '../../crawlers/fetch/archive.js';
import { upsertDocument } from '../../db/queries/documents.js';
import { createParsePool, type ParsePool } from '../../jobs/parse-pool.js';
import { type ParseDocumentJob, type ProcessOutcome, processDocuments } from '../../jobs/process-documents.js';
import { generateReport } from '../../replica/generate-report.js';
import { renderHtml } from '../../replica/render-report.js';
import { describeEachDb } from '../helpers/db.js';
import { tempDir } from '../helpers/replica-crawl.js';

const AGENCIES = [
  '北京市朝阳区人民政府',
  '北京市海淀区人民政府',
  '北京市丰台区人民政府',
  '北京市密云区人民政府',
  '北京市延庆区人民政府',
  '北京市怀柔区人民政府',
];

let pool: ParsePool;
beforeAll(() => {
  pool = createParsePool({ threads: 2 });
});
afterAll(() => pool.close());

describeEachDb('loading the documents of a run in batches', (db) => {
  const log = pino({ level: 'silent' });
  let archiveRoot: string;
  let archive: Archive;

  /** Archives the report of each agency for `year`, as the crawler would; returns their sha256s. */
  async function archived(year: number): Promise<string[]> {
    const shas: string[] = [];
    for (const [i, agency] of AGENCIES.entries()) {
      const bytes = Buffer.from(renderHtml(generateReport(year * 10 + i, agency, year), { chrome: false }), 'utf8');
      const put = archive.put(bytes);
      await upsertDocument(db().db, {
        sha256: put.sha256,
        bytes: bytes.length,
        contentType: 'text/html',
        format: 'html',
        archivePath: put.path,
        seenAt: new Date(),
      });
      shas.push(put.sha256);
    }
    return shas;
  }

  /** Processes the documents with batches that wait for every reading (so that one batch is certain). */
  async function processAll(shas: string[]): Promise<Map<string, ProcessOutcome>> {
    const outcomes = new Map<string, ProcessOutcome>();
    const jobs: ParseDocumentJob[] = shas.map((sha256) => ({ sha256, runId: null }));
    await processDocuments({ handle: db(), archiveRoot, pool, maxBytes: 10_000_000 }, jobs, {
      log,
      batch: { size: 50, waitMs: 120_000 },
      onOutcome: (job, outcome) => outcomes.set(job.sha256, outcome),
    });
    return outcomes;
  }

  beforeAll(async () => {
    archiveRoot = path.join(tempDir('gongkai-batched-load-'), 'archive');
    archive = new Archive(archiveRoot);
    // The transaction each report row was written in; and a refusal of one document, as a constraint would refuse it.
    await db().query(`create table report_tx (sha256 text, tx bigint)`);
    await db().query(`create table refused (sha256 text)`);
    await db().query(`create function note_report_tx() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from refused where sha256 = new.document_sha256) then raise exception 'refused by the test: %', new.document_sha256; end if;
        insert into report_tx values (new.document_sha256, txid_current());
        return new;
      end $$`);
    await db().query(`create trigger note_report_tx after insert on reports for each row execute function note_report_tx()`);
  });

  it('loads the documents read together in one transaction, each with its own outcome', async () => {
    const shas = await archived(2020);
    const outcomes = await processAll(shas);
    expect(shas.map((s) => outcomes.get(s)?.action)).toEqual(shas.map(() => 'inserted'));
    const tx = (await db().query<{ n: number; docs: number }>(`select count(distinct tx)::int as n, count(*)::int as docs from report_tx`)).rows[0];
    expect(tx).toEqual({ n: 1, docs: AGENCIES.length });
    const marks = (
      await db().query<{ parse_status: string; parse_action: string; n: number }>(
        `select parse_status, parse_action, count(*)::int as n from documents group by 1, 2`,
      )
    ).rows;
    expect(marks).toEqual([{ parse_status: 'parsed', parse_action: 'inserted', n: AGENCIES.length }]);
  });

  it('fails a document the database refuses alone, with its reason, and loads the others of its batch', async () => {
    const shas = await archived(2021);
    await db().query(`insert into refused values ($1)`, [shas[2]]);
    const outcomes = await processAll(shas);
    // The database's own words, under its driver's name for them (PGlite's 'error', postgres.js's 'PostgresError').
    const reason = expect.stringMatching(new RegExp(`^load: (error|PostgresError): refused by the test: ${shas[2]}$`));
    expect(shas.map((s) => outcomes.get(s))).toEqual(
      shas.map((_, i) => (i === 2 ? { action: 'failed', reason } : expect.objectContaining({ action: 'inserted' }))),
    );
    const row = (
      await db().query<{ parse_status: string; parse_error: string; parse_failure: string }>(
        `select parse_status, parse_error, parse_failure from documents where sha256 = $1`,
        [shas[2]],
      )
    ).rows[0];
    expect(row).toEqual({ parse_status: 'failed', parse_error: reason, parse_failure: 'error' });
    expect((await db().query<{ n: number }>(`select count(*)::int as n from reports where year = 2021`)).rows[0]!.n).toBe(AGENCIES.length - 1);
  });

  it('counts a reading only when a thread takes the document, not while it waits ready behind another', async () => {
    const shas = await archived(2022);
    // One thread, seen as it takes each document: the documents counted then are those read so far and this one
    // (their batch loads at the end), never the next ones already looked up behind it.
    const counted: number[] = [];
    const oneThread: ParsePool = {
      threads: 1,
      read: async (bytes, input, limits) => {
        const n = await db().query<{ n: number }>(`select count(*)::int as n from documents where sha256 = any($1) and parse_attempts > 0`, [shas]);
        counted.push(n.rows[0]!.n);
        return pool.read(bytes, input, limits);
      },
      close: async () => {},
    };
    const outcomes = new Map<string, ProcessOutcome>();
    await processDocuments(
      { handle: db(), archiveRoot, pool: oneThread, maxBytes: 10_000_000 },
      shas.map((sha256) => ({ sha256, runId: null })),
      {
        log,
        batch: { size: 50, waitMs: 120_000 },
        onOutcome: (job, outcome) => outcomes.set(job.sha256, outcome),
      },
    );
    expect(counted).toEqual(shas.map((_, i) => i + 1));
    expect(shas.map((s) => outcomes.get(s)?.action)).toEqual(shas.map(() => 'inserted'));
  });

  it('changes nothing when every document is read again', async () => {
    await db().query(`delete from refused`);
    const facts = async () => (await db().query<{ n: number }>(`select count(*)::int as n from report_facts`)).rows[0]!.n;
    const before = await facts();
    const shas = (await db().query<{ sha256: string }>(`select document_sha256 as sha256 from reports order by id`)).rows.map((r) => r.sha256);
    const outcomes = await processAll(shas);
    expect(new Set([...outcomes.values()].map((o) => o.action))).toEqual(new Set(['unchanged']));
    expect(await facts()).toBe(before);
  });
});
