// `gongkai query "select …"`: one read-only SQL statement, printed as an aligned table, CSV or JSON.
import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { getContext, withDb } from '../context.js';
import { CommandError, UsageError } from '../errors.js';
import { cellText, formatTable } from '../format-table.js';

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('run one read-only SQL statement against the database and print the rows')
    .argument('[sql]', 'the statement; "-" or nothing reads it from stdin')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .action(async (sqlArg: string | undefined, opts: { format: 'table' | 'csv' | 'json' }, command: Command) => {
      const ctx = getContext(command);
      const text = (sqlArg === undefined || sqlArg === '-' ? fs.readFileSync(0, 'utf8') : sqlArg).trim().replace(/;\s*$/, '');
      if (!text) throw new UsageError('no SQL given: gongkai query "select …"');
      await withDb(ctx, async (handle) => {
        let result;
        try {
          result = await handle.readOnlyQuery(text);
        } catch (err) {
          const message = (err as Error).message;
          const hint = /read-only transaction|permission denied|must be superuser/.test(message) ? ' (gongkai query is read-only: use psql for changes)' : '';
          throw new CommandError(`query failed: ${message}${hint}`);
        }
        await printRows(result.columns, result.rows, opts.format);
      });
    });
}

async function printRows(columns: string[], rows: Record<string, unknown>[], format: 'table' | 'csv' | 'json'): Promise<void> {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  } else if (format === 'csv') {
    const { stringify } = await import('csv-stringify/sync');
    process.stdout.write(stringify([columns, ...rows.map((r) => columns.map((c) => cellText(r[c])))]));
  } else {
    process.stdout.write(
      `${formatTable(
        columns,
        rows.map((r) => columns.map((c) => r[c])),
      )}\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`,
    );
  }
}
