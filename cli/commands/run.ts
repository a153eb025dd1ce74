// `gongkai run`: one full collection (crawl → parse → load) and its summary.
import type { Command } from 'commander';
import { getContext, withDb } from '../context.js';
import { loadSites } from '../crawl-setup.js';
import { CommandError } from '../errors.js';
import { integerArg } from '../number-option.js';
import { exitCodeOfRun } from '../exit-codes.js';
import { flushOnSignal } from '../flush-on-signal.js';
import { printRun } from '../print-run.js';
import { Progress } from '../progress.js';
import {
  addParallelSitesOption,
  addSiteBudgetOptions,
  checkEnqueueFlags,
  openQueue,
  parseSince,
  registrySites,
  type SiteBudgetFlags,
  withSiteBudgets,
} from '../run-setup.js';

export interface RunFlags extends SiteBudgetFlags {
  site?: string[];
  registry?: string;
  since?: string;
  full?: boolean;
  json?: boolean;
  allowPrivate?: boolean;
  enqueue?: boolean;
  wait?: boolean;
  maxMinutes?: number;
  parallelSites?: number;
}

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('one full collection: crawl the registry, parse and validate new or changed documents, load them')
    .option('--site <id...>', 'only these sites')
    .option('--registry <file>', 'a registry YAML file instead of the default one')
    .option('--since <date|age>', 're-check report pages last fetched before this (default: older than 7d)')
    .option('--full', 're-check every report page and attachment')
    .option('--json', 'print the run report as JSON')
    .option('--allow-private', 'allow private and loopback addresses')
    .option('--enqueue', 'leave the work to `gongkai worker` processes: queue it, wait for them, report (needs DATABASE_URL)')
    .option('--no-wait', 'with --enqueue: return once the jobs are queued')
    .option(
      '--max-minutes <n>',
      "the run's deadline: past it sites are cut (partial) and unread documents left for the next run (default 1200)",
      integerArg('--max-minutes', 1),
    );
  addSiteBudgetOptions(addParallelSitesOption(command)).action(async (flags: RunFlags, command: Command) => {
    const ctx = getContext(command);
    checkEnqueueFlags(ctx, flags);
    const sites = withSiteBudgets(registrySites(await loadSites(flags.registry), flags.site), flags);
    const { enqueueCollection } = await import('../../jobs/collect.js');
    const { RunLockedError } = await import('../../jobs/run-record.js');
    const progress = new Progress(Boolean(process.stderr.isTTY) && !flags.json && !flags.enqueue);
    const result = await withDb(ctx, async (handle) => {
      const stopListening = flushOnSignal(handle);
      const queue = await openQueue(ctx, handle, { ...flags, onProgress: progress.update });
      try {
        return await enqueueCollection({
          handle,
          log: ctx.log,
          kind: 'run',
          trigger: flags.enqueue ? 'queue' : 'cli',
          queue,
          sites,
          recheckAfterMs: flags.full ? 0 : parseSince(flags.since),
          noWait: flags.enqueue && flags.wait === false,
          ...(flags.maxMinutes ? { deadlineAt: Date.now() + flags.maxMinutes * 60_000 } : {}),
        });
      } catch (err) {
        if (err instanceof RunLockedError) throw new CommandError(err.message);
        throw err;
      } finally {
        progress.stop();
        await queue.close();
        stopListening();
      }
    });
    if ('queued' in result) {
      process.stdout.write(`run ${result.runId}: ${result.queued} jobs queued for the workers\n`);
      return;
    }
    process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : printRun(result));
    process.exitCode = exitCodeOfRun(result.status);
  });
}
