// `gongkai export`: writes the chosen datasets into a directory, streaming from the database, always with the
// columns their declarations give in that order, plus the codebook that describes them.
import fs from 'node:fs';
import path from 'node:path';
import type { DbHandle } from '../db/client.js';
import { datasetRows, type ExportFilters } from '../db/queries/datasets.js';
import { codebookMarkdown } from './codebook.js';
import type { Dataset } from './dataset.js';
import { DATASETS, datasetNamed } from './datasets.js';
import { writeRows } from './write-csv.js';

export interface ExportOptions {
  outDir: string;
  datasets: string[];
  format: 'csv' | 'jsonl';
  bom: boolean;
  filters?: ExportFilters;
}

export interface ExportResult {
  files: { dataset: string; file: string; rows: number }[];
}

async function* rowsOf(handle: DbHandle, ds: Dataset, filters: ExportFilters): AsyncGenerator<Record<string, unknown>[]> {
  if (!ds.query) {
    yield ds.rows?.() ?? [];
    return;
  }
  for await (const rows of datasetRows(handle, ds.query, filters, ds.query.batch)) {
    if (ds.complete) for (const r of rows) ds.complete(r);
    yield rows;
  }
}

export async function exportDatasets(handle: DbHandle, options: ExportOptions): Promise<ExportResult> {
  fs.mkdirSync(options.outDir, { recursive: true });
  const files: ExportResult['files'] = [];
  for (const name of options.datasets) {
    const ds = datasetNamed(name);
    if (!ds) throw new Error(`unknown dataset ${name}; known: ${DATASETS.map((d) => d.name).join(', ')}`);
    const file = path.join(options.outDir, `${name}.${options.format === 'csv' ? 'csv' : 'jsonl'}`);
    // Written under a temporary name and renamed at the end: a failed export never leaves half a file behind
    // under the name a script reads.
    const partial = `${file}.partial`;
    try {
      const rows = await writeRows(
        partial,
        ds.columns.map((c) => c.name),
        rowsOf(handle, ds, options.filters ?? {}),
        { format: options.format, bom: options.bom, numericColumns: new Set(ds.columns.filter((c) => c.numeric).map((c) => c.name)) },
      );
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
