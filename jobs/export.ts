// `gongkai export`: writes the chosen datasets into a directory, streaming from the database views, always with the
// same columns in the same order, plus the codebook that describes them.
import fs from 'node:fs';
import path from 'node:path';
import type { DbHandle } from '../db/client.js';
import { DOCUMENT_COLUMNS, documentRows } from '../db/queries/export-documents.js';
import {
  COVERAGE_COLUMNS,
  coverageRows,
  type ExportFilters,
  FACT_COLUMNS,
  factRows,
  FINDING_COLUMNS,
  findingRows,
  PANEL_EXPORT_COLUMNS,
  panelRows,
} from '../db/queries/export-rows.js';
import { ID_COLUMNS } from '../db/views/panel-columns.js';
import { CODEBOOK_COLUMNS, codebookMarkdown, codebookRows } from './codebook.js';
import { writeRows } from './write-csv.js';

export interface ExportOptions {
  outDir: string;
  datasets: string[];
  format: 'csv' | 'jsonl';
  bom: boolean;
  filters?: ExportFilters;
}

interface Dataset {
  columns: readonly string[];
  /** Columns holding numbers, booleans or timestamps: never neutralised, and numbers in JSON lines. */
  numeric: readonly string[];
  rows: (handle: DbHandle, filters: ExportFilters) => AsyncIterable<Record<string, unknown>[]>;
}

const PANEL_NUMERIC = [...ID_COLUMNS.filter((c) => c.type !== 'text').map((c) => c.name), ...PANEL_EXPORT_COLUMNS.slice(ID_COLUMNS.length)];
const REPORT_NUMERIC = ['report_id', 'agency_id', 'year', 'version', 'is_current'];

export const DATASETS: Record<string, Dataset> = {
  panel: { columns: PANEL_EXPORT_COLUMNS, numeric: PANEL_NUMERIC, rows: panelRows },
  facts: { columns: FACT_COLUMNS, numeric: [...REPORT_NUMERIC, 'value'], rows: factRows },
  findings: { columns: FINDING_COLUMNS, numeric: ['finding_id', ...REPORT_NUMERIC], rows: findingRows },
  coverage: { columns: COVERAGE_COLUMNS, numeric: ['agency_id', 'year', 'report_id', 'versions'], rows: coverageRows },
  documents: { columns: DOCUMENT_COLUMNS, numeric: ['bytes', 'first_seen', 'last_seen'], rows: (h) => documentRows(h) },
  codebook: {
    columns: CODEBOOK_COLUMNS,
    numeric: [],
    rows: async function* () {
      yield codebookRows();
    },
  },
};

export interface ExportResult {
  files: { dataset: string; file: string; rows: number }[];
}

export async function exportDatasets(handle: DbHandle, options: ExportOptions): Promise<ExportResult> {
  fs.mkdirSync(options.outDir, { recursive: true });
  const files: ExportResult['files'] = [];
  for (const name of options.datasets) {
    const ds = DATASETS[name];
    if (!ds) throw new Error(`unknown dataset ${name}; known: ${Object.keys(DATASETS).join(', ')}`);
    const file = path.join(options.outDir, `${name}.${options.format === 'csv' ? 'csv' : 'jsonl'}`);
    // Written under a temporary name and renamed at the end: a failed export never leaves half a file behind
    // under the name a script reads.
    const partial = `${file}.partial`;
    try {
      const rows = await writeRows(partial, ds.columns, ds.rows(handle, options.filters ?? {}), {
        format: options.format,
        bom: options.bom,
        numericColumns: new Set(ds.numeric),
      });
      fs.renameSync(partial, file);
      files.push({ dataset: name, file, rows });
    } finally {
      fs.rmSync(partial, { force: true });
    }
    if (name === 'codebook') {
      const mdFile = path.join(options.outDir, 'codebook.md');
      fs.writeFileSync(mdFile, codebookMarkdown());
      files.push({ dataset: 'codebook', file: mdFile, rows: files.at(-1)!.rows });
    }
  }
  return { files };
}
