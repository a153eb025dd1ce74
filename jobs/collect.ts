// The one collection orchestrator: a crawl ('crawl'), a full nightly run ('run': crawl, then parse and load every
// document left pending) or a re-read of the archive ('reparse'), over a work queue — in this process for the
// embedded database, pg-boss workers on Postgres. It holds the run lock, writes the run record, and builds the run's
// report from the database the same way in both modes. Orchestration only: no parsing, no selectors, no SQL.
import type { Logger } from 'pino';
import { RUN_BUDGET_DEFAULTS } from '../crawlers/budget.js';
import type { SiteConfig } from '../crawlers/types.js';
import type { DbHandle } from '../db/client.js';
import { documentsToParse } from '../db/queries/reports.js';
import type { RunReport } from '../domain/run-report.js';
import type { RunKind } from '../domain/values.js';
import { finishRunRecord, RunLockedError, startRunRecord } from './run-record.js';
import { tryRunLock } from './run-lock.js';
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
  const lock = kind === 'crawl' ? null : await tryRunLock(handle);
  if (kind !== 'crawl' && !lock) throw new RunLockedError();
  const started = Date.now();
  try {
    const sites = (options.sites ?? []).filter((s) => !s.disabled);
    const plan = { sites: sites.map((s) => s.id), trigger: options.trigger };
    const runId = await startRunRecord(handle.db, { kind, trigger: options.trigger, plan, sites, queue: queue.kind });
    log.info({ runId, kind, sites: sites.length, queue: queue.kind }, 'run started');
    let parseMs = 0;
    let queued = 0;
    const deadlineAt = options.deadlineAt === undefined ? started + RUN_BUDGET_DEFAULTS.minutes * 60_000 : options.deadlineAt;
    const runBudget = {
      limits: { requests: RUN_BUDGET_DEFAULTS.requests, documents: RUN_BUDGET_DEFAULTS.documents, bytes: RUN_BUDGET_DEFAULTS.megabytes * 1048576 },
      deadlineAt,
    };
    try {
      if (kind !== 'reparse') await queue.crawl(sites.map((site) => ({ site, runId, recheckAfterMs: options.recheckAfterMs, runBudget })));
      if (kind !== 'crawl') {
        const parseStarted = Date.now();
        // Everything archived and not yet read: this run's new and changed documents, any a killed run left, and those
        // whose reading thread was ended before and that have an attempt left (quarantined ones are not read).
        const shas = kind === 'reparse' ? (options.documents ?? []) : await documentsToParse(handle.db, { statuses: ['pending'], retryKilled: true });
        queued = shas.length;
        await queue.parse(shas.map((sha256) => ({ sha256, runId, deadlineAt, ...(options.force ? { force: true } : {}) })));
        if (options.noWait) return { runId, queued: sites.length + shas.length };
        await queue.drained();
        parseMs = Date.now() - parseStarted;
      } else if (options.noWait) return { runId, queued: sites.length };
      else await queue.drained();
    } catch (err) {
      await finishRunRecord(handle, runId, { failed: err as Error, plan, started, parseMs, queued, deadlineAt });
      throw err;
    }
    const report = await finishRunRecord(handle, runId, { plan, started, parseMs, queued, deadlineAt });
    log.info({ runId, status: report.status, ms: report.durationMs }, 'run finished');
    return report;
  } finally {
    await lock?.release();
  }
}
