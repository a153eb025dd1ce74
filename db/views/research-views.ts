// The research views, as SQL generated from the panel columns. The migration that creates them is committed
// (db/migrations/0001_research_views.sql); a test checks it still equals this output, so that a change to the key
// list without a new migration fails CI instead of leaving the view behind the code.
import { ID_COLUMNS, KEY_COLUMNS } from './panel-columns.js';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** One row per report (all versions; `is_current` marks the one the panel shows) with the identifying columns. */
const REPORT_IDENTITY = `
  select r.id as report_id, a.id as agency_id, a.name as agency, a.level as agency_level, a.region_code,
         p.name as province,
         case when c.name in ('市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划') then p.name else c.name end as city,
         co.name as county, t.name as township,
         r.year, r.template, r.grade, r.version, r.is_current,
         (select count(*)::int from findings f where f.report_id = r.id and f.severity = 'error') as errors,
         (select count(*)::int from findings f where f.report_id = r.id and f.severity = 'warning') as warnings,
         r.title, r.published_at,
         (select s.url from document_sources s where s.sha256 = r.document_sha256 order by s.id limit 1) as source_url,
         r.document_sha256, d.format as document_format, r.parser_version
    from reports r
    join agencies a on a.id = r.agency_id
    join documents d on d.sha256 = r.document_sha256
    left join regions p on p.code = substr(a.region_code, 1, 2) || '0000'
    left join regions c on c.code = substr(a.region_code, 1, 4) || '00' and substr(a.region_code, 3, 2) <> '00'
    left join regions co on co.code = substr(a.region_code, 1, 6) and substr(a.region_code, 5, 2) <> '00'
    left join regions t on t.code = a.region_code and length(a.region_code) = 9`;

export function reportIdentityViewSql(): string {
  return `create view report_identity as${REPORT_IDENTITY};`;
}

export function reportPanelViewSql(): string {
  const ids = ID_COLUMNS.map((c) => `i.${q(c.name)}`);
  const keys = KEY_COLUMNS.map((c) => `${c.sql} as ${q(c.name)}`);
  return `create view report_panel as
  select ${[...ids, ...keys].join(',\n         ')}
    from report_identity i
    cross join lateral (select coalesce(jsonb_object_agg(f.key, f.value), '{}'::jsonb) as j from report_facts f where f.report_id = i.report_id) facts
   where i.is_current;`;
}

/** One row per fact of every report version. Joined directly (not through report_identity): per fact row, the
 * region and document joins cost five times the facts themselves. */
export function reportFactsLongViewSql(): string {
  return `create view report_facts_long as
  select f.report_id, a.id as agency_id, a.name as agency, a.level as agency_level, a.region_code, r.year, r.version, r.is_current,
         r.template, r.grade, f.key, f.value, f.raw, f.provenance->>'method' as method, f.provenance, r.document_sha256
    from report_facts f
    join reports r on r.id = f.report_id
    join agencies a on a.id = r.agency_id;`;
}

/**
 * Agency x year from the agency's first report to the latest year in the dataset: found (a current report that
 * could be read), failed (found, but unreadable: grade F or needing OCR), missing (no report found — which does not
 * prove the agency published none).
 */
export function coverageViewSql(): string {
  return `create view coverage as
  with span as (select max(year) as last_year from reports),
       first as (select agency_id, min(year) as first_year from reports group by agency_id)
  select a.id as agency_id, a.name as agency, a.level as agency_level, a.region_code, y.year,
         case when r.id is null then 'missing'
              when r.grade = 'F' or d.parse_status = 'needs_ocr' then 'failed'
              else 'found' end as status,
         r.id as report_id, r.grade,
         (select count(*)::int from reports v where v.agency_id = a.id and v.year = y.year) as versions
    from agencies a
    join first f on f.agency_id = a.id
    cross join span
    cross join lateral generate_series(f.first_year, span.last_year) as y(year)
    left join reports r on r.agency_id = a.id and r.year = y.year and r.is_current
    left join documents d on d.sha256 = r.document_sha256;`;
}

/** Every site with its last finished crawl, and whether it needs attention (blocked, failing, or empty after yielding reports). */
export function siteHealthViewSql(): string {
  return `create view site_health as
  with last as (
         select distinct on (site_id) site_id, status, reports_found, pages, errors, message, started_at
           from site_crawls where finished_at is not null order by site_id, started_at desc, id desc),
       earlier as (
         select site_id, max(reports_found) as best_before, max(started_at) as last_with_reports
           from site_crawls where finished_at is not null and reports_found > 0 group by site_id)
  select s.id as site_id, s.name, s.region_code, s.enabled,
         l.status as last_status, l.started_at as last_crawl, l.reports_found, l.pages, l.errors, l.message,
         e.best_before, e.last_with_reports,
         coalesce(l.status in ('blocked', 'unreachable', 'disallowed', 'failed') or (l.reports_found = 0 and coalesce(e.best_before, 0) > 0), false) as needs_attention,
         case when l.status is null then 'never crawled'
              when l.status in ('blocked', 'unreachable', 'disallowed', 'failed')
                then l.status || coalesce(' (had ' || e.best_before || ' reports in an earlier run)', '')
              when l.reports_found = 0 and coalesce(e.best_before, 0) > 0
                then 'no reports now, ' || e.best_before || ' in an earlier run'
              else 'ok' end as problem
    from sites s
    left join last l on l.site_id = s.id
    left join earlier e on e.site_id = s.id;`;
}

export function researchViewsSql(): string {
  return `${[
    [
      '-- Research views, generated by db/views/research-views.ts from the canonical key list. Do not edit by hand:',
      '-- change the generator, then write a new migration with `npx tsx db/views/write-migration.ts <name>`.',
      'drop view if exists report_panel, report_facts_long, coverage, site_health, report_identity;',
    ].join('\n'),
    reportIdentityViewSql(),
    reportPanelViewSql(),
    reportFactsLongViewSql(),
    coverageViewSql(),
    siteHealthViewSql(),
  ].join('\n--> statement-breakpoint\n')}\n`;
}
