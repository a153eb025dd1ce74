// `gongkai export`: writes the chosen datasets into a directory, streaming from the database.
import fs from 'node:fs';
import path from 'node:path';
import type { DbHandle } from '../db/client.js';
import { DOCUMENT_COLUMNS, documentRows } from '../db/queries/export-documents.js';
import { writeRows } from './write-csv.js';

export interface ExportOptions {
  outDir: string;
  datasets: string[];
  format: 'csv' | 'jsonl';
  bom: boolean;
}

interface Dataset {
  columns: readonly string[];
  numeric: string[];
  rows: (handle: DbHandle) => AsyncIterable<Record<string, unknown>[]>;
}

export const DATASETS: Record<string, Dataset> = {
  documents: { columns: DOCUMENT_COLUMNS, numeric: ['bytes', 'first_seen', 'last_seen'], rows: (h) => documentRows(h) },
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
    const rows = await writeRows(file, ds.columns, ds.rows(handle), { format: options.format, bom: options.bom, numericColumns: new Set(ds.numeric) });
    files.push({ dataset: name, file, rows });
  }
  return { files };
}
