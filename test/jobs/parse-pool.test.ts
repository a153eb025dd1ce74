// The parse pool (jobs/parse-pool.ts) with real worker threads: a document that outlasts its deadline or outgrows
// its memory cap ends its thread and comes back as a failure with the reason; the pool replaces the thread and the
// next document is read.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createParsePool, poolThreads } from '../../jobs/parse-pool.js';
import readTask from '../../jobs/parse-worker.js';
import { hostileDocuments } from '../../replica/hostile.js';

const corpus = new Map(hostileDocuments(0.06).map((d) => [d.id, d]));
const goodDir = path.join(import.meta.dirname, '../pipeline/reports/extra-column-2021');
const good = fs.readFileSync(path.join(goodDir, 'source.html'));
const UNBOUNDED = { tableCells: 1e12, documentCells: 1e12, pdfOperators: 1e9, pdfTextItems: 1e9, pdfLines: 1e9, pdfStreamBytes: 2 ** 31 };

describe('parse pool', () => {
  const errors: string[] = [];
  const pool = createParsePool({ threads: 1, limits: { timeoutMs: 30_000, memoryMb: 160 }, onThreadError: (e) => errors.push(e.message) });
  afterAll(() => pool.close());

  it('reads a report in a thread', async () => {
    const r = await pool.read(good);
    expect(r.ok).toBe(true);
    expect(r.ok && r.report.grade).toMatch(/^[A-F]$/);
    expect(r.ok && Object.keys(r.report.facts).length).toBeGreaterThan(50);
  }, 60_000);

  it('keeps the DocText in the thread when told (loading needs only the report and whether it needs OCR)', async () => {
    const full = await pool.read(good);
    const lean = await pool.read(good, { docText: false });
    if (!full.ok || !lean.ok) throw new Error('the report was not read');
    expect(full.doc?.blocks.length).toBeGreaterThan(10);
    expect([lean.doc, lean.needsOcr, full.needsOcr]).toEqual([null, false, false]);
    expect(lean.report).toEqual(full.report);
  }, 60_000);

  it('ends a thread past its deadline, then reads the next document in a new one', async () => {
    const t0 = Date.now();
    const r = await pool.read(corpus.get('paths-pdf')!.bytes, {}, { timeoutMs: 1500, work: UNBOUNDED });
    expect(r).toMatchObject({ ok: false, reason: 'timeout', code: null, message: 'reading took longer than 1500 ms: the thread was terminated' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect((await pool.read(good)).ok).toBe(true);
  }, 60_000);

  it('ends a thread over its memory cap, then reads the next document in a new one', async () => {
    const r = await pool.read(corpus.get('colspan-html')!.bytes, {}, { work: UNBOUNDED });
    expect(r).toMatchObject({ ok: false, reason: 'memory', code: null, message: 'reading needed more than 160 MB: the thread was stopped' });
    expect((await pool.read(good)).ok).toBe(true);
  }, 60_000);

  it('returns a refusal by the readers as unreadable, with its code', async () => {
    const r = await pool.read(corpus.get('merges-xlsx')!.bytes);
    expect(r).toMatchObject({
      ok: false,
      reason: 'unreadable',
      code: 'too_complex',
      message: 'merged ranges in xl/worksheets/sheet1.xml: 12000, over the bound of 10000',
    });
  }, 60_000);
});

describe('pool size', () => {
  it('is one thread per core while the memory budget holds every thread at its cap', () => {
    expect(poolThreads(384, 24_576, 2)).toBe(2);
    expect(poolThreads(384, 24_576, 64)).toBe(64);
  });

  it('is fewer threads than cores where the budget cannot hold them all at their cap, never none', () => {
    // 64 cores at 384 MB each would claim 24 GB; a 6 GB budget holds 16.
    expect(poolThreads(384, 6_144, 64)).toBe(16);
    expect(poolThreads(384, 1_000, 8)).toBe(2);
    expect(poolThreads(384, 100, 8)).toBe(1);
  });

  it('is sized by the budget a pool is given when its threads are not', async () => {
    const pool = createParsePool({ memoryBudgetMb: 400, limits: { memoryMb: 384 } });
    try {
      expect(pool.threads).toBe(1);
    } finally {
      await pool.close();
    }
  });
});

describe('a reading past its deadline', () => {
  it('is a timeout when the reader notices its deadline before the pool ends the thread (they race)', async () => {
    // In this thread there is no pool to terminate it: the reader's own deadline ends the reading. The pool's
    // termination gives reason 'timeout' too (above): the same document must count the same towards quarantine.
    const r = await readTask({
      bytes: hostileDocuments(1).find((d) => d.id === 'text-pdf')!.bytes,
      contentType: null,
      hints: {},
      maxBytes: 50 * 2 ** 20,
      maxPages: 200,
      timeoutMs: 50,
      ocrPageMs: 20_000,
      work: {},
      memoryBytes: 2 ** 40,
    });
    // The reader has two ways to notice: its timer, or the check between pages; which comes first depends on how
    // soon pdf.js is ready (loaded with the thread's warm-up, it often is before the timer fires).
    expect(r).toMatchObject({
      ok: false,
      kind: 'timeout',
      code: null,
      message: expect.stringMatching(/^(reading the document took longer than 50 ms|gave up after page 0 of 1: over the time limit)$/),
    });
  });
});
