// `gongkai export`: writes the chosen datasets into a directory, streaming from the database, always with the
// columns their declarations give in that order (full names, or short ones for Stata), the codebook that describes
// them, setup files for Stata and R with short names, and manifest.json: what the export holds and how it was made.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DbHandle } from '../db/client.js';
import { datasetRows, type ExportFilters } from '../db/queries/datasets.js';
import { codebookMarkdown } from './codebook.js';
import type { Dataset } from './dataset.js';
import { DATASETS, datasetNamed } from './datasets.js';
import { columnName, type NameStyle, rSetup, stataSetup } from './setup-files.js';
import { writeRows } from './write-csv.js';

export interface ExportOptions {
  outDir: string;
  datasets: string[];
  format: 'csv' | 'jsonl';
  bom: boolean;
  filters?: ExportFilters;
  /** 'short': column names of at most 32 characters without dots, plus setup.do and setup.R (CSV only). */
  names?: NameStyle;
  /** What made the export, for the manifest: gongkai's version and the parser's. */
  versions?: { gongkai: string; parser: string };
  /** The export's time (the manifest's `createdAt`); now by default. */
  now?: Date;
}

export interface ExportedFile {
  dataset: string;
  file: string;
  rows: number;
  /** Rows of `gongkai demo`'s invented reports. */
  demoRows?: number;
}

export interface ExportResult {
  files: ExportedFile[];
  manifest: string;
}

async function* rowsOf(handle: DbHandle, ds: Dataset, filters: ExportFilters, seen: { demo: number }): AsyncGenerator<Record<string, unknown>[]> {
  if (!ds.query) {
    yield ds.rows?.() ?? [];
    return;
  }
  for await (const rows of datasetRows(handle, ds.query, filters)) {
    for (const r of rows) {
      ds.complete?.(r);
      if (r.demo === true) seen.demo++;
    }
    yield rows;
  }
}

/** Renames each row's keys from the declared names to the names written (short ones for Stata). */
async function* renamed(batches: AsyncIterable<Record<string, unknown>[]>, ds: Dataset, names: NameStyle): AsyncGenerator<Record<string, unknown>[]> {
  for await (const rows of batches) {
    if (names === 'full') yield rows;
    else yield rows.map((r) => Object.fromEntries(ds.columns.map((c) => [columnName(c, names), r[c.name]])));
  }
}

function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export async function exportDatasets(handle: DbHandle, options: ExportOptions): Promise<ExportResult> {
  fs.mkdirSync(options.outDir, { recursive: true });
  const names = options.names ?? 'full';
  const files: ExportedFile[] = [];
  const written: { dataset: Dataset; file: string }[] = [];
  for (const name of options.datasets) {
    const ds = datasetNamed(name);
    if (!ds) throw new Error(`unknown dataset ${name}; known: ${DATASETS.map((d) => d.name).join(', ')}`);
    const file = path.join(options.outDir, `${name}.${options.format === 'csv' ? 'csv' : 'jsonl'}`);
    // Written under a temporary name and renamed at the end: a failed export never leaves half a file behind
    // under the name a script reads.
    const partial = `${file}.partial`;
    const seen = { demo: 0 };
    try {
      const rows = await writeRows(
        partial,
        ds.columns.map((c) => columnName(c, names)),
        renamed(rowsOf(handle, ds, options.filters ?? {}, seen), ds, names),
        { format: options.format, bom: options.bom, numericColumns: new Set(ds.columns.filter((c) => c.numeric).map((c) => columnName(c, names))) },
      );
      fs.renameSync(partial, file);
      files.push({ dataset: name, file, rows, ...(ds.columns.some((c) => c.name === 'demo') ? { demoRows: seen.demo } : {}) });
      written.push({ dataset: ds, file: path.basename(file) });
    } finally {
      fs.rmSync(partial, { force: true });
    }
    if (name === 'codebook') {
      const mdFile = path.join(options.outDir, 'codebook.md');
      fs.writeFileSync(mdFile, codebookMarkdown());
      files.push({ dataset: 'codebook', file: mdFile, rows: files.at(-1)!.rows });
    }
  }
  if (names === 'short' && options.format === 'csv') {
    const tables = written.filter((w) => w.dataset.name !== 'codebook');
    for (const [file, text] of [
      ['setup.do', stataSetup(tables, names)],
      ['setup.R', rSetup(tables, names)],
    ] as const) {
      const full = path.join(options.outDir, file);
      fs.writeFileSync(full, text);
      files.push({ dataset: file === 'setup.do' ? 'stata-setup' : 'r-setup', file: full, rows: 0 });
    }
  }
  const manifest = path.join(options.outDir, 'manifest.json');
  fs.writeFileSync(manifest, `${JSON.stringify(manifestOf(handle, options, names, files), null, 2)}\n`);
  return { files, manifest };
}

/** manifest.json: what the export holds (files, rows, sha256 of each) and how it was made (versions, filters, time). */
function manifestOf(handle: DbHandle, options: ExportOptions, names: NameStyle, files: ExportedFile[]) {
  const demoRows = files.reduce((n, f) => n + (f.demoRows ?? 0), 0);
  return {
    gongkai: options.versions?.gongkai ?? null,
    parser: options.versions?.parser ?? null,
    createdAt: (options.now ?? new Date()).toISOString(),
    database: handle.kind,
    filters: {
      years: options.filters?.years ?? null,
      regions: options.filters?.regions ?? null,
      levels: options.filters?.levels ?? null,
      minGrade: options.filters?.minGrade ?? null,
      allVersions: Boolean(options.filters?.allVersions),
    },
    format: options.format,
    names,
    bom: options.bom,
    demo:
      demoRows > 0
        ? `${demoRows} rows come from \`gongkai demo\`: invented reports under real district names (column demo = true); never use them as data`
        : null,
    files: files.map((f) => ({
      file: path.basename(f.file),
      dataset: f.dataset,
      description:
        datasetNamed(f.dataset)?.description ?? (f.dataset === 'stata-setup' ? 'Stata: do setup.do' : f.dataset === 'r-setup' ? 'R: source("setup.R")' : null),
      rows: f.rows,
      ...(f.demoRows !== undefined ? { demoRows: f.demoRows } : {}),
      bytes: fs.statSync(f.file).size,
      sha256: sha256File(f.file),
    })),
  };
}
