// facts.csv: one row per fact of every report (the current versions unless --all-versions), with the text it was
// read from and where in the document — the long form researchers filter and pivot themselves.
import { KEY_BY_NAME } from '../domain/codebook.js';
import { type Dataset, demoOf, REPORT_COLUMNS as R, REPORT_VERSION_COLUMNS, reportOrder, selectList } from './dataset.js';

const columns = [
  ...REPORT_VERSION_COLUMNS,
  R.template,
  R.grade,
  { name: 'key', label: '指标', description: 'canonical key (a panel column name; see the panel rows of this codebook)' },
  { name: 'label', label: '指标名称', description: 'the Chinese label of the key, as on the form', computed: true },
  { name: 'value', label: '数值', description: 'the number as read; empty when the cell was blank, a dash or unreadable (raw says which)', numeric: true },
  { name: 'raw', label: '原文', description: 'the text of the cell or sentence the number was read from' },
  {
    name: 'method',
    label: '读取方式',
    description:
      'how the value was read: grid (a table cell under a column its header names), aligned (a label matched to the form’s row, the numbers given to it by the layout and confirmed by the form’s identities where several layouts fit), split (cut out of digits printed with no separator, the only cut the identities allow), text (a figure in a sentence); empty for facts loaded before parser 2.0.0',
  },
  {
    name: 'provenance',
    label: '出处',
    description: 'JSON: {block,row,col,method} for a table cell of the extracted document, {block,span:[start,end],method} for text or a cut of a glued run',
  },
  { name: 'document_sha256', label: '文件哈希', description: 'sha256 of the archived document' },
  R.demo,
];

/** One row per fact of every report version. Joined directly (not through report_identity): per fact row, the
 * region and document joins cost five times the facts themselves. */
const VIEW = `create view report_facts_long as
  select f.report_id, a.id as agency_id, a.key as agency_key, a.name as agency, a.level as agency_level, a.region_code, r.year, r.version,
         r.is_current, r.template, r.grade, f.key, f.value, f.raw, f.provenance->>'method' as method, f.provenance, r.document_sha256,
         ${demoOf('r.document_sha256')} as demo
    from report_facts f
    join reports r on r.id = f.report_id
    join agencies a on a.id = r.agency_id;`;

export const facts: Dataset = {
  name: 'facts',
  description: 'one row per fact of a report version: the value, the text it was read from, and where in the document',
  columns,
  view: { name: 'report_facts_long', sql: VIEW },
  // The label is the codebook's, added here rather than joined in SQL.
  query: {
    groups: reportOrder(false),
    rows: { from: 'report_facts_long', select: selectList(columns, ['label']), id: 'report_id', within: ['key collate "C"'] },
    batch: 100,
  },
  complete(row) {
    row.label = KEY_BY_NAME.get(String(row.key))?.label ?? null;
  },
};
