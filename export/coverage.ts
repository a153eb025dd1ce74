// coverage.csv: every agency expected to publish (the roster) × every year of a fixed range — 2019 to the last
// complete year unless --year says otherwise — found, unreadable or missing. An agency that never published is a
// row for each year, not an absence: non-publication is what transparency research measures. Not filtered by grade:
// a missing agency-year has none, and leaving it out would hide the gap.
import { COVERAGE_FIRST_YEAR, COVERAGE_STATUSES, ROSTER_SOURCES } from '../domain/values.js';
import { type Column, type Dataset, demoOf, REPORT_COLUMNS as R, selectList } from './dataset.js';

const columns: Column[] = [
  R.agency_key,
  { ...R.agency_id, description: 'gongkai agency id once a report of the agency was found; empty for an agency never found' },
  { ...R.agency, description: 'the agency’s name: as found, or as the roster expects it (a government’s canonical name)' },
  R.agency_level,
  { ...R.region_code, description: 'GB/T 2260 code of the agency’s division; for a department, its district' },
  { name: 'district_code', label: '所属区县代码', description: 'the county-level division whose site or division table made the agency expected' },
  { name: 'year', label: '年度', description: 'the report year: 2019 to the last complete year, or the years asked for (--year)', numeric: true },
  {
    name: 'status',
    label: '状态',
    description: `${COVERAGE_STATUSES.join(', ')}: found (a readable current report), unreadable (found, but grade F or a scan needing OCR), missing (none found — gongkai did not find one; it may never have been published, or been removed)`,
  },
  { name: 'report_id', label: '报告编号', description: 'the current report, when found', numeric: true },
  { ...R.grade, description: 'the current report’s grade, when found (see panel.csv)' },
  { name: 'versions', label: '版本数', description: 'how many versions of this agency-year were collected', numeric: true },
  {
    name: 'roster_source',
    label: '名录来源',
    description: `why the agency is expected (${ROSTER_SOURCES.join(', ')}): division (a township, subdistrict or the government of a covered district, from the GB/T 2260 table), site (found publishing on the district’s site), report (a report found elsewhere)`,
  },
  { ...R.demo, description: 'true when the agency is expected because of a `gongkai demo` replica site, or its report is invented' },
];

/** Every agency expected to publish: the roster, and any agency with a report the roster does not hold yet. */
const EXPECTED = `create view expected_agencies as
  select ro.agency_key, a.id as agency_id, coalesce(a.name, ro.name) as agency, coalesce(a.level, ro.level) as agency_level,
         coalesce(a.region_code, ro.region_code) as region_code, ro.district_code, ro.source as roster_source, ro.source_detail,
         ro.site_id, coalesce(st.demo, false) as site_demo
    from roster ro
    left join agencies a on a.key = ro.agency_key
    left join sites st on st.id = ro.site_id
  union all
  select a.key, a.id, a.name, a.level, a.region_code, a.region_code, 'report', 'a report found before the roster was last refreshed', null, false
    from agencies a
   where a.key is not null and not exists (select 1 from roster ro where ro.agency_key = a.key)
     and exists (select 1 from reports r where r.agency_id = a.id);`;

/** The coverage of any range of years: what the view and `--year` read. */
const FUNCTION = `create function coverage_for(first_year integer, last_year integer)
  returns table (agency_key text, agency_id integer, agency text, agency_level text, region_code text, district_code text, year integer,
                 status text, report_id integer, grade text, versions integer, roster_source text, demo boolean)
  language sql stable as $$
  select e.agency_key, e.agency_id, e.agency, e.agency_level, e.region_code, e.district_code, y.year::int,
         case when r.id is null then 'missing'
              when r.grade = 'F' or d.parse_status = 'needs_ocr' then 'unreadable'
              else 'found' end,
         r.id, r.grade,
         (select count(*)::int from reports v where v.agency_id = e.agency_id and v.year = y.year),
         e.roster_source,
         e.site_demo or coalesce(${demoOf('r.document_sha256')}, false)
    from expected_agencies e
    cross join generate_series(first_year, last_year) as y(year)
    left join reports r on r.agency_id = e.agency_id and r.year = y.year and r.is_current
    left join documents d on d.sha256 = r.document_sha256
$$;`;

/** The last complete year, by the database's clock: reports for a year are due by 31 March of the next. */
const LAST_YEAR = `(extract(year from current_date)::int - 1)`;

const VIEW = `create view coverage as select * from coverage_for(${COVERAGE_FIRST_YEAR}, ${LAST_YEAR});`;

/** The columns of expected_agencies, described for the view's comments. */
const EXPECTED_COLUMNS: [string, string][] = [
  ['agency_key', 'the stable agency key (agencies.key, roster.agency_key)'],
  ['agency_id', 'the agency row once a report of it was found, else empty'],
  ['agency', 'its name: as found, or as the roster expects it'],
  ['agency_level', 'province, city, county, township, department or other'],
  ['region_code', 'GB/T 2260 code of its division'],
  ['district_code', 'the county-level division that made it expected'],
  ['roster_source', 'division, site or report: why it is expected'],
  ['source_detail', 'where exactly: the division dataset and code, or the site and URL it was first found at'],
  ['site_id', 'the site whose district made it expected, or where it was found'],
  ['site_demo', 'true when that site is a `gongkai demo` replica'],
];

export const coverage: Dataset = {
  name: 'coverage',
  description: `every agency expected to publish (the roster) × every year from ${COVERAGE_FIRST_YEAR} to the last complete year: found, unreadable or missing`,
  columns,
  view: {
    name: 'coverage',
    sql: VIEW,
    before: [EXPECTED, FUNCTION],
    comments: [
      "comment on view expected_agencies is 'every agency expected to publish: the roster (table roster: townships and governments of covered districts from the division table, agencies found on their sites) and any agency with a report the roster does not hold yet'",
      `comment on function coverage_for(integer, integer) is 'coverage (see the view coverage) over the years first_year to last_year: select * from coverage_for(2015, 2025)'`,
      ...EXPECTED_COLUMNS.map(([c, d]) => `comment on column expected_agencies.${c} is '${d.replace(/'/g, "''")}'`),
    ],
  },
  query: {
    groups: {
      from: 'expected_agencies',
      id: 'agency_key',
      idType: 'text',
      orderBy: 'region_code nulls last, agency collate "C", agency_key collate "C"',
      filters: { year: false, grade: false, current: false },
    },
    rows: {
      from: (years) => (years.first === null ? 'coverage' : `coverage_for(${years.first}, ${years.last})`),
      select: selectList(columns),
      id: 'agency_key',
      within: ['year'],
      filterYear: true,
    },
    batch: 2000,
  },
};
