// The columns of the panel (one row per agency and year): identifying columns, then one column per canonical key,
// then the derived columns that make the two templates comparable. Each key column carries the SQL that computes
// it from the report's facts, so the `report_panel` view, the CSV export and the codebook are generated from this
// one list and from pipeline/parse/keys.ts — never written twice.
import { KEYS, type KeyDef, T3_COLUMNS, T3_ROWS, t3Key } from '../../domain/codebook.js';
import type { TemplateId } from '../../domain/values.js';

export interface IdColumn {
  name: string;
  label: string;
  description: string;
  type: 'integer' | 'text' | 'date';
}

export const ID_COLUMNS: IdColumn[] = [
  { name: 'report_id', label: '报告编号', description: 'gongkai report id (reports.id); joins facts.csv and findings.csv', type: 'integer' },
  { name: 'agency_id', label: '机关编号', description: 'gongkai agency id (agencies.id), stable across years', type: 'integer' },
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
  { name: 'grade', label: '质量等级', description: 'A complete and consistent … D many problems, F unreadable (see findings.csv)', type: 'text' },
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
  { name: 'source_url', label: '来源网址', description: 'where the document was first found', type: 'text' },
  { name: 'document_sha256', label: '文件哈希', description: 'sha256 of the archived document the numbers come from', type: 'text' },
  { name: 'document_format', label: '文件格式', description: 'html, pdf, docx, doc, xls, xlsx, text', type: 'text' },
  { name: 'parser_version', label: '解析器版本', description: 'gongkai parser version that read the document', type: 'text' },
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
