// A run's report read back from what its parts recorded — site_crawls for the crawl of each site, documents.parse_run_id
// and parse_action for what reading and loading did — so that a run done in this process and one done by workers on
// several machines are reported the same way.
import { type DocumentFailure, emptyProcessSummary, type ProcessSummary, type SiteCrawlSummary } from '../../domain/run-report.js';
import type { SiteStatus } from '../../domain/values.js';
import type { DbHandle } from '../client.js';

/** The per-site crawl results of a run, by site id. */
export async function siteCrawlsOfRun(handle: DbHandle, runId: number): Promise<SiteCrawlSummary[]> {
  const { rows } = await handle.query<{
    site_id: string;
    status: string;
    pages: number;
    requests: number;
    reports_found: number;
    documents_new: number;
    documents_changed: number;
    documents_unchanged: number;
    bytes_downloaded: number | string;
    errors: number;
    errors_by_outcome: Record<string, number>;
    look_alikes: number;
    unmatched: number;
    pages_rendered: number;
    message: string | null;
    ms: number | string | null;
  }>(
    `select site_id, status, pages, requests, reports_found, documents_new, documents_changed, documents_unchanged, bytes_downloaded, errors,
            errors_by_outcome, look_alikes, unmatched, pages_rendered, message, round(extract(epoch from finished_at - started_at) * 1000) as ms
       from site_crawls where run_id = $1 order by site_id, id`,
    [runId],
  );
  return rows.map((r) => ({
    siteId: r.site_id,
    // A site still 'running' when its run is reported was cut off (its worker died): it failed.
    status: (r.status === 'running' ? 'failed' : r.status) as SiteStatus,
    pages: r.pages,
    requests: r.requests,
    reportsFound: r.reports_found,
    documentsNew: r.documents_new,
    documentsChanged: r.documents_changed,
    documentsUnchanged: r.documents_unchanged,
    bytesDownloaded: Number(r.bytes_downloaded),
    errors: r.errors,
    errorsByOutcome: r.errors_by_outcome ?? {},
    lookAlikes: r.look_alikes,
    unmatched: r.unmatched,
    pagesRendered: r.pages_rendered,
    message: r.message ?? (r.status === 'running' ? 'the crawl of this site did not finish' : null),
    durationMs: r.ms === null ? 0 : Number(r.ms),
  }));
}

/** What reading and loading did with the documents this run read (all but `ms` and `left`, which the caller knows). */
export async function processOfRun(handle: DbHandle, runId: number): Promise<Omit<ProcessSummary, 'ms' | 'left'>> {
  const { rows: actions } = await handle.query<{ action: string; n: number; needs_ocr: number; killed: number }>(
    `select parse_action as action, count(*)::int as n, count(*) filter (where parse_status = 'needs_ocr')::int as needs_ocr,
            count(*) filter (where parse_failure in ('timeout', 'memory', 'crashed'))::int as killed
       from documents where parse_run_id = $1 group by 1`,
    [runId],
  );
  const { ms: _unmeasured, left: _left, ...summary } = emptyProcessSummary();
  for (const a of actions) {
    summary.documents += a.n;
    if (a.action === 'inserted' || a.action === 'updated' || a.action === 'unchanged' || a.action === 'copy') {
      summary.loaded[a.action === 'copy' ? 'copies' : a.action] += a.n;
      summary.needsOcr += a.needs_ocr;
    } else if (a.action === 'not_report') summary.notReport += a.n;
    else {
      summary.failed += a.n;
      summary.killed += a.killed;
      if (a.action === 'quarantined') summary.quarantined += a.n;
    }
  }
  summary.failures = await failuresOfRun(handle, runId, 50);
  const loaded = `select r.id from reports r join documents d on d.sha256 = r.document_sha256
                   where d.parse_run_id = $1 and d.parse_action in ('inserted', 'updated', 'unchanged')`;
  const { rows: grades } = await handle.query<{ grade: string; n: number; facts: number }>(
    `select r.grade, count(*)::int as n, sum((select count(*) from report_facts f where f.report_id = r.id))::int as facts
       from reports r where r.id in (${loaded}) group by r.grade`,
    [runId],
  );
  for (const g of grades) {
    summary.byGrade[g.grade] = g.n;
    summary.facts += g.facts;
  }
  const { rows: rules } = await handle.query<{ rule: string; n: number }>(
    `select rule, count(*)::int as n from findings where report_id in (${loaded}) and severity <> 'info' group by rule order by n desc, rule`,
    [runId],
  );
  for (const r of rules) summary.byRule[r.rule] = r.n;
  return summary;
}

/** The documents a run could not read, with where each was found and why, quarantined ones first. */
export async function failuresOfRun(handle: DbHandle, runId: number, limit: number): Promise<DocumentFailure[]> {
  const { rows } = await handle.query<{ sha256: string; url: string | null; action: 'failed' | 'quarantined'; failure: string | null; reason: string | null }>(
    `select d.sha256, (select s.url from document_sources s where s.sha256 = d.sha256 order by s.first_seen_at, s.id limit 1) as url,
            d.parse_action as action, d.parse_failure as failure, d.parse_error as reason
       from documents d where d.parse_run_id = $1 and d.parse_action in ('failed', 'quarantined')
      order by d.parse_action desc, d.sha256 limit $2`,
    [runId, limit],
  );
  return rows.map((r) => ({ sha256: r.sha256, url: r.url, action: r.action, failure: r.failure, reason: r.reason ?? '' }));
}
