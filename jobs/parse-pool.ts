// The parse pool: documents are read (extracted, parsed, validated) in worker threads (piscina), one per core by
// default, each with a hard memory cap (its heap limit, plus its own watch on the buffers outside the heap) and a
// hard deadline enforced by terminating the thread; the pool starts a new thread in place of a dead one. A document
// that kills or outlasts its thread comes back as a failure with the reason, and the process goes on. Used by the
// in-process queue, `gongkai worker`, `gongkai parse` and reparse. Reads no files and no database.
import { createRequire } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import { Piscina } from 'piscina';
import type { ReadFailure } from '../domain/values.js';
import type { WorkLimits } from '../pipeline/extract/limits.js';
import type { ReadResult } from '../pipeline/read-report.js';
import type { ParseHints } from '../pipeline/types.js';
import { EXIT_OVER_MEMORY, type ReadTask, type TaskResult } from './parse-worker.js';

/** Limits on reading one document. */
export interface ReadLimits {
  /** Documents larger than this are refused unread. */
  maxBytes: number;
  /** PDFs with more pages are refused. */
  maxPages: number;
  /** Hard deadline from the moment a thread takes the document: past it the thread is terminated. */
  timeoutMs: number;
  /** Added to the deadline for each page the thread reads by OCR (it says so as it starts the page). */
  ocrPageMs: number;
  /** Memory one thread may use (heap and buffers), in MB; past it the thread ends. Fixed per pool. */
  memoryMb: number;
  /** The work bounds of pipeline/extract/limits.ts, when not the defaults. */
  work: Partial<WorkLimits>;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxPages: 200,
  timeoutMs: 60_000,
  // As pipeline/extract DEFAULT_LIMITS (not imported: this side of the pool loads no reader).
  ocrPageMs: 20_000,
  memoryMb: 384,
  work: {},
};

/** Why a read failed (domain/values.ts READ_FAILURES). */
export type ReadFailureReason = ReadFailure;

export interface ReadInput {
  contentType?: string | null;
  hints?: ParseHints;
  /** HTML: the bytes of the article's images by their src as written (read by OCR in place). */
  images?: ReadonlyMap<string, Uint8Array>;
  /**
   * false: the DocText stays in the thread (`doc` is null) — loading needs only the report and whether the document
   * needs OCR, and the DocText is a quarter of what a reading would otherwise copy back to this thread.
   */
  docText?: boolean;
}

export type ReadOutcome =
  | { ok: true; doc: ReadResult['doc'] | null; report: ReadResult['report']; needsOcr: boolean; ms: number; peakMb: number }
  | {
      ok: false;
      reason: ReadFailureReason;
      /** The reader's error code for 'unreadable' (corrupt, too_complex …), else null. */
      code: string | null;
      message: string;
      ms: number;
    };

export interface ParsePool {
  readonly threads: number;
  /** Reads one document in a thread of the pool; never throws for anything the document does. */
  read(bytes: Uint8Array, input?: ReadInput, limits?: Partial<Omit<ReadLimits, 'memoryMb'>>): Promise<ReadOutcome>;
  close(): Promise<void>;
}

export interface ParsePoolOptions {
  /** Threads (default: poolThreads — the cores this process may use, as far as the memory budget allows). */
  threads?: number;
  /** Memory all the pool's threads may use together, in MB, when `threads` is not given (default: poolThreads). */
  memoryBudgetMb?: number;
  limits?: Partial<ReadLimits>;
  /** Told of every thread that died (and was replaced), for the log. */
  onThreadError?: (err: Error) => void;
}

/** How long a new thread may take to load the readers before its first document's deadline starts. */
const THREAD_START_MS = 60_000;

