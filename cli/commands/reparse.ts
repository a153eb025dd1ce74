// `gongkai reparse`: reads archived documents again with the current parser — no network — so that improving the
// parser improves the dataset. Documents that failed before are tried again.
import type { Command } from 'commander';
import path from 'node:path';
import { getContext, withDb } from '../context.js';
import { UsageError } from '../errors.js';
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
      const { documentsToParse } = await import('../../db/queries/reports.js');
      const { processDocuments } = await import('../../jobs/process-documents.js');
      const summary = await withDb(ctx, async (handle) => {
        let shas: string[];
        if (flags.report) {
          const ids = flags.report.map(Number);
          if (ids.some((n) => !Number.isInteger(n))) throw new UsageError('--report wants report ids (numbers)');
          const { rows } = await handle.query<{ document_sha256: string }>('select document_sha256 from reports where id = any($1)', [ids]);
          shas = rows.map((r) => r.document_sha256);
        } else
          shas = await documentsToParse(
            handle.db,
            flags.all ? { all: true } : flags.sinceParser ? { sinceParser: flags.sinceParser } : { statuses: ['pending', 'failed'] },
          );
        return processDocuments(handle, shas, {
          archiveRoot: path.join(ctx.config.dataDir, 'archive'),
          limits: { maxBytes: ctx.config.maxDocumentBytes, maxPages: ctx.config.maxPdfPages, timeoutMs: ctx.config.parseTimeoutMs },
          log: ctx.log,
        });
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${summary.documents} documents read again in ${Math.round(summary.ms / 100) / 10} s: ${summary.loaded.inserted} reports new, ${summary.loaded.updated} updated, ${summary.loaded.unchanged} unchanged, ${summary.notReport} not reports, ${summary.failed} unreadable\n` +
          (Object.keys(summary.byGrade).length ? `${formatTable(['grade', 'reports'], Object.entries(summary.byGrade).sort())}\n` : ''),
      );
    });
}
