// `gongkai schedule`: runs forever and starts a collection on a cron schedule (default 02:00 Asia/Shanghai). Never
// two runs at once: not in this process (overlapping ticks are skipped) and not across processes or machines on
// the same database (the run lock).
import type { Command } from 'commander';
import { getContext } from '../context.js';
import { loadSites } from '../crawl-setup.js';
import { UsageError } from '../errors.js';
import { printRun } from '../print-run.js';
import { runOptions } from '../run-setup.js';

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('run forever, starting `gongkai run` on a cron schedule (GONGKAI_CRON, default "0 2 * * *", Asia/Shanghai)')
    .option('--cron <expression>', 'cron expression (5 fields, or 6 with seconds)')
    .option('--registry <file>', 'a registry YAML file instead of the default one')
    .option('--allow-private', 'allow private and loopback addresses')
    .option('--enqueue', 'hand each run to `gongkai worker` processes through the job queue (needs DATABASE_URL)')
    .action(async (flags: { cron?: string; registry?: string; allowPrivate?: boolean; enqueue?: boolean }, command: Command) => {
      const ctx = getContext(command);
      const expression = flags.cron ?? ctx.config.cron;
      const cron = (await import('node-cron')).default;
      if (!cron.validate(expression)) throw new UsageError(`not a cron expression: "${expression}"`);
      if (flags.enqueue && !ctx.config.databaseUrl) throw new UsageError('--enqueue hands the work to workers on a Postgres server: set DATABASE_URL');
      const registry = await loadSites(flags.registry);
      const { runNightly, RunLockedError } = await import('../../jobs/run-nightly.js');
      const { enqueueRun } = await import('../../jobs/enqueue-run.js');
      // One database connection for the life of the scheduler (PGlite allows one process anyway).
      const handle = await ctx.openDb();
      const task = cron.schedule(
        expression,
        async () => {
          try {
            const options = await runOptions(ctx, handle, registry.enabled(), { allowPrivate: flags.allowPrivate }, 'schedule');
            const report = flags.enqueue ? await enqueueRun({ ...options, databaseUrl: ctx.config.databaseUrl! }) : await runNightly(options);
            if ('crawl' in report) process.stdout.write(printRun(report));
          } catch (err) {
            if (err instanceof RunLockedError) ctx.log.warn({ cron: expression }, 'skipped: another run holds the run lock');
            else ctx.log.error({ err: (err as Error).message }, 'scheduled run failed');
          }
        },
        { timezone: ctx.config.timezone, noOverlap: true, name: 'gongkai-run' },
      );
      ctx.log.info({ cron: expression, timezone: ctx.config.timezone, next: task.getNextRun() }, 'scheduler started');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await task.stop();
      await handle.close();
    });
}
