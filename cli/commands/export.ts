// `gongkai export`: the datasets as CSV (or JSON lines) files in a directory.
import path from 'node:path';
import { type Command, Option } from 'commander';
import { getContext, withDb } from '../context.js';
import { UsageError } from '../errors.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write the datasets as CSV files (UTF-8) into a directory')
    .option('--out <dir>', 'output directory', './exports')
    .option('--dataset <name...>', 'only these datasets')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'jsonl']).default('csv'))
    .option('--bom', 'start CSV files with a byte-order mark (Excel on Windows)')
    .action(async (flags: { out: string; dataset?: string[]; format: 'csv' | 'jsonl'; bom?: boolean }, command: Command) => {
      const ctx = getContext(command);
      const { DATASETS, exportDatasets } = await import('../../jobs/export.js');
      const datasets = flags.dataset ?? Object.keys(DATASETS);
      for (const d of datasets) if (!DATASETS[d]) throw new UsageError(`unknown dataset "${d}"; known: ${Object.keys(DATASETS).join(', ')}`);
      const result = await withDb(ctx, (handle) => exportDatasets(handle, { outDir: path.resolve(flags.out), datasets, format: flags.format, bom: Boolean(flags.bom) }));
      for (const f of result.files) process.stdout.write(`${f.dataset.padEnd(12)} ${String(f.rows).padStart(8)} rows  ${path.relative(process.cwd(), f.file)}\n`);
    });
}
