// Groups the loading of read documents into batches (one transaction for many: pipeline/load loadReports), handed to
// `load` once a batch is full or has waited long enough. Reads nothing and decides nothing about a document itself.
import type { LoadItem, LoadResult } from '../pipeline/load/load-report.js';

/** Documents loaded in one transaction: past ~50 the transaction's own work outweighs what a bigger batch saves. */
export const LOAD_BATCH_SIZE = 50;
/** How long the first document of a batch waits for others: longer than a few readings, short beside a run. */
export const LOAD_BATCH_WAIT_MS = 500;

export interface LoadBatches {
  /** Loads this document in a batch of its run's documents; resolves with what loading did to it. */
  add(item: LoadItem, runId: number | null): Promise<LoadResult>;
  /** Loads what waits now (when no more documents are coming). */
  flush(): Promise<void>;
}

interface Waiting {
  items: LoadItem[];
  settle: { resolve: (r: LoadResult) => void; reject: (e: unknown) => void }[];
  timer: NodeJS.Timeout;
}

/**
 * Batches of at most `size` documents of one run (loadReports records one run id per batch), each loaded at most
 * `waitMs` after its first document arrived. `load` must return one result per item, in order.
 */
export function loadBatches(
  load: (items: LoadItem[], runId: number | null) => Promise<LoadResult[]>,
  options: { size?: number; waitMs?: number } = {},
): LoadBatches {
  const size = options.size ?? LOAD_BATCH_SIZE;
  const waitMs = options.waitMs ?? LOAD_BATCH_WAIT_MS;
  const waiting = new Map<number | null, Waiting>();

  async function send(runId: number | null): Promise<void> {
    const batch = waiting.get(runId);
    if (!batch) return;
    waiting.delete(runId);
    clearTimeout(batch.timer);
    try {
      const results = await load(batch.items, runId);
      batch.settle.forEach((s, i) => s.resolve(results[i]!));
    } catch (err) {
      // Only the database failing as a whole gets here (a bad document comes back failed): each waiter hears it.
      for (const s of batch.settle) s.reject(err);
    }
  }

  return {
    add(item, runId) {
      return new Promise<LoadResult>((resolve, reject) => {
        let batch = waiting.get(runId);
        if (!batch) {
          batch = { items: [], settle: [], timer: setTimeout(() => void send(runId), waitMs) };
          waiting.set(runId, batch);
        }
        batch.items.push(item);
        batch.settle.push({ resolve, reject });
        if (batch.items.length >= size) void send(runId);
      });
    },
    async flush() {
      await Promise.all([...waiting.keys()].map((runId) => send(runId)));
    },
  };
}
