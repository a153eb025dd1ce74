// What a dataset declaration is: its file name, its columns (name, Chinese label, description, whether the values
// are numbers), the research view it reads (created by the views migration) and the query that pages through it.
// The export, the views migration and the codebook are all generated from these declarations (export/<dataset>.ts).
import type { DatasetQuery } from '../db/queries/datasets.js';
import { isDemoDocumentSql } from '../db/queries/demo-sql.js';
import { gradeLegend } from '../domain/values.js';

export interface Column {
  name: string;
  /** The Chinese label, for the codebook. */
  label: string;
  description: string;
  /** Numbers, booleans or timestamps: never neutralised as formulas, numbers in JSON lines. */
  numeric?: boolean;
  /** Added to each row in code (complete()), not a column of the dataset's view. */
  computed?: boolean;
  /** Values that are not plain numbers or text: Stata and R read them as text (dates, times) or convert them (booleans). */
  type?: 'boolean' | 'timestamp' | 'date';
  /** Extra codebook fields of a fact column: table, position on the form, templates, unit, type, derivation. */
  codebook?: { table: string; position: string; templates: string; unit: string; type: string; derivation: string };
}

export interface Dataset {
  /** The file name without its extension: panel → panel.csv. */
  name: string;
  /** One sentence: what a row is (the codebook's heading, the view's comment, the manifest). */
  description: string;
  columns: readonly Column[];
  /**
   * The research view the dataset reads, if it has one: its name, `create view` statement, and statements it needs
   * made first (a function the view calls). Its columns are the dataset's, so their descriptions become the view's
   * column comments.
   */
  view?: { name: string; sql: string; before?: string[]; comments?: string[] };
  /** How its rows are read (null for a dataset computed in code, such as the codebook). */
  query: DatasetQuery | null;
  /** Adds the columns computed in code to each row read (the facts' Chinese labels). */
  complete?(row: Record<string, unknown>): void;
  /** Rows computed in code, for a dataset without a query. */
  rows?(): Record<string, unknown>[];
}

/** Columns that identify a report or agency, described once for every dataset that carries them. */
export const REPORT_COLUMNS = {
  report_id: { name: 'report_id', label: '报告编号', description: 'gongkai report id; joins panel.csv, facts.csv and findings.csv', numeric: true },
  agency_id: {
    name: 'agency_id',
    label: '机关编号',
    description: 'gongkai agency id (a serial of this database: use agency_key to join across installations)',
    numeric: true,
  },
  agency_key: {
    name: 'agency_key',
    label: '机关标识',
    description: 'stable agency key, the same on every installation: division code, a colon, the name without the places the code names (110112119:人民政府)',
  },
  agency: { name: 'agency', label: '机关名称', description: 'canonical agency name' },
  agency_level: { name: 'agency_level', label: '机关层级', description: 'province, city, county, township, department or other' },
  region_code: { name: 'region_code', label: '行政区划代码', description: 'GB/T 2260 code of the agency’s division' },
  year: { name: 'year', label: '年度', description: 'the year the report covers', numeric: true },
  version: { name: 'version', label: '版本', description: 'version of the agency-year this report is', numeric: true },
  is_current: { name: 'is_current', label: '当前版本', description: 'true for the version the panel uses', numeric: true, type: 'boolean' },
  template: { name: 'template', label: '格式版本', description: '2019, 2021, pre2019 or unknown' },
  grade: { name: 'grade', label: '质量等级', description: `quality grade: ${gradeLegend()}` },
  demo: {
    name: 'demo',
    label: '演示数据',
    description: 'true for the invented reports of `gongkai demo` (real district names, made-up numbers): never use them as data',
    numeric: true,
    type: 'boolean',
  },
} satisfies Record<string, Column>;

/** Which report version a row belongs to: the first columns of facts.csv and findings.csv. */
export const REPORT_VERSION_COLUMNS: readonly Column[] = [
  REPORT_COLUMNS.report_id,
  REPORT_COLUMNS.agency_id,
  REPORT_COLUMNS.agency_key,
  REPORT_COLUMNS.agency,
  REPORT_COLUMNS.agency_level,
  REPORT_COLUMNS.region_code,
  REPORT_COLUMNS.year,
  REPORT_COLUMNS.version,
  REPORT_COLUMNS.is_current,
];

/** The `select` list of a dataset's columns, quoted. */
export function selectList(columns: readonly Column[], except: readonly string[] = []): string {
  return columns
    .filter((c) => !except.includes(c.name))
    .map((c) => `"${c.name}"`)
    .join(', ');
}

/**
 * Report versions in the order every report dataset is written: region code (unknown last), agency (code-point
 * order, the same on every server), year, version. With the filter columns of report datasets.
 */
export function reportOrder(currentOnly: boolean): DatasetQuery['groups'] {
  return {
    from: `(select r.id as report_id, a.region_code, a.name as agency, a.level as agency_level, r.year, r.version, r.grade, r.is_current
              from reports r join agencies a on a.id = r.agency_id${currentOnly ? ' where r.is_current' : ''}) o`,
    id: 'report_id',
    idType: 'int',
    orderBy: 'region_code nulls last, agency collate "C", year, version, report_id',
    filters: { year: true, grade: true, current: !currentOnly },
  };
}

/** SQL: whether the document `sha` came from a demo site (`gongkai demo`'s replica). */
export const demoOf = isDemoDocumentSql;
