// Reads archived documents and loads them: bytes from the archive, hints from where the crawl found them, the reading
// itself in the parse pool's threads (a hostile document fails alone). Never touches the network. A document that
// cannot be read keeps its row with the reason; one whose reading kills or outlasts its thread again and again is
// quarantined (not read again until forced). Each is marked with the run that read it and what loading did, which is
// what the run's report counts. A page is read with the images archived with it; an image of a page is never read on
// its own: its page is read again if it was read without it.
import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { DbHandle } from '../db/client.js';
import { imagesOfPage, type PageImage, pagesOfImage } from '../db/queries/documents.js';
import { type DocumentContext, markDocument, readingContext, readingStates, startReading } from '../db/queries/reports.js';
import type { LocalSourceMeta } from '../domain/local-source.js';
import { THREAD_KILLING_FAILURES } from '../domain/values.js';
import { type LoadItem, type LoadOutcome, type LoadResult, loadReports, recordParseFailure } from '../pipeline/load/load-report.js';
import { PARSER_VERSION } from '../pipeline/parse/parse-report.js';
import type { ParseHints } from '../pipeline/types.js';
import { loadBatches } from './load-batches.js';
import type { ParsePool, ReadOutcome } from './parse-pool.js';

/** Readings in a row that may end without a result (a killed thread, a process gone) before a document is quarantined. */
export const MAX_READ_ATTEMPTS = 2;

/** Documents in hand per reading thread: one being read and one ready behind it (its lookups done). */
const READ_AHEAD = 2;

