// panel.csv, the panel (one row per agency and year): identifying columns, then one column per canonical key, then
// the derived columns that make the two templates comparable. Each column carries the SQL that computes it, so the
// `report_panel` view, the CSV export and the codebook are generated from this one list and from the key list
// (domain/codebook.ts) — never written twice.
import { KEYS, type KeyDef, T3_COLUMNS, T3_ROWS, t3Key } from '../domain/codebook.js';
import { gradeLegend, type TemplateId } from '../domain/values.js';
import { type Column, type Dataset, demoOf, REPORT_COLUMNS, reportOrder } from './dataset.js';

export interface IdColumn {
  name: string;
  label: string;
  description: string;
  type: 'integer' | 'text' | 'date' | 'boolean';
}

export const ID_COLUMNS: IdColumn[] = [
  { name: 'report_id', label: '报告编号', description: 'gongkai report id (reports.id); joins facts.csv and findings.csv', type: 'integer' },
  { name: 'agency_id', label: '机关编号', description: REPORT_COLUMNS.agency_id.description, type: 'integer' },
  { name: 'agency_key', label: '机关标识', description: REPORT_COLUMNS.agency_key.description, type: 'text' },
  { name: 'agency', label: '机关名称', description: 'canonical agency name', type: 'text' },
  { name: 'agency_level', label: '机关层级', description: 'province, city, county, township, department or other', type: 'text' },
  {
    name: 'region_code',
    label: '行政区划代码',
    description: 'GB/T 2260 code of the agency’s division (9 digits for townships); empty when unresolved',
    type: 'text',
  },
  { name: 'province', label: '省', description: 'province name, from the region code', type: 'text' },
  { name: 'city', label: '市', description: 'prefecture-level city (for the municipalities, the municipality itself)', type: 'text' },
  { name: 'county', label: '县（区）', description: 'county-level division', type: 'text' },
  { name: 'township', label: '乡镇（街道）', description: 'township-level division, for township agencies', type: 'text' },
  { name: 'year', label: '年度', description: 'the year the report covers (not the year it was published)', type: 'integer' },
  { name: 'template', label: '格式版本', description: '2019 (国办公开办函〔2019〕60号), 2021 (〔2021〕30号), pre2019 (free form) or unknown', type: 'text' },
  { name: 'grade', label: '质量等级', description: `quality grade (findings.csv says why): ${gradeLegend()}`, type: 'text' },
  {
    name: 'version',
    label: '版本',
    description: 'version of this agency-year (a re-published report is a new version; the panel has the current one)',
    type: 'integer',
  },
  { name: 'errors', label: '错误数', description: 'findings of severity error on this report', type: 'integer' },
  { name: 'warnings', label: '警告数', description: 'findings of severity warning on this report', type: 'integer' },
  { name: 'title', label: '标题', description: 'the report’s title as printed', type: 'text' },
  { name: 'published_at', label: '发布日期', description: 'publication date on the page, when given', type: 'date' },
  {
    name: 'source_url',
    label: '来源网址',
    description: 'where the document was first found (local: and a path for a file brought in with gongkai import)',
    type: 'text',
  },
  { name: 'document_sha256', label: '文件哈希', description: 'sha256 of the archived document the numbers come from', type: 'text' },
  { name: 'document_format', label: '文件格式', description: 'html, pdf, docx, doc, wps, xls, xlsx or txt: what the bytes are', type: 'text' },
  { name: 'parser_version', label: '解析器版本', description: 'gongkai parser version that read the document', type: 'text' },
  { name: 'demo', label: '演示数据', description: REPORT_COLUMNS.demo.description, type: 'boolean' },
];

export interface KeyColumn {
  name: string;
  label: string;
  description: string;
  table: KeyDef['table'];
  position: string;
  templates: TemplateId[];
  unit: string;
  type: KeyDef['type'];
  /** How the panel value is obtained; 'source' = the cell as read. */
  derivation: string;
  /** SQL over `j` (the report's facts as a jsonb object key → value). */
  sql: string;
}

const raw = (key: string) => `(j->>'${key}')::numeric`;
const sum = (exprs: string[]) => `(${exprs.join(' + ')})`;

const ORG_COLUMNS = T3_COLUMNS.filter((c) => c.id.startsWith('org_'));
const GROUP_ROWS = (group: string) => T3_ROWS.filter((r) => r.group === group && r.id !== 'other_total');
const OTHER_2021 = ['other_no_correction', 'other_unpaid_fee', 'other_misc'];
const SUBTOTALS: Record<string, string> = { withheld_subtotal: 'withheld', unable_subtotal: 'unable', rejected_subtotal: 'rejected' };

