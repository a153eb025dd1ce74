// How documents are grouped into load batches: a full batch goes at once, a partial one after its wait or on flush,
// documents of different runs never share a batch, and a batch the database fails as a whole fails each of its waiters.
import { expect, it } from 'vitest';
import { loadBatches } from '../../jobs/load-batches.js';
import type { LoadItem, LoadResult } from '../../pipeline/load/load-report.js';

/** A stand-in document: only its sha256 matters to the grouping. */
const item = (sha256: string) => ({ ctx: { sha256 } }) as LoadItem;

/** A loader that records each batch it was given (document ids and run) and says every document was unchanged. */
function recording() {
  const batches: { shas: string[]; runId: number | null }[] = [];
  const load = async (items: LoadItem[], runId: number | null): Promise<LoadResult[]> => {
    batches.push({ shas: items.map((i) => i.ctx.sha256), runId });
    return items.map((_, i) => ({ action: 'unchanged', reportId: i, agencyId: 1, isCurrent: true }));
  };
  return { batches, load };
}

it('sends a batch as soon as it is full, and each document hears its own result', async () => {
  const { batches, load } = recording();
  const b = loadBatches(load, { size: 3, waitMs: 60_000 });
  const results = await Promise.all(['a', 'b', 'c'].map((s) => b.add(item(s), 7)));
  expect(batches).toEqual([{ shas: ['a', 'b', 'c'], runId: 7 }]);
  expect(results.map((r) => (r as { reportId: number }).reportId)).toEqual([0, 1, 2]);
});

it('sends a partial batch once its first document has waited long enough', async () => {
  const { batches, load } = recording();
  const b = loadBatches(load, { size: 50, waitMs: 30 });
  const t0 = performance.now();
  await Promise.all([b.add(item('a'), 1), b.add(item('b'), 1)]);
  expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  expect(batches).toEqual([{ shas: ['a', 'b'], runId: 1 }]);
});

it('sends what waits on flush, one batch per run', async () => {
  const { batches, load } = recording();
  const b = loadBatches(load, { size: 50, waitMs: 60_000 });
  const waiting = [b.add(item('a'), 1), b.add(item('b'), 2), b.add(item('c'), 1), b.add(item('d'), null)];
  await b.flush();
  await Promise.all(waiting);
  expect(batches).toEqual([
    { shas: ['a', 'c'], runId: 1 },
    { shas: ['b'], runId: 2 },
    { shas: ['d'], runId: null },
  ]);
});

it('fails every document of a batch the database failed as a whole', async () => {
  const b = loadBatches(
    async () => {
      throw new Error('connection lost');
    },
    { size: 2, waitMs: 60_000 },
  );
  const results = await Promise.allSettled([b.add(item('a'), 1), b.add(item('b'), 1)]);
  expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.status))).toEqual(['connection lost', 'connection lost']);
});
