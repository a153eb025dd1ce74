// What the web app (`gongkai serve`) shows, read from the research views: coverage per district as agency × year,
// trends of an agency or a district, site health and runs. Read-only: nothing here writes.
import { COVERAGE_FIRST_YEAR, type COVERAGE_STATUSES } from '../../domain/values.js';
import type { DbHandle } from '../client.js';

export interface DistrictSummary {
  code: string | null;
  name: string | null;
  agencies: number;
  found: number;
  unreadable: number;
  missing: number;
}

/** The districts coverage covers, with their counts over the years asked for; agencies of no district last. */
export async function coverageDistricts(handle: DbHandle, years: { first: number; last: number }): Promise<DistrictSummary[]> {
  const { rows } = await handle.query<Record<string, unknown>>(
    `select c.district_code, g.full_name, count(distinct c.agency_key)::int as agencies,
            count(*) filter (where status = 'found')::int as found,
            count(*) filter (where status = 'unreadable')::int as unreadable,
            count(*) filter (where status = 'missing')::int as missing
       from coverage_for($1, $2) c left join regions g on g.code = c.district_code
      group by 1, 2 order by c.district_code nulls last`,
    [years.first, years.last],
  );
  return rows.map((r) => ({
    code: (r.district_code as string | null) ?? null,
    name: (r.full_name as string | null) ?? null,
    agencies: Number(r.agencies),
    found: Number(r.found),
    unreadable: Number(r.unreadable),
    missing: Number(r.missing),
  }));
}

export interface CoverageRow {
  agencyKey: string;
  agency: string;
  level: string | null;
  regionCode: string | null;
  rosterSource: string;
  demo: boolean;
  /** One cell per year of the range, in order. */
  cells: { year: number; status: (typeof COVERAGE_STATUSES)[number]; reportId: number | null; grade: string | null; versions: number }[];
}

/**
 * One district's agencies × years: its government first, then departments, then townships, each by name. `district`
 * null: the agencies of no known district. Filters: agency level, and only agencies with a year of this status.
 */
export async function coverageMatrix(
  handle: DbHandle,
  options: { district: string | null; years: { first: number; last: number }; level?: string; status?: string },
): Promise<CoverageRow[]> {
  const { rows } = await handle.query<Record<string, unknown>>(
    `select c.* from coverage_for($1, $2) c
      where c.district_code is not distinct from $3
        and ($4::text is null or c.agency_level = $4)
        and ($5::text is null or exists (select 1 from coverage_for($1, $2) x where x.agency_key = c.agency_key and x.status = $5))
      order by case c.agency_level when 'province' then 0 when 'city' then 1 when 'county' then 2 when 'department' then 3 when 'township' then 4 else 5 end,
               c.region_code nulls last, c.agency collate "C", c.agency_key collate "C", c.year`,
    [options.years.first, options.years.last, options.district, options.level ?? null, options.status ?? null],
  );
  const out: CoverageRow[] = [];
  for (const r of rows) {
    let row = out.at(-1);
    if (!row || row.agencyKey !== r.agency_key) {
      row = {
        agencyKey: String(r.agency_key),
        agency: String(r.agency),
        level: (r.agency_level as string | null) ?? null,
        regionCode: (r.region_code as string | null) ?? null,
        rosterSource: String(r.roster_source),
        demo: Boolean(r.demo),
        cells: [],
      };
      out.push(row);
    }
    row.demo ||= Boolean(r.demo);
    row.cells.push({
      year: Number(r.year),
      status: r.status as CoverageRow['cells'][number]['status'],
      reportId: r.report_id === null ? null : Number(r.report_id),
      grade: (r.grade as string | null) ?? null,
      versions: Number(r.versions),
    });
  }
  return out;
}

