// findings.csv: one row per validation finding (current versions unless --all-versions), with the report it is on.
import { type Dataset, demoOf, REPORT_COLUMNS as R, REPORT_VERSION_COLUMNS, reportOrder, selectList } from './dataset.js';

const columns = [
  { name: 'finding_id', label: '问题编号', description: 'gongkai finding id', numeric: true },
  ...REPORT_VERSION_COLUMNS,
  R.grade,
  { name: 'rule', label: '规则', description: 'stable id of the validation rule (docs/parsed-report.md lists them)' },
  { name: 'severity', label: '严重程度', description: 'error (the numbers cannot all be right), warning (likely problem or scope difference), info' },
  { name: 'message', label: '说明', description: 'what was found, in words' },
  { name: 'keys', label: '相关指标', description: 'the keys involved, separated by ;' },
  R.demo,
];

const FROM = `(select f.id as finding_id, f.report_id, a.id as agency_id, a.key as agency_key, a.name as agency, a.level as agency_level,
                  a.region_code, r.year, r.version, r.is_current, r.grade, f.rule, f.severity, f.message, array_to_string(f.keys, ';') as keys,
                  ${demoOf('r.document_sha256')} as demo
             from findings f join reports r on r.id = f.report_id join agencies a on a.id = r.agency_id) x`;

export const findings: Dataset = {
  name: 'findings',
  description: 'one row per validation finding on a report version: the rule, its severity, what was found and the keys involved',
  columns,
  query: {
    groups: reportOrder(false),
    rows: { from: FROM, select: selectList(columns), id: 'report_id', within: ['finding_id'] },
    batch: 1000,
  },
};
