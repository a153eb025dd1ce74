// The one collection orchestrator: a crawl ('crawl'), a full nightly run ('run': crawl, then parse and load every
// document left pending), a re-read of the archive ('reparse') or an import of a researcher's files ('import':
// archive them, then parse and load them like crawled documents), over a work queue — in this process for the
// embedded database, pg-boss workers on Postgres. It holds the run lock, writes the run record, and builds the run's
// report from the database the same way in both modes. Orchestration only: no parsing, no selectors, no SQL.
import type { Logger } from 'pino';
import { Archive } from '../crawlers/fetch/archive.js';
import { type ImportStatement, importCollection } from '../crawlers/local/import-collection.js';
import type { CollectionItem } from '../crawlers/local/read-collection.js';
import { RUN_BUDGET_DEFAULTS } from '../crawlers/budget.js';
import type { SiteConfig } from '../crawlers/types.js';
import type { DbHandle } from '../db/client.js';
import { documentsToParse, importedDocuments, readingStates } from '../db/queries/reports.js';
import { type ImportSummary, type RecordedFile, type RunReport, summarizeImport } from '../domain/run-report.js';
import { PARSER_VERSION } from '../pipeline/parse/parse-report.js';
import type { RunKind } from '../domain/values.js';
import { finishRunRecord, RunLockedError, startRunRecord } from './run-record.js';
import { startHeartbeat, takeRunLock } from './run-lock.js';
import type { WorkQueue } from './work-queue.js';

export interface CollectOptions {
  handle: DbHandle;
  log: Logger;
  kind: RunKind;
  trigger: string;
  queue: WorkQueue;
  /** The sites to crawl ('crawl' and 'run'); disabled ones are left out. */
  sites?: SiteConfig[];
  /** The documents to read again ('reparse'). */
  documents?: string[];
  recheckAfterMs?: number;
  /** Read quarantined documents too, as first attempts ('reparse --force', '--document'). */
  force?: boolean;
  /**
   * When the run must stop taking new work (epoch ms; default: RUN_BUDGET_DEFAULTS.minutes after its start, so that a
   * stuck run never costs the next night): sites are cut ('partial'), unread documents left for the next run.
   */
  deadlineAt?: number | null;
  /** Return once the work is queued, without waiting for it (workers finish it; the run stays 'running'). */
  noWait?: boolean;
  /** The sites are `gongkai demo`'s replicas: their reports are invented, and every dataset marks them so. */
  demo?: boolean;
  /** The collection to import ('import'). */
  local?: LocalImport;
}

export interface LocalImport {
  /** The paths the person gave (for the run's plan). */
  paths: string[];
  files: AsyncIterable<CollectionItem>;
  statement: ImportStatement;
  /** Where the archive is (<data>/archive). */
  archiveRoot: string;
  /** Progress: each file as it is archived, then how many documents are to be read. */
  onFile?: (file: RecordedFile) => void;
  onReading?: (documents: number) => void;
}

export interface QueuedRun {
  runId: number;
  queued: number;
}

export async function collect(options: CollectOptions): Promise<RunReport> {
  const result = await start(options);
  if ('queued' in result) throw new Error('collect() was asked not to wait: use enqueueCollection()');
  return result;
}

/** Like collect(), but with `noWait` returns as soon as the work is queued. */
export async function enqueueCollection(options: CollectOptions): Promise<RunReport | QueuedRun> {
  return start(options);
}

