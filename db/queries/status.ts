// What `gongkai status` shows: the last runs, the sites needing attention, coverage by year and level, the most
// frequent findings, and the totals — all read from the tables and research views.
import type { DbHandle } from '../client.js';
import { sitesNeedingAttention, type SiteHealth } from './health.js';

export interface RunRow {
  id: number;
  kind: string;
  trigger: string;
  startedAt: string;
  minutes: number | null;
  status: string;
  documentsNew: number | null;
  documentsChanged: number | null;
  reportsLoaded: number | null;
  errors: number;
}

export interface CoverageRow {
  year: number;
  level: string;
  found: number;
  unreadable: number;
  missing: number;
}

export interface Status {
  totals: {
    agencies: number;
    currentReports: number;
    versions: number;
    facts: number;
    documents: number;
    pending: number;
    unreadable: number;
    quarantined: number;
  };
  runs: RunRow[];
  attention: SiteHealth[];
  /** Documents set aside because reading them ended their reading thread again and again (the most recent 20). */
  quarantined: { sha256: string; url: string | null; reason: string }[];
  coverage: CoverageRow[];
  findings: { rule: string; severity: string; reports: number }[];
}

export async function readStatus(handle: DbHandle, options: { runs?: number; findings?: number } = {}): Promise<Status> {
  const totals = (
    await handle.query<Record<string, number>>(
      `select (select count(*)::int from agencies) as agencies,
              (select count(*)::int from reports where is_current) as current_reports,
              (select count(*)::int from reports) as versions,
              (select count(*)::int from report_facts) as facts,
              (select count(*)::int from documents) as documents,
              (select count(*)::int from documents where parse_status = 'pending') as pending,
              (select count(*)::int from documents where parse_status = 'failed') as unreadable,
              (select count(*)::int from documents where parse_status = 'quarantined') as quarantined`,
    )
  ).rows[0]!;
  const runs = await handle.query<{
    id: number;
    kind: string;
    trigger: string;
    started_at: Date | string;
    minutes: string | number | null;
    status: string;
    counts: Record<string, number>;
    errors: unknown[];
  }>(
    `select id, kind, trigger, started_at, round(extract(epoch from finished_at - started_at) / 60, 1) as minutes, status, counts, errors
       from crawl_runs order by id desc limit $1`,
    [options.runs ?? 5],
  );
  const quarantined = await handle.query<{ sha256: string; url: string | null; reason: string | null }>(
    `select d.sha256, (select s.url from document_sources s where s.sha256 = d.sha256 order by s.first_seen_at, s.id limit 1) as url, d.parse_error as reason
       from documents d where d.parse_status = 'quarantined' order by d.parsed_at desc nulls last, d.sha256 limit 20`,
  );
  const coverage = await handle.query<{ year: number; level: string | null; found: number; unreadable: number; missing: number }>(
    `select year, coalesce(agency_level, 'unknown') as level,
            count(*) filter (where status = 'found')::int as found,
            count(*) filter (where status = 'unreadable')::int as unreadable,
            count(*) filter (where status = 'missing')::int as missing
       from coverage group by 1, 2 order by 1 desc, 2`,
  );
  const findings = await handle.query<{ rule: string; severity: string; reports: number }>(
    `select f.rule, f.severity, count(distinct f.report_id)::int as reports
       from findings f join reports r on r.id = f.report_id
      where r.is_current and f.severity <> 'info'
      group by 1, 2 order by 3 desc, 1 limit $1`,
    [options.findings ?? 10],
  );
  return {
    totals: {
      agencies: totals.agencies!,
      currentReports: totals.current_reports!,
      versions: totals.versions!,
      facts: totals.facts!,
      documents: totals.documents!,
      pending: totals.pending!,
      unreadable: totals.unreadable!,
      quarantined: totals.quarantined!,
    },
    runs: runs.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      trigger: r.trigger,
      startedAt: new Date(r.started_at).toISOString(),
      minutes: r.minutes === null ? null : Number(r.minutes),
      status: r.status,
      documentsNew: r.counts.documentsNew ?? null,
      documentsChanged: r.counts.documentsChanged ?? null,
      reportsLoaded: r.counts.inserted === undefined ? null : (r.counts.inserted ?? 0) + (r.counts.updated ?? 0),
      errors: Array.isArray(r.errors) ? r.errors.length : 0,
    })),
    attention: await sitesNeedingAttention(handle),
    quarantined: quarantined.rows.map((r) => ({ sha256: r.sha256, url: r.url, reason: r.reason ?? '' })),
    coverage: coverage.rows.map((r) => ({ year: r.year, level: r.level ?? 'unknown', found: r.found, unreadable: r.unreadable, missing: r.missing })),
    findings: findings.rows,
  };
}
