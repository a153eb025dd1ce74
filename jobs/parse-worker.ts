// What a parse-pool worker thread runs (jobs/parse-pool.ts): one document read per task — bytes to DocText, facts,
// findings — with every failure returned as data, never thrown. Watches its own memory (heap and the buffers outside
// it, which the thread's heap limit does not cover) and ends the thread past its cap. No database, no files.
import { isMainThread, type MessagePort } from 'node:worker_threads';
import { ExtractError } from '../pipeline/extract/errors.js';
import type { WorkLimits } from '../pipeline/extract/limits.js';
import { loadPdfJs } from '../pipeline/extract/pdf.js';
import { readReport } from '../pipeline/read-report.js';
import type { DocText, ParsedReport, ParseHints } from '../pipeline/types.js';

/** The exit code of a thread that ended itself over its memory cap (the pool reports it as 'memory'). */
export const EXIT_OVER_MEMORY = 75;

export interface ReadTask {
  bytes: Uint8Array;
  contentType: string | null;
  hints: ParseHints;
  maxBytes: number;
  maxPages: number;
  timeoutMs: number;
  ocrPageMs: number;
  /** HTML: the article's images by their src as written. */
  images?: Map<string, Uint8Array>;
  work: Partial<WorkLimits>;
  /** false: the DocText does not go back with the report (`doc` is null; `needsOcr` says what loading needs of it). */
  docText?: boolean;
  /** Heap and external memory this thread may use, in bytes. */
  memoryBytes: number;
  /** Told when the thread starts on the document ('started': the pool's deadline counts from then) and before each
   * page it reads by OCR ('ocr-page': the pool adds that page's allowance to the deadline). */
  started?: MessagePort;
}

export type TaskResult =
  | { ok: true; doc: DocText | null; needsOcr: boolean; report: ParsedReport; peakBytes: number }
  | { ok: false; kind: 'unreadable' | 'timeout' | 'error'; code: string | null; message: string; peakBytes: number };

let memoryBytes = Number.POSITIVE_INFINITY;
let peak = 0;
// Every 50 ms (pdf.js and the readers yield often enough for it to run): past the cap, the thread ends. Only in a
// worker thread: the pool imports this module's types and constant too.
if (!isMainThread) {
  setInterval(() => {
    const m = process.memoryUsage();
    const used = m.heapUsed + m.external;
    peak = Math.max(peak, used);
    if (used > memoryBytes) process.exit(EXIT_OVER_MEMORY);
  }, 50).unref();
}

// A new thread loads what every reading needs (the region index, the parser, pdf.js) before it says it has started
// on its first document, so that the document's deadline is not spent on loading (the pool bounds loading apart).
let warm: Promise<unknown> | undefined;
function warmUp(): Promise<unknown> {
  warm ??= Promise.all([
    readReport(Buffer.from('<html><body><p>2023年政府信息公开工作年度报告</p></body></html>')).catch(() => {}),
    // As the reading loads it: V8's own push and JSON put back before the first document, whatever its format.
    loadPdfJs(),
  ]);
  return warm;
}

export default async function readTask(task: ReadTask): Promise<TaskResult> {
  memoryBytes = task.memoryBytes;
  peak = 0;
  await warmUp();
  task.started?.postMessage('started');
  try {
    const { doc, report } = await readReport(task.bytes, {
      contentType: task.contentType,
      hints: task.hints,
      maxBytes: task.maxBytes,
      maxPages: task.maxPages,
      timeoutMs: task.timeoutMs,
      ocrPageMs: task.ocrPageMs,
      ...(task.images ? { images: task.images } : {}),
      onOcrPage: () => task.started?.postMessage('ocr-page'),
      limits: task.work,
    });
    return { ok: true, doc: task.docText === false ? null : doc, needsOcr: Boolean(doc.needsOcr), report, peakBytes: peak };
  } catch (err) {
    // The reader's own deadline and the pool's termination race for a slow document: either way it timed out, and
    // counts towards quarantine (as 'unreadable' it would be read again every night, spending its deadline each time).
    if (err instanceof ExtractError && err.code === 'timeout') return { ok: false, kind: 'timeout', code: null, message: err.message, peakBytes: peak };
    if (err instanceof ExtractError) return { ok: false, kind: 'unreadable', code: err.code, message: err.message, peakBytes: peak };
    const e = err as Error;
    return { ok: false, kind: 'error', code: null, message: `${e.name}: ${e.message}`, peakBytes: peak };
  }
}