async function start(options: CollectOptions): Promise<RunReport | QueuedRun> {
  const { handle, log, kind, queue } = options;
  // A crawl only archives: it may run beside a collection (per-site queue locks keep two crawls of a site apart).
  const lock = kind === 'crawl' ? null : await takeRunLock(handle, log);
  if (kind !== 'crawl' && !lock) throw new RunLockedError();
  const started = Date.now();
  let heartbeat: ReturnType<typeof startHeartbeat> | undefined;
  try {
    const sites = (options.sites ?? []).filter((s) => !s.disabled);
    const plan = { sites: sites.map((s) => s.id), trigger: options.trigger, ...(options.local ? { paths: options.local.paths } : {}) };
    const deadlineAt = options.deadlineAt === undefined ? started + RUN_BUDGET_DEFAULTS.minutes * 60_000 : options.deadlineAt;
    const runId = await startRunRecord(handle.db, {
      kind,
      trigger: options.trigger,
      plan,
      sites,
      queue: queue.kind,
      demo: Boolean(options.demo),
      deadlineAt,
    });
    // The heartbeat says the lock's holder is alive; a crawl holds no lock, so nothing may take it over.
    if (lock) heartbeat = startHeartbeat(handle, runId, log);
    log.info({ runId, kind, sites: sites.length, queue: queue.kind }, 'run started');
    let parseMs = 0;
    let queued = 0;
    let imported: ImportSummary | undefined;
    const runBudget = {
      limits: { requests: RUN_BUDGET_DEFAULTS.requests, documents: RUN_BUDGET_DEFAULTS.documents, bytes: RUN_BUDGET_DEFAULTS.megabytes * 1048576 },
      deadlineAt,
    };
    try {
      if (kind === 'import') {
        if (!options.local) throw new Error("an 'import' run needs the files to import");
        const parseStarted = Date.now();
        const done = await importFiles(options.local, handle, queue, { runId, deadlineAt, force: Boolean(options.force) });
        imported = done.summary;
        queued = done.queued;
        parseMs = Date.now() - parseStarted;
      } else if (kind !== 'reparse') {
        const archiveOnly = kind === 'crawl' ? { archiveOnly: true } : {};
        await queue.crawl(sites.map((site) => ({ site, runId, recheckAfterMs: options.recheckAfterMs, runBudget, ...archiveOnly })));
      }
      if (kind !== 'crawl' && kind !== 'import') {
        const parseStarted = Date.now();
        // Everything archived and not yet read: this run's new and changed documents, any a killed run left, and those
        // whose reading thread was ended before and that have an attempt left (quarantined ones are not read).
        const shas = kind === 'reparse' ? (options.documents ?? []) : await documentsToParse(handle.db, { statuses: ['pending'], retryKilled: true });
        queued = shas.length;
        await queue.parse(shas.map((sha256) => ({ sha256, runId, deadlineAt, ...(options.force ? { force: true } : {}) })));
        if (options.noWait) {
          // The workers finish the run with no process holding its lock: no heartbeat, so nothing takes it over.
          await heartbeat?.stop(true);
          return { runId, queued: sites.length + shas.length };
        }
        await queue.drained();
        parseMs = Date.now() - parseStarted;
      } else if (options.noWait) {
        await heartbeat?.stop(true);
        return { runId, queued: sites.length };
      } else await queue.drained();
    } catch (err) {
      await finishRunRecord(handle, runId, { failed: err as Error, plan, started, parseMs, queued, deadlineAt });
      throw err;
    }
    const report = await finishRunRecord(handle, runId, { plan, started, parseMs, queued, deadlineAt, import: imported });
    log.info({ runId, status: report.status, ms: report.durationMs }, 'run finished');
    return report;
  } finally {
    await heartbeat?.stop();
    await lock?.release();
  }
}

/**
 * An import's work: archive and record every file, then read the documents that need it — new ones, ones whose
 * source is new or says something new (a path or a flag may now name their agency), ones read by another parser
 * version — through the queue like crawled documents; then what became of each file.
 */
async function importFiles(
  local: LocalImport,
  handle: DbHandle,
  queue: WorkQueue,
  run: { runId: number; deadlineAt: number | null; force: boolean },
): Promise<{ summary: ImportSummary; queued: number }> {
  const { runId } = run;
  const archive = new Archive(local.archiveRoot);
  const files = await importCollection(local.files, { db: handle.db, archive, seenAt: new Date(), statement: local.statement, onFile: local.onFile });
  const shas = [...new Set(files.flatMap((f) => (f.sha256 ? [f.sha256] : [])))];
  const sourceChanged = new Set(files.filter((f) => f.sha256 && (f.source === 'new' || f.source === 'changed')).map((f) => f.sha256!));
  const states = new Map((await readingStates(handle.db, shas)).map((s) => [s.sha256, s]));
  // In the collection's order, so that versions are numbered in the order the files were given.
  const toRead = shas.filter((sha) => {
    const s = states.get(sha);
    return !s || s.parseStatus === 'pending' || s.parserVersion !== PARSER_VERSION || sourceChanged.has(sha);
  });
  local.onReading?.(toRead.length);
  await queue.parse(toRead.map((sha256) => ({ sha256, runId, deadlineAt: run.deadlineAt, ...(run.force ? { force: true } : {}) })));
  await queue.drained();
  return { summary: summarizeImport(runId, files, await importedDocuments(handle.db, shas)), queued: toRead.length };
}