/** The loader that lets a thread run the TypeScript sources as they are (like bin/gongkai.js). */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function failure(err: unknown, timeoutMs: number, memoryMb: number): { reason: ReadFailureReason; message: string } {
  const e = err as NodeJS.ErrnoException;
  if (e?.name === 'AbortError') return { reason: 'timeout', message: `reading took longer than ${timeoutMs} ms: the thread was terminated` };
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY' || new RegExp(`exited with code: ${EXIT_OVER_MEMORY}\\b`).test(e?.message ?? '')) {
    return { reason: 'memory', message: `reading needed more than ${memoryMb} MB: the thread was stopped` };
  }
  return { reason: 'crashed', message: `the reading thread died: ${e?.message ?? String(err)}` };
}

/**
 * Threads for a pool: one per core, but no more than the memory budget holds at `memoryMb` each — every thread may
 * grow to its cap at once (a night of hostile documents), so 64 cores at 384 MB would otherwise claim 24 GB. The
 * budget defaults to a quarter of the machine's memory; GONGKAI_PARSE_MEMORY_MB sets it.
 */
export function poolThreads(memoryMb: number, budgetMb = os.totalmem() / 4 / 2 ** 20, cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(cores, Math.floor(budgetMb / memoryMb)));
}

export function createParsePool(options: ParsePoolOptions = {}): ParsePool {
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const threads = Math.max(1, options.threads ?? poolThreads(limits.memoryMb, options.memoryBudgetMb));
  const piscina = new Piscina({
    filename: new URL('./parse-worker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // Threads stay for the pool's life: starting one costs a second or two of module loading.
    idleTimeout: Number.POSITIVE_INFINITY,
    execArgv: ['--import', TSX_LOADER],
    // The heap limit ends a thread whose JavaScript objects outgrow it (the worker watches buffers itself).
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
  // A thread that dies with no task (or after its task was already failed) is reported here, not thrown.
  piscina.on('error', (err: Error) => options.onThreadError?.(err));
  // One document per thread at a time, handed over only when a thread is free, so that a deadline counts from the
  // moment a thread takes the document, not from its wait in a queue.
  const gate = pLimit(threads);
  return {
    threads,
    read(bytes, input = {}, override = {}) {
      const l = { ...limits, ...override };
      return gate(async () => {
        const started = performance.now();
        const task: ReadTask = {
          bytes,
          contentType: input.contentType ?? null,
          hints: input.hints ?? {},
          ...(input.images?.size ? { images: new Map(input.images) } : {}),
          docText: input.docText ?? true,
          maxBytes: l.maxBytes,
          maxPages: l.maxPages,
          timeoutMs: l.timeoutMs,
          ocrPageMs: l.ocrPageMs,
          work: l.work,
          memoryBytes: limits.memoryMb * 1024 * 1024,
        };
        const ms = () => Math.round(performance.now() - started);
        // The deadline counts from the moment the thread starts on the document (it says so on `started`), not from a
        // new thread's loading of the readers, which takes seconds on a busy machine; loading has its own bound.
        const controller = new AbortController();
        const { port1, port2 } = new MessageChannel();
        let deadline = setTimeout(() => controller.abort(), l.timeoutMs + THREAD_START_MS);
        // 'started' starts the deadline; each 'ocr-page' adds that page's allowance to it (as readReport does).
        let endsAt = 0;
        port1.on('message', (m: 'started' | 'ocr-page') => {
          endsAt = m === 'started' ? performance.now() + l.timeoutMs : endsAt + l.ocrPageMs;
          clearTimeout(deadline);
          deadline = setTimeout(() => controller.abort(), Math.max(0, endsAt - performance.now()));
        });
        try {
          const r = (await piscina.run({ ...task, started: port2 }, { signal: controller.signal, transferList: [port2] })) as TaskResult;
          if (r.ok) return { ok: true, doc: r.doc, report: r.report, needsOcr: r.needsOcr, ms: ms(), peakMb: Math.round(r.peakBytes / 1048576) };
          return { ok: false, reason: r.kind, code: r.code, message: r.message, ms: ms() };
        } catch (err) {
          return { ok: false, ...failure(err, l.timeoutMs, limits.memoryMb), code: null, ms: ms() };
        } finally {
          clearTimeout(deadline);
          port1.close();
        }
      });
    },
    async close() {
      await piscina.destroy();
    },
  };
}
