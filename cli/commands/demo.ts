// `gongkai demo`: the newcomer's main job. Starts the replica sites in this process, runs the whole pipeline into
// the embedded database, writes the CSV exports, and says where everything is. No network, no database server.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { getContext, withDb } from '../context.js';
import { UsageError } from '../errors.js';
import { printRun } from '../print-run.js';
import { Progress } from '../progress.js';
import { inProcessOptions } from '../run-setup.js';
import { GONGKAI_VERSION } from '../version.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('collect the reports of the local replica sites into the embedded database and export them (no network needed)')
    .option('--out <dir>', 'where the CSV files go', './exports')
    .action(async (flags: { out: string }, command: Command) => {
      const ctx = getContext(command);
      const { startReplica } = await import('../../replica/server.js');
      const { defineSite } = await import('../../crawlers/define-site.js');
      const { collect } = await import('../../jobs/collect.js');
      const { inProcessQueue } = await import('../../jobs/work-queue.js');
      const { siteOtherThan } = await import('../../db/queries/runs.js');
      const { exportDatasets } = await import('../../export/export-datasets.js');
      const { DATASETS } = await import('../../export/datasets.js');
      const hasBrowser = fs.existsSync(ctx.config.chromiumPath);
      const replica = await startReplica({ delayMs: 30, slowMs: 4000 });
      try {
        const sites = replica.sites.filter((s) => hasBrowser || s.config.pattern !== 'browser').map((s) => defineSite(s.config));
        if (!hasBrowser)
          process.stderr.write(`note: no Chromium at ${ctx.config.chromiumPath} (CHROMIUM_PATH): the JavaScript-only replica site is left out\n`);
        const progress = new Progress(Boolean(process.stderr.isTTY));
        const outDir = path.resolve(flags.out);
        const { report, exported } = await withDb(ctx, async (handle) => {
          const real = await siteOtherThan(handle, 'replica-');
          if (real) {
            throw new UsageError(
              `${handle.location} already holds real sites (${real}): run the demo in another data directory, e.g. GONGKAI_DATA_DIR=./demo-data gongkai demo`,
            );
          }
          const options = await inProcessOptions(ctx, handle, { allowPrivate: true, onProgress: progress.update });
          // The replica answers at once: short timeouts and retries keep the demo quick when a page is slow on purpose.
          const queue = inProcessQueue({ ...options, fetcher: { ...options.fetcher, timeoutMs: 2000, retries: 2, backoffMs: 100 } });
          const report = await collect({ handle, log: ctx.log, kind: 'run', trigger: 'demo', queue, sites, demo: true }).finally(() => progress.stop());
          const { PARSER_VERSION } = await import('../../pipeline/parse/parse-report.js');
          const exported = await exportDatasets(handle, {
            outDir,
            datasets: DATASETS.map((d) => d.name),
            format: 'csv',
            bom: false,
            versions: { gongkai: GONGKAI_VERSION, parser: PARSER_VERSION },
          });
          return { report, exported };
        });
        process.stdout.write(printRun(report));
        const rel = (p: string) => path.relative(process.cwd(), p) || '.';
        process.stdout.write(
          [
            '',
            `database   ${rel(path.join(ctx.config.dataDir, 'pglite'))} (embedded Postgres; \`gongkai db serve\` opens it to psql, R, Python)`,
            `archive    ${rel(path.join(ctx.config.dataDir, 'archive'))} (every document as it was served, by sha256)`,
            `exports    ${rel(outDir)}/: ${exported.files.map((f) => path.basename(f.file)).join(', ')}, manifest.json (codebook.md describes every column)`,
            'note       the demo’s reports are invented (real district names, made-up numbers): every dataset marks them demo = true',
            '',
            'try:',
            `  npx gongkai query 'select agency, year, template, grade, "t3.new_received.total", "t3.granted.total" from report_panel order by agency, year limit 20'`,
            `  npx gongkai query "select agency, year, status from coverage where status <> 'found'"`,
            `  npx gongkai query "select rule, severity, count(*) from findings group by 1, 2 order by 3 desc"`,
            `  npx gongkai status`,
            `  npx gongkai serve          # browse coverage, reports with their sources, trends: http://127.0.0.1:8080/`,
            '',
          ].join('\n'),
        );
      } finally {
        await replica.close();
      }
    });
}
