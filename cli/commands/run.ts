// `gongkai run`: one full collection (crawl → parse → load) and its summary.
import type { Command } from 'commander';
import { getContext, withDb } from '../context.js';
import { loadSites } from '../crawl-setup.js';
import { CommandError, UsageError } from '../errors.js';
import { printRun } from '../print-run.js';
import { Progress } from '../progress.js';
import { runOptions } from '../run-setup.js';

export interface RunFlags {
  site?: string[];
  registry?: string;
  since?: string;
  full?: boolean;
  json?: boolean;
  allowPrivate?: boolean;
  enqueue?: boolean;
  wait?: boolean;
}

export function registerRun(program: Command): void {
  program
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
    .action(async (flags: RunFlags, command: Command) => {
      const ctx = getContext(command);
      const registry = await loadSites(flags.registry);
      const sites = flags.site
        ? flags.site.map((id) => {
            const s = registry.get(id);
            if (!s) throw new UsageError(`no site "${id}" in the registry`);
            return s;
          })
        : registry.enabled();
      const { runNightly, RunLockedError } = await import('../../jobs/run-nightly.js');
      if (flags.enqueue) {
        if (!ctx.config.databaseUrl) throw new UsageError('--enqueue hands the work to workers on a Postgres server: set DATABASE_URL');
        const { enqueueRun } = await import('../../jobs/enqueue-run.js');
        const { parseSince } = await import('../run-setup.js');
        const result = await withDb(ctx, async (handle) => {
          try {
            return await enqueueRun({
              databaseUrl: ctx.config.databaseUrl!,
              handle,
              log: ctx.log,
              sites,
              trigger: 'queue',
              recheckAfterMs: flags.full ? 0 : parseSince(flags.since),
              noWait: flags.wait === false,
            });
          } catch (err) {
            if (err instanceof RunLockedError) throw new CommandError(err.message);
            throw err;
          }
        });
        if ('queued' in result) process.stdout.write(`run ${result.runId}: ${result.queued} sites queued for the workers\n`);
        else process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : printRun(result));
        return;
      }
      const progress = new Progress(Boolean(process.stderr.isTTY) && !flags.json);
      const report = await withDb(ctx, async (handle) => {
        try {
          return await runNightly({ ...(await runOptions(ctx, handle, sites, flags, 'cli')), onProgress: progress.update });
        } catch (err) {
          if (err instanceof RunLockedError) throw new CommandError(err.message);
          throw err;
        } finally {
          progress.stop();
        }
      });
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : printRun(report));
      if (report.status === 'failed') process.exitCode = 1;
    });
}
