// `gongkai reparse`: reads archived documents again with the current parser — no network — so that improving the
// parser improves the dataset. Documents that failed before are tried again.
import type { Command } from 'commander';
import { getContext, withDb } from '../context.js';
import { CommandError, UsageError } from '../errors.js';
import { openQueue } from '../run-setup.js';
import { formatTable } from '../format-table.js';

export function registerReparse(program: Command): void {
  program
    .command('reparse')
    .description('parse archived documents again with the current parser (no network)')
    .option('--all', 'every archived document')
    .option('--report <id...>', 'the documents of these report ids')
    .option('--since-parser <version>', 'documents parsed by any other parser version than this')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: { all?: boolean; report?: string[]; sinceParser?: string; json?: boolean }, command: Command) => {
      const ctx = getContext(command);
      if ([flags.all, flags.report, flags.sinceParser].filter(Boolean).length > 1) throw new UsageError('choose one of --all, --report, --since-parser');
      const { documentsOfReports, documentsToParse } = await import('../../db/queries/reports.js');
      const { collect } = await import('../../jobs/collect.js');
      const { RunLockedError } = await import('../../jobs/run-record.js');
      const summary = await withDb(ctx, async (handle) => {
        let shas: string[];
        if (flags.report) {
          const ids = flags.report.map(Number);
          if (ids.some((n) => !Number.isInteger(n))) throw new UsageError('--report wants report ids (numbers)');
          shas = await documentsOfReports(handle.db, ids);
        } else
          shas = await documentsToParse(
            handle.db,
            flags.all ? { all: true } : flags.sinceParser ? { sinceParser: flags.sinceParser } : { statuses: ['pending', 'failed'] },
          );
        const queue = await openQueue(ctx, handle, {});
        try {
          return (await collect({ handle, log: ctx.log, kind: 'reparse', trigger: 'cli', queue, documents: shas })).process;
        } catch (err) {
          if (err instanceof RunLockedError) throw new CommandError(err.message);
          throw err;
        }
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${summary.documents} documents read again in ${Math.round(summary.ms / 100) / 10} s: ${summary.loaded.inserted} reports new, ${summary.loaded.updated} updated, ${summary.loaded.unchanged} unchanged, ${summary.loaded.copies} copies of a loaded report, ${summary.notReport} not reports, ${summary.failed} unreadable\n` +
          (Object.keys(summary.byGrade).length ? `${formatTable(['grade', 'reports'], Object.entries(summary.byGrade).sort())}\n` : ''),
      );
    });
}