/** The figures a trend shows, as panel columns: applications, outcomes, reconsideration and lawsuits by result. */
export const TREND_COLUMNS = {
  received: 't3.new_received.total',
  outcomes: 't3.total.total',
  granted: 't3.granted.total',
  partial: 't3.partial.total',
  reviewTotal: 't4.review.total',
  reviewUpheld: 't4.review.upheld',
  reviewCorrected: 't4.review.corrected',
  reviewOther: 't4.review.other',
  reviewPending: 't4.review.pending',
  litigationTotal: ['t4.litigation_direct.total', 't4.litigation_after_review.total'],
  litigationUpheld: ['t4.litigation_direct.upheld', 't4.litigation_after_review.upheld'],
  litigationCorrected: ['t4.litigation_direct.corrected', 't4.litigation_after_review.corrected'],
  litigationOther: ['t4.litigation_direct.other', 't4.litigation_after_review.other'],
  litigationPending: ['t4.litigation_direct.pending', 't4.litigation_after_review.pending'],
} as const;

export type TrendFigure = keyof typeof TREND_COLUMNS;

export interface TrendPoint {
  year: number;
  /** Reports the figures come from (1 for an agency, the district's current reports for a district). */
  reports: number;
  reportId: number | null;
  grade: string | null;
  values: Record<TrendFigure, number | null>;
}

const quoted = (c: string) => `"${c}"`;
/** SQL of one figure over a panel row: a column, or the sum of two (null when either is). */
const figureSql = (c: string | readonly string[]) => (typeof c === 'string' ? quoted(c) : c.map(quoted).join(' + '));

function points(rows: Record<string, unknown>[]): TrendPoint[] {
  return rows.map((r) => ({
    year: Number(r.year),
    reports: Number(r.reports),
    reportId: r.report_id === null || r.report_id === undefined ? null : Number(r.report_id),
    grade: (r.grade as string | null) ?? null,
    values: Object.fromEntries(Object.keys(TREND_COLUMNS).map((k) => [k, r[k] === null ? null : Number(r[k])])) as TrendPoint['values'],
  }));
}

/** An agency's figures year by year, from its current reports. */
export async function agencyTrend(
  handle: DbHandle,
  key: string,
): Promise<{ agency: { key: string; name: string; level: string | null; regionCode: string | null } | null; points: TrendPoint[] }> {
  const { rows: who } = await handle.query<{ agency: string; agency_level: string | null; region_code: string | null }>(
    'select agency, agency_level, region_code from expected_agencies where agency_key = $1',
    [key],
  );
  const { rows } = await handle.query<Record<string, unknown>>(
    `select year, 1 as reports, report_id, grade, ${Object.entries(TREND_COLUMNS)
      .map(([k, c]) => `${figureSql(c)} as "${k}"`)
      .join(', ')}
       from report_panel where agency_key = $1 order by year`,
    [key],
  );
  const a = who[0];
  return { agency: a ? { key, name: a.agency, level: a.agency_level, regionCode: a.region_code } : null, points: points(rows) };
}

/**
 * A district's figures year by year: the sums over its agencies' current reports that have the figure (a report
 * without it adds nothing; `reports` says how many reports a year has).
 */
export async function districtTrend(handle: DbHandle, code: string): Promise<{ name: string | null; points: TrendPoint[] }> {
  const { rows: names } = await handle.query<{ full_name: string }>('select full_name from regions where code = $1', [code]);
  const { rows } = await handle.query<Record<string, unknown>>(
    `select p.year, count(*)::int as reports, null as report_id, null as grade, ${Object.entries(TREND_COLUMNS)
      .map(([k, c]) => `sum(${figureSql(c)}) as "${k}"`)
      .join(', ')}
       from report_panel p
      where p.agency_key in (select agency_key from expected_agencies where district_code = $1)
      group by p.year order by p.year`,
    [code],
  );
  return { name: names[0]?.full_name ?? null, points: points(rows) };
}

export interface RunRow {
  id: number;
  kind: string;
  trigger: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: string;
  counts: Record<string, number>;
  errors: number;
}

