// `gongkai reparse`: reads archived documents again with the current parser — no network — so that improving the
// parser improves the dataset. Documents that failed before are tried again; quarantined ones only when forced.
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
    .option('--document <sha256...>', 'these documents (quarantined ones too)')
    .option('--force', 'read quarantined documents too, as first attempts')
    .option('--json', 'print the summary as JSON')
    .action(
      async (flags: { all?: boolean; report?: string[]; sinceParser?: string; document?: string[]; force?: boolean; json?: boolean }, command: Command) => {
        const ctx = getContext(command);
        if ([flags.all, flags.report, flags.sinceParser, flags.document].filter(Boolean).length > 1) {
          throw new UsageError('choose one of --all, --report, --since-parser, --document');
        }
        if (flags.document?.some((sha) => !/^[0-9a-f]{64}$/.test(sha)))
          throw new UsageError('--document wants sha256s (64 hex digits, as `gongkai status` names them in full with --json)');
        const force = Boolean(flags.force || flags.document);
        const { documentsOfReports, documentsToParse } = await import('../../db/queries/reports.js');
        const { collect } = await import('../../jobs/collect.js');
        const { RunLockedError } = await import('../../jobs/run-record.js');
        const summary = await withDb(ctx, async (handle) => {
          let shas: string[];
          if (flags.document) shas = flags.document;
          else if (flags.report) {
            const ids = flags.report.map(Number);
            if (ids.some((n) => !Number.isInteger(n))) throw new UsageError('--report wants report ids (numbers)');
            shas = await documentsOfReports(handle.db, ids);
          } else
            shas = await documentsToParse(
              handle.db,
              flags.all
                ? { all: true, withQuarantined: force }
                : flags.sinceParser
                  ? { sinceParser: flags.sinceParser, withQuarantined: force }
                  : { statuses: force ? ['pending', 'failed', 'quarantined'] : ['pending', 'failed'], withQuarantined: force },
            );
          const queue = await openQueue(ctx, handle, {});
          try {
            return (await collect({ handle, log: ctx.log, kind: 'reparse', trigger: 'cli', queue, documents: shas, force })).process;
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
          `${summary.documents} documents read again in ${Math.round(summary.ms / 100) / 10} s: ${summary.loaded.inserted} reports new, ${summary.loaded.updated} updated, ${summary.loaded.unchanged} unchanged, ${summary.loaded.copies} copies of a loaded report, ${summary.notReport} not reports, ${summary.failed} unreadable (${summary.quarantined} quarantined)\n` +
            (Object.keys(summary.byGrade).length ? `${formatTable(['grade', 'reports'], Object.entries(summary.byGrade).sort())}\n` : ''),
        );
      },
    );
}
