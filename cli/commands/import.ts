// `gongkai import PATH…`: a researcher's own collection — files, folders, ZIP archives — archived, read and loaded
// like crawled documents, as one recorded run; or, with --dry-run, what would be loaded, touching nothing.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { getContext, withDb } from '../context.js';
import { CommandError, UsageError } from '../errors.js';
import { listInputFiles } from '../input-files.js';
import { integerArg } from '../number-option.js';
import { ProgressBar } from '../progress.js';
import { openQueue } from '../run-setup.js';
import { jsonTerminalSafe } from '../terminal-text.js';

interface ImportFlags {
  agency?: string;
  year?: number;
  region?: string;
  sourceNote?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import your own reports (files, folders, .zip archives) into the dataset: archived, read and loaded like crawled ones')
    .argument('<paths...>', 'files, folders (read recursively) and .zip archives')
    .option('--agency <name>', 'the agency of files whose document, file name and folders name none')
    .option('--year <yyyy>', 'the report year of files whose document, file name and folders state none', integerArg('--year', 2007, 2099))
    .option('--region <code>', 'GB/T 2260 code of the district the files come from (settles place names several districts share)')
    .option('--source-note <text>', 'where the collection came from, kept with every file (e.g. "received from X, 2024-05")')
    .option('--dry-run', 'read every file and print what would be loaded (agency, year, grade) and what left out; store nothing')
    .option('--json', 'print the result as JSON')
    .action(async (paths: string[], flags: ImportFlags, command: Command) => {
      const ctx = getContext(command);
      for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`no such file or directory: ${p}`);
      const agency = flags.agency?.trim();
      if (flags.agency !== undefined && (!agency || agency.length > 60)) throw new UsageError('--agency wants the name of an agency (at most 60 characters)');
      const { loadRegionIndex } = await import('../../domain/regions/read-regions.js');
      if (flags.region !== undefined && !loadRegionIndex().get(flags.region))
        throw new UsageError(`--region wants a GB/T 2260 division code (110112 for 北京市通州区), got "${flags.region}"`);
      // Sizes are checked by the reader: a ZIP may be larger than any one document in it.
      const inputs = listInputFiles(paths, Number.POSITIVE_INFINITY);
      if (inputs.length === 0) throw new UsageError('no files to import');
      const statement = {
        ...(flags.sourceNote?.trim() ? { note: flags.sourceNote.trim() } : {}),
        ...(agency ? { agency } : {}),
        ...(flags.year !== undefined ? { year: String(flags.year) } : {}),
        ...(flags.region ? { regionCode: flags.region } : {}),
      };
      const { collectionLimits, readCollection } = await import('../../crawlers/local/read-collection.js');
      const files = readCollection(inputs, collectionLimits(ctx.config.maxDocumentBytes));
      const limits = { maxBytes: ctx.config.maxDocumentBytes, maxPages: ctx.config.maxPdfPages, timeoutMs: ctx.config.parseTimeoutMs };
      const bar = new ProgressBar(Boolean(process.stderr.isTTY) && !flags.json);
      const { printImport } = await import('../print-import.js');

      if (flags.dryRun) {
        const { dryRunImport } = await import('../import-dry-run.js');
        const result = await dryRunImport(files, statement, limits, (done) => bar.update('reading', done, null)).finally(() => bar.stop());
        const leftOut = result.filter((f) => f.outcome === 'left_out').length;
        process.stdout.write(
          flags.json
            ? `${jsonTerminalSafe(JSON.stringify({ dryRun: true, files: result }, null, 2))}\n`
            : printImport(`dry run: nothing was stored (${paths.join(', ')})`, result, true),
        );
        if (leftOut > 0) process.exitCode = 1;
        return;
      }

      const { enqueueCollection } = await import('../../jobs/collect.js');
      const { RunLockedError } = await import('../../jobs/run-record.js');
      let archived = 0;
      let read = 0;
      let toRead = 0;
      const report = await withDb(ctx, async (handle) => {
        const queue = await openQueue(ctx, handle, { onDocument: () => bar.update('reading', ++read, toRead) });
        try {
          const result = await enqueueCollection({
            handle,
            log: ctx.log,
            kind: 'import',
            trigger: 'cli',
            queue,
            local: {
              paths: paths.map((p) => path.resolve(p)),
              files,
              statement,
              archiveRoot: path.join(ctx.config.dataDir, 'archive'),
              onFile: () => bar.update('archiving', ++archived, null),
              onReading: (n) => {
                toRead = n;
                bar.update('reading', 0, n);
              },
            },
          });
          if ('queued' in result) throw new Error('an import waits for its documents to be read');
          return result;
        } catch (err) {
          if (err instanceof RunLockedError) throw new CommandError(err.message);
          throw err;
        } finally {
          bar.stop();
          await queue.close();
        }
      });
      const summary = report.import!;
      if (flags.json) process.stdout.write(`${jsonTerminalSafe(JSON.stringify(report, null, 2))}\n`);
      else {
        const p = report.process;
        const head =
          `import run ${report.runId}: ${report.status}, ${Math.round(report.durationMs / 1000)} s — ` +
          `${summary.totals.documentsNew} documents new, ${summary.totals.documentsSeen} already archived; ` +
          `${p.documents} read: ${p.loaded.inserted} reports new, ${p.loaded.updated} updated, ${p.loaded.unchanged} unchanged, ${p.notReport} not reports, ${p.failed} unreadable`;
        process.stdout.write(printImport(head, summary.files, false));
      }
      if (summary.totals.leftOut > 0 || report.status === 'failed') process.exitCode = 1;
    });
}
