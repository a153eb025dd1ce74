// coverage.csv: agency × year from each agency's first report to the latest year in the dataset — found, failed
// (found but unreadable) or missing. Not filtered by grade: a missing agency-year has none, and leaving it out would
// hide the gap.
import { type Dataset, REPORT_COLUMNS as R, selectList } from './dataset.js';

const columns = [
  R.agency_id,
  R.agency,
  R.agency_level,
  R.region_code,
  { name: 'year', label: '年度', description: 'every year from the agency’s first report to the latest year in the dataset', numeric: true },
  {
    name: 'status',
    label: '状态',
    description:
      'found (a readable current report), failed (found but unreadable: grade F or needs OCR), missing (none found — not proof that none was published)',
  },
  { name: 'report_id', label: '报告编号', description: 'the current report, when found', numeric: true },
  { name: 'grade', label: '质量等级', description: 'its grade' },
  { name: 'versions', label: '版本数', description: 'how many versions of this agency-year were collected', numeric: true },
];

/**
 * Agency x year from the agency's first report to the latest year in the dataset: found (a current report that
 * could be read), failed (found, but unreadable: grade F or needing OCR), missing (no report found — which does not
 * prove the agency published none).
 */
const VIEW = `create view coverage as
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

export const coverage: Dataset = {
  name: 'coverage',
  columns,
  view: { name: 'coverage', sql: VIEW },
  query: { from: 'coverage', select: selectList(columns), keyset: ['agency_id', 'year'], filters: { grade: false, current: false }, batch: 10_000 },
};