/** The last runs, newest first. */
export async function lastRuns(handle: DbHandle, limit: number): Promise<RunRow[]> {
  const { rows } = await handle.query<Record<string, unknown>>(
    `select id, kind, trigger, started_at, finished_at, status, counts, jsonb_array_length(errors) as errors
       from crawl_runs order by id desc limit $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: String(r.kind),
    trigger: String(r.trigger),
    startedAt: new Date(r.started_at as string),
    finishedAt: r.finished_at ? new Date(r.finished_at as string) : null,
    status: String(r.status),
    counts: (r.counts ?? {}) as Record<string, number>,
    errors: Number(r.errors),
  }));
}

/** Every registered site with its last crawl (the site_health view), those needing attention first. */
export async function siteHealthRows(handle: DbHandle): Promise<Record<string, unknown>[]> {
  const { rows } = await handle.query<Record<string, unknown>>('select * from site_health order by needs_attention desc, site_id');
  return rows;
}

/** Whether the database holds `gongkai demo`'s invented reports (every page then says so). */
export async function holdsDemo(handle: DbHandle): Promise<boolean> {
  const { rows } = await handle.query<{ demo: boolean }>('select exists (select 1 from sites where demo) as demo');
  return Boolean(rows[0]?.demo);
}

/** The years coverage spans by default: 2019 to the last complete year, by the database's clock. */
export async function defaultYears(handle: DbHandle): Promise<{ first: number; last: number }> {
  const { rows } = await handle.query<{ y: number }>('select extract(year from current_date)::int - 1 as y');
  return { first: COVERAGE_FIRST_YEAR, last: rows[0]!.y };
}

/** Agencies with at least one report whose name contains `q` (all of them for an empty q), by name. */
export async function agenciesNamed(handle: DbHandle, q: string, limit = 300): Promise<{ key: string; name: string }[]> {
  const { rows } = await handle.query<{ key: string; name: string }>(
    `select a.key, a.name from agencies a
      where a.key is not null and strpos(a.name, $1) > 0 and exists (select 1 from reports r where r.agency_id = a.id)
      order by a.region_code nulls last, a.name collate "C" limit $2`,
    [q, limit],
  );
  return rows;
}

export interface FindingCount {
  rule: string;
  severity: string;
  findings: number;
  reports: number;
}

/** Findings on current reports by rule and severity: errors first, then the most frequent. */
export async function findingCounts(handle: DbHandle): Promise<FindingCount[]> {
  const { rows } = await handle.query<FindingCount>(
    `select f.rule, f.severity, count(*)::int as findings, count(distinct f.report_id)::int as reports
       from findings f join reports r on r.id = f.report_id where r.is_current
      group by 1, 2 order by case f.severity when 'error' then 0 when 'warning' then 1 else 2 end, 3 desc, 1`,
  );
  return rows;
}

export interface FindingRow {
  reportId: number;
  agency: string;
  agencyKey: string | null;
  year: number;
  grade: string;
  severity: string;
  message: string;
  keys: string[];
}

/** The findings of one rule on current reports, in the datasets' order (region code, agency, year). */
export async function findingsOfRule(handle: DbHandle, rule: string, limit: number): Promise<FindingRow[]> {
  const { rows } = await handle.query<Record<string, unknown>>(
    `select f.report_id, a.name, a.key, r.year, r.grade, f.severity, f.message, f.keys
       from findings f join reports r on r.id = f.report_id join agencies a on a.id = r.agency_id
      where r.is_current and f.rule = $1
      order by a.region_code nulls last, a.name collate "C", r.year, f.id limit $2`,
    [rule, limit],
  );
  return rows.map((r) => ({
    reportId: Number(r.report_id),
    agency: String(r.name),
    agencyKey: (r.key as string | null) ?? null,
    year: Number(r.year),
    grade: String(r.grade),
    severity: String(r.severity),
    message: String(r.message),
    keys: (r.keys as string[]) ?? [],
  }));
}