/** The panel value of a table-3 cell: the cell as read, or for subtotal rows and 2021's （六） the sum of its rows. */
function t3Expr(row: string, col: string): { sql: string; derivation: string } {
  const group = SUBTOTALS[row];
  if (group) {
    const rows = GROUP_ROWS(group).map((r) => r.id);
    return {
      sql: `coalesce(${sum(rows.map((r) => raw(t3Key(r, col))))}, ${raw(t3Key(row, col))})`,
      derivation: `sum of ${rows.map((r) => t3Key(r, col)).join(' + ')} (empty if any is empty); the printed subtotal where a form has one and the rows are not all readable`,
    };
  }
  if (row === 'other_total') {
    return {
      sql: `coalesce(${raw(t3Key(row, col))}, ${sum(OTHER_2021.map((r) => raw(t3Key(r, col))))})`,
      derivation: `2019: the cell as read; 2021: ${OTHER_2021.map((r) => t3Key(r, col)).join(' + ')} (empty if any is empty)`,
    };
  }
  return { sql: raw(t3Key(row, col)), derivation: 'source' };
}

function keyColumn(k: KeyDef): KeyColumn {
  const base = {
    name: k.key,
    label: k.label,
    description: k.description,
    table: k.table,
    position: k.position,
    templates: k.templates,
    unit: k.unit,
    type: k.type,
  };
  const m = /^t3\.([a-z_]+)\.([a-z_]+)$/.exec(k.key);
  if (m) {
    const e = t3Expr(m[1]!, m[2]!);
    // The derived value spans both templates even where one template has no such printed row.
    const templates: TemplateId[] = e.derivation === 'source' ? k.templates : ['2019', '2021'];
    return { ...base, templates, ...e };
  }
  return { ...base, sql: raw(k.key), derivation: 'source' };
}

/** t3.<row>.org_subtotal: all legal persons and other organisations together, for every table-3 row. */
function orgSubtotals(): KeyColumn[] {
  return T3_ROWS.map((r) => {
    const parts = ORG_COLUMNS.map((c) => t3Expr(r.id, c.id).sql);
    return {
      name: t3Key(r.id, 'org_subtotal'),
      label: `${r.label} / 法人或其他组织（合计）`,
      description: `${r.en}: legal persons and other organisations together`,
      table: 't3',
      position: `table 3, row ${r.label}, columns 法人或其他组织 (5)`,
      templates: r.id === 'other_total' ? ['2019', '2021'] : r.templates,
      unit: '件',
      type: 'count',
      derivation: `sum of the five 法人或其他组织 columns of ${t3Key(r.id, '*')} (empty if any is empty)`,
      sql: sum(parts),
    } satisfies KeyColumn;
  });
}

export const KEY_COLUMNS: KeyColumn[] = [...KEYS.map(keyColumn), ...orgSubtotals()];

export const PANEL_COLUMNS: string[] = [...ID_COLUMNS.map((c) => c.name), ...KEY_COLUMNS.map((c) => c.name)];

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** One row per report (all versions; `is_current` marks the one the panel shows) with the identifying columns. */
const REPORT_IDENTITY = `
  select r.id as report_id, a.id as agency_id, a.key as agency_key, a.name as agency, a.level as agency_level, a.region_code,
         p.name as province,
         case when c.name in ('市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划') then p.name else c.name end as city,
         co.name as county, t.name as township,
         r.year, r.template, r.grade, r.version, r.is_current,
         (select count(*)::int from findings f where f.report_id = r.id and f.severity = 'error') as errors,
         (select count(*)::int from findings f where f.report_id = r.id and f.severity = 'warning') as warnings,
         r.title, r.published_at,
         (select s.url from document_sources s where s.sha256 = r.document_sha256 order by s.id limit 1) as source_url,
         r.document_sha256, d.format as document_format, r.parser_version, ${demoOf('r.document_sha256')} as demo
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

const TABLE_NAMES: Record<string, string> = {
  t2: 'table 2 (主动公开政府信息情况)',
  t3: 'table 3 (收到和处理政府信息公开申请情况)',
  t4: 'table 4 (政府信息公开行政复议、行政诉讼情况)',
  s6: 'section 6 (information-processing fees)',
  n: 'narrative text',
  legacy: 'pre-2019 free-form reports',
};

const columns: Column[] = [
  ...ID_COLUMNS.map((c) => ({
    name: c.name,
    label: c.label,
    description: c.description,
    numeric: c.type !== 'text',
    ...(c.type === 'date' || c.type === 'boolean' ? { type: c.type } : {}),
    codebook: { table: '', position: '', templates: '', unit: '', type: c.type, derivation: '' },
  })),
  ...KEY_COLUMNS.map((c) => ({
    name: c.name,
    label: c.label,
    description: c.description,
    numeric: true,
    codebook: {
      table: TABLE_NAMES[c.table] ?? c.table,
      position: c.position,
      templates: c.templates.join(' '),
      unit: c.unit,
      type: c.type === 'amount' ? 'decimal' : 'integer',
      derivation: c.derivation,
    },
  })),
];

export const panel: Dataset = {
  name: 'panel',
  description: 'one row per agency and year: the current version of its report, one column per canonical key, then the derived columns',
  columns,
  view: { name: 'report_panel', sql: reportPanelViewSql() },
  query: {
    groups: reportOrder(true),
    rows: {
      from: 'report_panel',
      // A date is written as a date (2024-01-20), not as a midnight timestamp.
      select: PANEL_COLUMNS.map((c) => (c === 'published_at' ? `"${c}"::text as "${c}"` : `"${c}"`)).join(', '),
      id: 'report_id',
      within: [],
    },
    batch: 2000,
  },
};
