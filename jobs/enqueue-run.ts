// A collection run done by workers: the coordinator records the run, queues one crawl-site job per site (and a
// parse job for any document left unparsed), waits until the workers have drained both queues, and writes the
// run's report from what they recorded.
import os from 'node:os';
import type { Logger } from 'pino';
import type { DbHandle } from '../db/client.js';
import { sitesNeedingAttention } from '../db/queries/health.js';
import { documentsToParse } from '../db/queries/reports.js';
import { createRun, finishRun, upsertSites } from '../db/queries/runs.js';
import { summarize } from '../crawlers/run.js';
import type { SiteConfig, SiteCrawlSummary } from '../crawlers/types.js';
import { emptyProcessSummary } from './process-documents.js';
import { CRAWL_SITE, ensureQueues, PARSE_DOCUMENT, queueParse, startBoss } from './queue.js';
import { RunLockedError, type RunReport } from './run-nightly.js';
import { tryRunLock } from './run-lock.js';

export interface EnqueueOptions {
  databaseUrl: string;
  handle: DbHandle;
  log: Logger;
  sites: SiteConfig[];
  trigger: string;
  recheckAfterMs?: number;
  /** Return as soon as the jobs are queued instead of waiting for the workers. */
  noWait?: boolean;
  pollMs?: number;
}

export async function enqueueRun(options: EnqueueOptions): Promise<RunReport | { runId: number; queued: number }> {
  const { handle, log } = options;
  const lock = await tryRunLock(handle);
  if (!lock) throw new RunLockedError();
  const started = Date.now();
  const boss = await startBoss(options.databaseUrl, (err) => log.error({ err: err.message }, 'job queue error'));
  try {
    await ensureQueues(boss, handle);
    const sites = options.sites.filter((s) => !s.disabled);
    const plan = { sites: sites.map((s) => s.id), trigger: options.trigger };
    await upsertSites(
      handle.db,
      sites.map((s) => ({ id: s.id, name: s.name, regionCode: s.regionCode, config: s, enabled: true, disabledReason: null })),
    );
    const runId = await createRun(handle.db, {
      kind: 'run',
      trigger: options.trigger,
      options: { ...plan, distributed: true },
      host: os.hostname(),
      pid: process.pid,
    });
    for (const site of sites) await boss.send(CRAWL_SITE, { site, runId, recheckAfterMs: options.recheckAfterMs }, { singletonKey: `${site.id}:${runId}` });
    for (const sha of await documentsToParse(handle.db, { statuses: ['pending'] })) await queueParse(boss, sha, runId);
    log.info({ runId, sites: sites.length }, 'run queued');
    if (options.noWait) return { runId, queued: sites.length };
    const busy = async () =>
      (await boss.getQueueSize(CRAWL_SITE, { before: 'completed' })) + (await boss.getQueueSize(PARSE_DOCUMENT, { before: 'completed' }));
    while ((await busy()) > 0) await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
    // The report, from what the workers recorded.
    const { rows } = await handle.query<Record<string, unknown>>('select * from site_crawls where run_id = $1 order by site_id', [runId]);
    const siteSummaries: SiteCrawlSummary[] = rows.map((r) => ({
      siteId: String(r.site_id),
      status: r.status as SiteCrawlSummary['status'],
      pages: Number(r.pages),
      reportsFound: Number(r.reports_found),
      documentsNew: Number(r.documents_new),
      documentsChanged: Number(r.documents_changed),
      documentsUnchanged: Number(r.documents_unchanged),
      bytesDownloaded: 0,
      errors: Number(r.errors),
      errorsByOutcome: {},
      lookAlikes: 0,
      unmatched: 0,
      message: (r.message as string | null) ?? null,
      durationMs: r.finished_at ? new Date(r.finished_at as string).getTime() - new Date(r.started_at as string).getTime() : 0,
    }));
    const crawl = summarize(runId, siteSummaries);
    const process_ = emptyProcessSummary();
    // What each parse job of this run did, from the outputs the workers stored.
    const outcomes = await handle.query<{ action: string; n: number }>(
      `select output->>'action' as action, count(*)::int as n from pgboss.job where name = $1 and (data->>'runId')::int = $2 and state = 'completed' group by 1`,
      [PARSE_DOCUMENT, runId],
    );
    for (const o of outcomes.rows) {
      process_.documents += o.n;
      if (o.action === 'inserted' || o.action === 'updated' || o.action === 'unchanged') process_.loaded[o.action] += o.n;
      else if (o.action === 'not_report') process_.notReport += o.n;
      else process_.failed += o.n;
    }
    const graded = await handle.query<{ grade: string; n: number }>(
      `select r.grade, count(*)::int as n from reports r join documents d on d.sha256 = r.document_sha256 where d.parsed_at >= $1 group by r.grade`,
      [new Date(started).toISOString()],
    );
    for (const g of graded.rows) process_.byGrade[g.grade] = g.n;
    const failedSites = siteSummaries.filter((s) => s.status !== 'ok').length;
    const status: RunReport['status'] = failedSites === 0 ? 'ok' : failedSites === siteSummaries.length ? 'failed' : 'partial';
    const report: RunReport = {
      runId,
      status,
      plan,
      crawl,
      process: process_,
      attention: await sitesNeedingAttention(handle),
      durationMs: Date.now() - started,
    };
    await finishRun(handle.db, runId, {
      status,
      counts: crawl.totals,
      errors: siteSummaries.filter((s) => s.message).map((s) => ({ site: s.siteId, message: s.message })),
      report,
      finishedAt: new Date(),
    });
    return report;
  } finally {
    await boss.stop({ graceful: false, timeout: 5000 }).catch(() => {});
    await lock.release();
  }
}
