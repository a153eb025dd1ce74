// `gongkai export`: the datasets as CSV (or JSON lines) files in a directory, with their codebook.
import path from 'node:path';
import { type Command, Option } from 'commander';
import { AGENCY_LEVELS, GRADES } from '../../domain/values.js';
import type { ExportResult } from '../../export/export-datasets.js';
import { getContext, withDb } from '../context.js';
import { UsageError } from '../errors.js';
import { GONGKAI_VERSION } from '../version.js';

interface ExportFlags {
  out: string;
  dataset?: string[];
  format: 'csv' | 'jsonl';
  bom?: boolean;
  year?: string[];
  region?: string[];
  level?: string[];
  years?: string[];
  minGrade?: (typeof GRADES)[number];
  allVersions?: boolean;
  names: 'full' | 'short';
}

/** --year 2021, --year 2019-2022, or several of either. */
export function parseYears(values: string[] | undefined): number[] | undefined {
  if (!values) return undefined;
  const years = new Set<number>();
  for (const v of values.flatMap((x) => x.split(','))) {
    const m = /^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$/.exec(v);
    if (!m) throw new UsageError(`--year wants a year (2021) or a range (2019-2022), got "${v}"`);
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (to < from) throw new UsageError(`--year range runs backwards: "${v}"`);
    for (let y = from; y <= to; y++) years.add(y);
  }
  return [...years].sort();
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write the datasets (panel, facts, findings, coverage, documents) and their codebook into a directory')
    .option('--out <dir>', 'output directory', './exports')
    .option('--dataset <name...>', 'only these datasets (panel facts findings coverage documents codebook)')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'jsonl']).default('csv'))
    .option('--bom', 'start files with a UTF-8 byte-order mark (Excel on Windows)')
    .option('--year <years...>', 'only these report years: 2021, 2019-2022 (coverage: every roster agency for each of them)')
    .option('--years <years...>', 'the same as --year')
    .option('--region <codes...>', 'only agencies whose region code starts with one of these (11 = Beijing, 110112 = Tongzhou)')
    .addOption(new Option('--level <levels...>', 'only agencies of these levels').choices([...AGENCY_LEVELS]))
    .addOption(new Option('--min-grade <grade>', 'only reports graded this or better').choices([...GRADES]))
    .option('--all-versions', 'facts and findings of every version of a report, not only the current one')
    .addOption(
      new Option('--names <style>', 'column names: full (t3.new_received.total) or short (Stata: ≤ 32 characters, no dots; adds setup.do and setup.R)')
        .choices(['full', 'short'])
        .default('full'),
    )
    .action(async (flags: ExportFlags, command: Command) => {
      const ctx = getContext(command);
      const { exportDatasets } = await import('../../export/export-datasets.js');
      const { DATASETS, datasetNamed } = await import('../../export/datasets.js');
      const datasets = flags.dataset ?? DATASETS.map((d) => d.name);
      for (const d of datasets) if (!datasetNamed(d)) throw new UsageError(`unknown dataset "${d}"; known: ${DATASETS.map((x) => x.name).join(', ')}`);
      for (const r of flags.region ?? [])
        if (!/^\d{2,9}$/.test(r)) throw new UsageError(`--region wants the start of a GB/T 2260 code (11, 1101, 110112), got "${r}"`);
      const years = flags.year || flags.years ? parseYears([...(flags.year ?? []), ...(flags.years ?? [])]) : undefined;
      const filters = { years, regions: flags.region, levels: flags.level, minGrade: flags.minGrade, allVersions: flags.allVersions };
      const { PARSER_VERSION } = await import('../../pipeline/parse/parse-report.js');
      const result = await withDb(ctx, (handle) =>
        exportDatasets(handle, {
          outDir: path.resolve(flags.out),
          datasets,
          format: flags.format,
          bom: Boolean(flags.bom),
          filters,
          names: flags.names,
          versions: { gongkai: GONGKAI_VERSION, parser: PARSER_VERSION },
        }),
      );
      printExport(result);
    });
}

/** One line per file written, then the manifest, and a warning when the export holds the demo's invented reports. */
export function printExport(result: ExportResult): void {
  for (const f of result.files) process.stdout.write(`${f.dataset.padEnd(12)} ${String(f.rows).padStart(8)} rows  ${path.relative(process.cwd(), f.file)}\n`);
  process.stdout.write(`${'manifest'.padEnd(12)} ${''.padStart(8)}       ${path.relative(process.cwd(), result.manifest)}\n`);
  const demo = result.files.reduce((n, f) => n + (f.demoRows ?? 0), 0);
  if (demo > 0) process.stdout.write(`note: ${demo} rows are gongkai demo's invented reports (column demo = true): not data\n`);
}
