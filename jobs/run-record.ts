// The run record, written in one place: a run starts by marking the runs a killed process left 'interrupted',
// registering its sites and inserting its crawl_runs row; it ends with its report, read back from the database,
// and the status that report earns.
import os from 'node:os';
import type { SiteConfig } from '../crawlers/types.js';
import type { Database, DbHandle } from '../db/client.js';
import { sitesNeedingAttention } from '../db/queries/health.js';
import { refreshRoster } from '../db/queries/roster.js';
import { processOfRun, siteCrawlsOfRun } from '../db/queries/run-report.js';
import { createRun, finishRun, markInterruptedRuns, upsertSites } from '../db/queries/runs.js';
import { type ImportSummary, importStatus, type RunReport, runStatus, summarizeCrawl } from '../domain/run-report.js';
import type { RunKind } from '../domain/values.js';

export class RunLockedError extends Error {
  constructor() {
    super('another collection run is in progress on this database; this one was not started');
    this.name = 'RunLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startRunRecord(
  db: Database,
  run: { kind: RunKind; trigger: string; plan: RunReport['plan']; sites: SiteConfig[]; queue: string; demo?: boolean; deadlineAt?: number | null },
): Promise<number> {
  await markInterruptedRuns(db, os.hostname(), isAlive);
  await upsertSites(
    db,
    run.sites.map((s) => ({
      id: s.id,
      name: s.name,
      regionCode: s.regionCode,
      config: s,
      enabled: !s.disabled,
      disabledReason: s.disabled ?? null,
      demo: Boolean(run.demo),
    })),
  );
  const options = run.queue === 'in-process' ? run.plan : { ...run.plan, distributed: true };
  const deadlineAt = run.deadlineAt == null ? null : new Date(run.deadlineAt);
  return createRun(db, { kind: run.kind, trigger: run.trigger, options, host: os.hostname(), pid: process.pid, deadlineAt });
}

/**
 * Reads the run's report back from the database, records it with its status, and returns it. The roster first takes
 * in what the run found (new sites' districts, agencies found publishing), so that coverage counts them.
 */
export async function finishRunRecord(
  handle: DbHandle,
  runId: number,
  end: {
    plan: RunReport['plan'];
    started: number;
    parseMs: number;
    failed?: Error;
    queued?: number;
    deadlineAt?: number | null;
    import?: ImportSummary;
  },
): Promise<RunReport> {
  await refreshRoster(handle);
  const crawl = summarizeCrawl(runId, await siteCrawlsOfRun(handle, runId));
  const read = await processOfRun(handle, runId);
  // Documents queued for this run that it never read (its deadline came first): the next run reads them.
  const left = Math.max(0, (end.queued ?? 0) - read.documents);
  const process_ = { ...read, left, ms: end.parseMs };
  const deadlineMet = end.deadlineAt != null && Date.now() >= end.deadlineAt;
  const stopped =
    deadlineMet && (left > 0 || crawl.sites.some((s) => s.message?.includes('deadline')))
      ? `the run reached its deadline (${new Date(end.deadlineAt!).toISOString()})`
      : null;
  // An import's status is its files' (domain/run-report.ts importStatus), made partial by a killed reading or the deadline.
  const byWork = runStatus(crawl.sites, { killed: read.killed, stopped });
  const byImport = end.import ? importStatus(end.import) : null;
  const status = end.failed ? 'failed' : byImport === null ? byWork : byImport === 'ok' ? byWork : byImport;
  const report: RunReport = {
    runId,
    status,
    stopped,
    plan: end.plan,
    crawl,
    process: process_,
    ...(end.import ? { import: end.import } : {}),
    attention: await sitesNeedingAttention(handle),
    durationMs: Date.now() - end.started,
  };
  // An import's errors are the files it left out; its documents are the files it archived.
  const errors = end.import
    ? end.import.files.filter((f) => f.outcome === 'left_out').map((f) => ({ file: f.path, message: f.reason }))
    : crawl.sites.filter((s) => s.message).map((s) => ({ site: s.siteId, status: s.status, message: s.message }));
  const imported = end.import
    ? {
        documentsNew: end.import.totals.documentsNew,
        documentsUnchanged: end.import.totals.documentsSeen,
        files: end.import.totals.files,
        leftOut: end.import.totals.leftOut,
      }
    : {};
  await finishRun(handle.db, runId, {
    status,
    counts: {
      ...crawl.totals,
      ...imported,
      ...process_.loaded,
      failedDocuments: process_.failed,
      quarantinedDocuments: process_.quarantined,
      leftDocuments: left,
      notReport: process_.notReport,
      facts: process_.facts,
    },
    errors: end.failed ? [{ message: end.failed.message }, ...errors] : errors,
    report: end.failed ? null : report,
    finishedAt: new Date(),
  });
  return report;
}
