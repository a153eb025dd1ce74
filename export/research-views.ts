// The research views, as SQL generated from the dataset declarations (export/<dataset>.ts) plus site_health, which
// `gongkai status` reads, each view and column with its comment (what psql's \d+ and DBeaver show). The migration that
// creates them is committed; a test checks the newest views migration still equals this output, so that a change to a
// dataset or the key list without a new migration fails CI instead of leaving the view behind the code.
import { SITE_FAILURES } from '../domain/values.js';
import type { Column } from './dataset.js';
import { DATASETS } from './datasets.js';
import { ID_COLUMNS, reportIdentityViewSql } from './panel.js';

/**
 * Every site with its last finished crawl, and whether it needs attention: a failed outcome (SITE_FAILURES), a site
 * read only in part, or no reports after yielding some. `problem` says what, with the crawl's own message.
 */
export function siteHealthViewSql(): string {
  const attention = [...SITE_FAILURES, 'partial'].map((s) => `'${s}'`).join(', ');
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
         coalesce(l.status in (${attention}) or (l.reports_found = 0 and coalesce(e.best_before, 0) > 0), false) as needs_attention,
         case when l.status is null then 'never crawled'
              when l.status in (${attention})
                then l.status || coalesce(': ' || l.message, '') || coalesce(' (had ' || e.best_before || ' reports in an earlier run)', '')
              when l.reports_found = 0 and coalesce(e.best_before, 0) > 0
                then 'no reports now, ' || e.best_before || ' in an earlier run'
              else 'ok' end as problem,
         s.demo
    from sites s
    left join last l on l.site_id = s.id
    left join earlier e on e.site_id = s.id;`;
}

/** The columns of site_health, described once (the view's comments, the web app's site page). */
export const SITE_HEALTH_COLUMNS: readonly Column[] = [
  { name: 'site_id', label: '站点', description: 'registry id of the site' },
  { name: 'name', label: '站点名称', description: 'the site’s name in the registry' },
  { name: 'region_code', label: '行政区划代码', description: 'GB/T 2260 code of the district the site belongs to' },
  { name: 'enabled', label: '启用', description: 'false for a site the registry disables (with its reason)' },
  { name: 'last_status', label: '最近状态', description: 'the last finished crawl: ok, empty, blocked, unreachable, disallowed or failed' },
  { name: 'last_crawl', label: '最近采集', description: 'when the last finished crawl started' },
  { name: 'reports_found', label: '发现报告数', description: 'reports the last crawl found' },
  { name: 'pages', label: '页面数', description: 'pages the last crawl fetched' },
  { name: 'errors', label: '错误数', description: 'failed requests in the last crawl' },
  { name: 'message', label: '说明', description: 'what the last crawl said went wrong' },
  { name: 'best_before', label: '历史最多', description: 'the most reports a crawl of the site ever found' },
  { name: 'last_with_reports', label: '最近有报告', description: 'the last crawl that found any report' },
  { name: 'needs_attention', label: '需要关注', description: 'blocked, failing, or no reports although it had some before (usually a redesign)' },
  { name: 'problem', label: '问题', description: 'the problem in words, or ok' },
  { name: 'demo', label: '演示数据', description: 'a replica site of `gongkai demo`' },
];

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** `comment on column` for each column, with its Chinese label and description (and where a fact sits on the form). */
function columnComments(view: string, columns: readonly Column[]): string[] {
  return columns
    .filter((c) => !c.computed)
    .map((c) => {
      const extra = c.codebook?.position
        ? ` (${[c.codebook.position, c.codebook.templates && `templates ${c.codebook.templates}`, c.codebook.unit, c.codebook.derivation !== 'source' && c.codebook.derivation].filter(Boolean).join('; ')})`
        : '';
      return `comment on column ${view}."${c.name.replace(/"/g, '""')}" is ${quote(`${c.label}: ${c.description}${extra}`)}`;
    });
}

/** The comments of every research view and its columns, and of the roster table. */
export function researchCommentsSql(): string[] {
  const identity: Column[] = [
    ...ID_COLUMNS.map((c) => ({ name: c.name, label: c.label, description: c.description })),
    { name: 'is_current', label: '当前版本', description: 'true for the version report_panel shows' },
  ];
  return [
    ...DATASETS.flatMap((d) =>
      d.view
        ? [
            `comment on view ${d.view.name} is ${quote(`${d.name}.csv: ${d.description}`)}`,
            ...(d.view.comments ?? []),
            ...columnComments(d.view.name, d.columns),
          ]
        : [],
    ),
    `comment on view report_identity is ${quote('one row per report version with the columns that identify it (report_panel adds the facts)')}`,
    ...columnComments('report_identity', identity),
    `comment on view site_health is ${quote('one row per registered site: its last finished crawl and whether it needs attention')}`,
    ...columnComments('site_health', SITE_HEALTH_COLUMNS),
    `comment on table roster is ${quote('the agencies expected to publish an annual report, each with where the entry came from (coverage is the roster × the years)')}`,
  ];
}

export function researchViewsSql(): string {
  return `${[
    [
      '-- Research views, generated by export/research-views.ts from the dataset declarations. Do not edit by hand:',
      '-- change the declaration, then write a new migration with `npx tsx export/write-views-migration.ts <name>`.',
      'drop view if exists report_panel, report_facts_long, coverage, site_health, report_identity;',
    ].join('\n'),
    'drop function if exists coverage_for(integer, integer);',
    'drop view if exists expected_agencies;',
    reportIdentityViewSql(),
    ...DATASETS.flatMap((d) => (d.view ? [...(d.view.before ?? []), d.view.sql] : [])),
    siteHealthViewSql(),
    ...researchCommentsSql().map((c) => `${c};`),
  ].join('\n--> statement-breakpoint\n')}\n`;
}