export interface ProcessDeps {
  handle: DbHandle;
  archiveRoot: string;
  pool: ParsePool;
  /** Documents larger than this are refused without reading their bytes. */
  maxBytes: number;
  maxAttempts?: number;
  /**
   * Runs the database work of one step. The embedded database has one connection, where a statement sent while
   * another document's load transaction is open would run inside it: in this process loads go one at a time.
   */
  exclusive?: <T>(fn: () => Promise<T>) => Promise<T>;
  /**
   * Runs the start of a reading and the reading itself: as many at a time as the pool has threads, while more
   * documents get ready behind them (their context and images looked up), so that a thread that finishes one finds
   * the next waiting rather than idles through its database round trips.
   */
  reading?: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** A document to read for a run (null outside one). */
export interface ParseDocumentJob {
  sha256: string;
  runId: number | null;
  /** Read even when quarantined, as a first attempt (reparse --force, --document). */
  force?: boolean;
  /** The run's deadline (epoch ms): a job taken after it is left for the next run. */
  deadlineAt?: number | null;
}

export type ProcessOutcome = LoadOutcome | { action: 'failed' | 'quarantined'; reason: string };

/** What an imported file's source gives the parser: its path, and the agency, year and region the import was told. */
export function hintsOfLocal(local: LocalSourceMeta): ParseHints {
  const year = local.year !== undefined && /^\d{4}$/.test(local.year) ? Number(local.year) : undefined;
  const given = { ...(local.agency ? { agency: local.agency } : {}), ...(year !== undefined ? { year } : {}) };
  return {
    path: local.path,
    ...(Object.keys(given).length ? { given } : {}),
    ...(local.regionCode ? { regionCode: local.regionCode } : {}),
  };
}

function hintsOf(ctx: DocumentContext): ParseHints {
  const pub = /^(\d{4}-\d{2}-\d{2})/.exec(ctx.meta.PubDate ?? ctx.meta.发布日期 ?? '')?.[1];
  // A local source's metadata is its path, note and flags (domain/local-source.ts), not page metadata.
  const pageMeta = ctx.kind === 'local' ? {} : ctx.meta;
  const meta = Object.fromEntries(Object.entries(pageMeta).filter(([, v]) => typeof v === 'string'));
  return {
    ...(ctx.local ? hintsOfLocal(ctx.local) : {}),
    ...(ctx.url && ctx.kind !== 'local' ? { url: ctx.url } : {}),
    ...(ctx.linkText ? { linkText: ctx.linkText } : {}),
    ...(Object.keys(meta).length ? { meta } : {}),
    ...(ctx.siteRegionCode ? { regionCode: ctx.siteRegionCode } : {}),
    ...(pub ? { publishedAt: pub } : {}),
  };
}

const direct = <T>(fn: () => Promise<T>) => fn();

type ReadingStart = Awaited<ReturnType<typeof startReading>>;

/**
 * A document read and ready to load (for a report page, with the images it was read with), or what became of it
 * when it could not be read.
 */
type Reading = { item: LoadItem; imagesRead: ReadonlySet<string> | null } | { outcome: ProcessOutcome };

/** Reads one document for a run (null outside one), leaving the loading to the caller. */
async function readDocument(deps: ProcessDeps, job: ParseDocumentJob): Promise<Reading> {
  const { handle, sha256 } = { handle: deps.handle, sha256: job.sha256 };
  const db = deps.exclusive ?? direct;
  const runId = job.runId;
  const found = await db(() => readingContext(handle.db, sha256));
  if (!found) return { outcome: { action: 'failed', reason: 'no such document' } };
  const ctx = found.ctx;
  const pages = found.imageOnly ? await db(() => pagesOfImage(handle.db, sha256)) : null;
  if (pages) return { outcome: await placeImage(deps, job, pages) };
  const file = path.join(deps.archiveRoot, ctx.archivePath);
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined) {
    await db(() => recordParseFailure(handle.db, sha256, `archived bytes missing at ${ctx.archivePath}`, PARSER_VERSION, runId, 'unreadable'));
    return { outcome: { action: 'failed', reason: 'archived bytes missing' } };
  }
  if (size > deps.maxBytes) {
    const reason = `too_large: document is ${size} bytes, over the limit of ${deps.maxBytes}`;
    await db(() => recordParseFailure(handle.db, sha256, reason, PARSER_VERSION, runId, 'unreadable'));
    return { outcome: { action: 'failed', reason } };
  }
  const maxAttempts = deps.maxAttempts ?? MAX_READ_ATTEMPTS;
  let images = found.hasImages ? await db(() => imagesOfPage(handle.db, sha256)) : [];
  const hints = hintsOf(ctx);
  const reading = deps.reading ?? direct;
  const readWith = (bytes: Uint8Array, found: PageImage[]) =>
    deps.pool.read(bytes, { contentType: ctx.contentType, hints, images: imageBytes(deps, found), docText: false });
  // Counted before the reading starts: a process that dies while reading it leaves the count behind. Counted once a
  // thread is about to take it (inside the reading gate), not while it waits behind others, which it could not kill.
  type Started = { start: Extract<ReadingStart, { read: false }> } | { start: Extract<ReadingStart, { read: true }>; bytes: Buffer; outcome: ReadOutcome };
  const first = await reading(async (): Promise<Started> => {
    const start = await db(() => startReading(handle.db, sha256, { maxAttempts, force: Boolean(job.force), runId }));
    if (!start.read) return { start };
    const bytes = fs.readFileSync(file);
    return { start, bytes, outcome: await readWith(bytes, images) };
  });
  if (!('bytes' in first)) return { outcome: { action: 'quarantined', reason: first.start.error ?? 'quarantined' } };
  const { start, bytes } = first;
  let outcome = first.outcome;
  // An image archived while the page was being read (a crawl beside the readers): read the page again with it.
  const known = new Set(images.map((i) => i.sha256));
  const now = found.isPage ? await db(() => imagesOfPage(handle.db, sha256)) : images;
  if (now.some((i) => !known.has(i.sha256))) {
    images = now;
    outcome = await reading(() => readWith(bytes, now));
  }
  await markImagesRead(deps, images, sha256, runId);
  if (outcome.ok)
    return {
      item: { ctx, report: outcome.report, status: outcome.needsOcr ? 'needs_ocr' : 'parsed', withImages: images.length > 0 },
      imagesRead: found.isPage ? new Set(images.map((i) => i.sha256)) : null,
    };
  const killed = THREAD_KILLING_FAILURES.includes(outcome.reason);
  const quarantined = killed && start.attempt >= maxAttempts;
  const reason =
    `${outcome.code ?? outcome.reason}: ${outcome.message}` +
    (killed ? ` (reading ${start.attempt} of ${maxAttempts}${quarantined ? ': quarantined, `gongkai reparse --force` reads it again' : ''})` : '');
  await db(() => recordParseFailure(handle.db, sha256, reason, PARSER_VERSION, runId, outcome.reason, quarantined));
  return { outcome: { action: quarantined ? 'quarantined' : 'failed', reason } };
}

/** The bytes of a page's archived images by their src as written; one missing or over the size bound is left out. */
function imageBytes(deps: ProcessDeps, images: PageImage[]): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const img of images) {
    const file = path.join(deps.archiveRoot, img.archivePath);
    const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
    if (size !== undefined && size <= deps.maxBytes) out.set(img.src, fs.readFileSync(file));
  }
  return out;
}

/** Marks images as read with their page: not reports of their own, with the page named. */
async function markImagesRead(deps: ProcessDeps, images: PageImage[], pageSha256: string, runId: number | null): Promise<void> {
  const db = deps.exclusive ?? direct;
  for (const img of images)
    await db(() =>
      markDocument(deps.handle.db, img.sha256, 'not_report', `an image of the report page ${pageSha256}, read with it`, PARSER_VERSION, {
        runId,
        action: 'not_report',
      }),
    );
}

/**
 * A document found only as an image of report pages is not read on its own. Pages already read without it are read
 * again now (it arrived after them); a page not read yet will read it when its turn comes.
 */
