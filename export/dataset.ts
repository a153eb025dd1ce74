// What a dataset declaration is: its file name, its columns (name, Chinese label, description, whether the values
// are numbers), the research view it reads (created by the views migration) and the query that pages through it.
// The export, the views migration and the codebook are all generated from these declarations (export/<dataset>.ts).
import type { DatasetQuery } from '../db/queries/datasets.js';

export interface Column {
  name: string;
  /** The Chinese label, for the codebook. */
  label: string;
  description: string;
  /** Numbers, booleans or timestamps: never neutralised as formulas, numbers in JSON lines. */
  numeric?: boolean;
  /** Extra codebook fields of a fact column: table, position on the form, templates, unit, type, derivation. */
  codebook?: { table: string; position: string; templates: string; unit: string; type: string; derivation: string };
}

export interface Dataset {
  /** The file name without its extension: panel → panel.csv. */
  name: string;
  columns: readonly Column[];
  /** The research view the dataset reads, if it has one: its name and `create view` statement. */
  view?: { name: string; sql: string };
  /** How its rows are read (null for a dataset computed in code, such as the codebook). */
  query: (DatasetQuery & { batch: number }) | null;
  /** Adds the columns computed in code to each row read (the facts' Chinese labels). */
  complete?(row: Record<string, unknown>): void;
  /** Rows computed in code, for a dataset without a query. */
  rows?(): Record<string, unknown>[];
}

/** Columns that identify a report or agency, described once for every dataset that carries them. */
export const REPORT_COLUMNS = {
  report_id: { name: 'report_id', label: '报告编号', description: 'gongkai report id; joins panel.csv, facts.csv and findings.csv', numeric: true },
  agency_id: { name: 'agency_id', label: '机关编号', description: 'gongkai agency id, stable across years', numeric: true },
  agency: { name: 'agency', label: '机关名称', description: 'canonical agency name' },
  agency_level: { name: 'agency_level', label: '机关层级', description: 'province, city, county, township, department or other' },
  region_code: { name: 'region_code', label: '行政区划代码', description: 'GB/T 2260 code of the agency’s division' },
  year: { name: 'year', label: '年度', description: 'the year the report covers', numeric: true },
  version: { name: 'version', label: '版本', description: 'version of the agency-year this report is', numeric: true },
  is_current: { name: 'is_current', label: '当前版本', description: 'true for the version the panel uses', numeric: true },
  template: { name: 'template', label: '格式版本', description: '2019, 2021, pre2019 or unknown' },
  grade: { name: 'grade', label: '质量等级', description: 'A … D, F unreadable' },
} satisfies Record<string, Column>;

/** Which report version a row belongs to: the first columns of facts.csv and findings.csv. */
export const REPORT_VERSION_COLUMNS: readonly Column[] = [
  REPORT_COLUMNS.report_id,
  REPORT_COLUMNS.agency_id,
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