async function placeImage(
  deps: ProcessDeps,
  job: ParseDocumentJob,
  pages: { sha256: string; url: string | null; parseStatus: string }[],
): Promise<ProcessOutcome> {
  const db = deps.exclusive ?? direct;
  const [state] = await db(() => readingStates(deps.handle.db, [job.sha256]));
  // Marked by a page that read it: nothing left to do but say which parser saw it.
  const alreadyRead = state?.parseStatus === 'not_report';
  const reason = `an image of the report page ${pages.map((p) => p.url ?? p.sha256).join(', ') || '(unknown)'}, read with it`;
  await db(() => markDocument(deps.handle.db, job.sha256, 'not_report', reason, PARSER_VERSION, { runId: job.runId, action: 'not_report' }));
  if (!alreadyRead) for (const page of pages.filter((p) => p.parseStatus !== 'pending')) await processDocument(deps, { ...job, sha256: page.sha256 });
  return { action: 'not_report', reason };
}

/**
 * What loading came to; a document the database refused even alone (its batch was loaded again one by one) keeps its
 * row as failed with the database's reason, and the others of its batch load.
 */
async function settleLoad(deps: ProcessDeps, job: ParseDocumentJob, result: LoadResult): Promise<ProcessOutcome> {
  if (result.action !== 'failed') return result;
  const reason = `load: ${result.reason}`;
  await (deps.exclusive ?? direct)(() => recordParseFailure(deps.handle.db, job.sha256, reason, PARSER_VERSION, job.runId, 'error'));
  return { action: 'failed', reason };
}

/**
 * A report page loaded: read again if an image of it was archived after its last look, and what that came to. Such an
 * image's own job (placeImage) found the page still pending and left it to its reader; looking once the load has
 * committed closes that gap, for one of the two always sees the other's write.
 */
async function afterLoad(deps: ProcessDeps, job: ParseDocumentJob, imagesRead: ReadonlySet<string> | null, outcome: ProcessOutcome): Promise<ProcessOutcome> {
  if (!imagesRead || outcome.action === 'failed') return outcome;
  const now = await (deps.exclusive ?? direct)(() => imagesOfPage(deps.handle.db, job.sha256));
  return now.some((i) => !imagesRead.has(i.sha256)) ? processDocument(deps, job) : outcome;
}

/** Parses and loads one document for a run (null outside one), in a batch of its own; returns what happened to it. */
export async function processDocument(deps: ProcessDeps, job: ParseDocumentJob): Promise<ProcessOutcome> {
  const read = await readDocument(deps, job);
  if ('outcome' in read) return read.outcome;
  const [result] = await (deps.exclusive ?? direct)(() => loadReports(deps.handle.db, [read.item], job.runId));
  return afterLoad(deps, job, read.imagesRead, await settleLoad(deps, job, result!));
}

/**
 * Parses and loads documents, as many read at a time as the pool has threads, loaded in batches (load-batches.ts)
 * while the threads read on; stops taking new ones once `shouldStop` says so (the run's deadline), leaving the rest
 * for the next run. Returns how many were left.
 */
export async function processDocuments(
  deps: ProcessDeps,
  jobs: ParseDocumentJob[],
  options: {
    log: Logger;
    shouldStop?: () => boolean;
    onDocument?: (sha256: string) => void;
    /** Told what became of each document read (not of those left). */
    onOutcome?: (job: ParseDocumentJob, outcome: ProcessOutcome) => void;
    batch?: { size?: number; waitMs?: number };
  },
): Promise<{ left: number }> {
  const serial = pLimit(1);
  // Batches load one at a time. On the embedded database (one connection) every other statement waits for them too;
  // on a server the readings' own statements go on beside a batch's transaction, so the threads are never kept
  // waiting for the next document while a batch loads.
  const loads = deps.exclusive ?? (<T>(fn: () => Promise<T>) => serial(fn));
  const exclusive = deps.exclusive ?? (deps.handle.kind === 'postgres' ? direct : loads);
  // Documents in hand: those being read, and as many again getting ready behind them (READ_AHEAD).
  const limit = pLimit(deps.pool.threads * READ_AHEAD);
  const reading = pLimit(deps.pool.threads);
  const batches = loadBatches((items, runId) => loads(() => loadReports(deps.handle.db, items, runId)), options.batch);
  let left = 0;
  // Documents not yet through their reading: once none is, what waits to be loaded goes at once.
  let unread = jobs.length;
  await Promise.all(
    jobs.map(async (job) => {
      const read = await limit(async () => {
        if (!options.shouldStop?.()) return readDocument({ ...deps, exclusive, reading: (fn) => reading(fn) }, job);
        left++;
        return undefined;
      });
      const loaded = read && 'item' in read ? batches.add(read.item, job.runId) : undefined;
      if (--unread === 0) void batches.flush();
      if (!read) return;
      const own = { ...deps, exclusive };
      const outcome = 'outcome' in read ? read.outcome : await afterLoad(own, job, read.imagesRead, await settleLoad(own, job, await loaded!));
      options.onOutcome?.(job, outcome);
      options.onDocument?.(job.sha256);
      options.log.debug({ sha256: job.sha256, action: outcome.action }, 'document processed');
      if (outcome.action === 'failed' || outcome.action === 'quarantined') {
        options.log.warn({ sha256: job.sha256, action: outcome.action, reason: outcome.reason }, 'document not readable');
      }
    }),
  );
  return { left };
}
