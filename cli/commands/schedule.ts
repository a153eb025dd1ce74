// `gongkai schedule`: runs forever and starts a collection on a cron schedule (default 02:00 Asia/Shanghai), using
// the schedule of jobs/schedule.ts (never two runs at once).
import type { Command } from 'commander';
import { waitForStop } from '../wait-for-stop.js';
import { getContext } from '../context.js';
import { loadSites } from '../crawl-setup.js';
import { UsageError } from '../errors.js';
import { printRun } from '../print-run.js';
import { addParallelSitesOption, addSiteBudgetOptions, checkEnqueueFlags, openQueue, type SiteBudgetFlags, withSiteBudgets } from '../run-setup.js';

interface ScheduleFlags extends SiteBudgetFlags {
  cron?: string;
  registry?: string;
  allowPrivate?: boolean;
  enqueue?: boolean;
  parallelSites?: number;
}

export function registerSchedule(program: Command): void {
  const command = program
    .command('schedule')
    .description('run forever, starting `gongkai run` on a cron schedule (GONGKAI_CRON, default "0 2 * * *", Asia/Shanghai)')
    .option('--cron <expression>', 'cron expression (5 fields, or 6 with seconds)')
    .option('--registry <file>', 'a registry YAML file instead of the default one')
    .option('--allow-private', 'allow private and loopback addresses')
    .option('--enqueue', 'hand each run to `gongkai worker` processes through the job queue (needs DATABASE_URL)');
  addSiteBudgetOptions(addParallelSitesOption(command)).action(async (flags: ScheduleFlags, command: Command) => {
    const ctx = getContext(command);
    checkEnqueueFlags(ctx, flags);
    const expression = flags.cron ?? ctx.config.cron;
    const { isCronExpression, startSchedule } = await import('../../jobs/schedule.js');
    if (!isCronExpression(expression)) throw new UsageError(`not a cron expression: "${expression}"`);
    const registry = await loadSites(flags.registry);
    const { collect } = await import('../../jobs/collect.js');
    // One database connection for the life of the scheduler (PGlite allows one process anyway).
    const handle = await ctx.openDb();
    const schedule = startSchedule({
      expression,
      timezone: ctx.config.timezone,
      log: ctx.log,
      runOnce: async () => {
        const queue = await openQueue(ctx, handle, flags);
        try {
          // The registry as it was read at start, with the budget flags over every site's own, at each run.
          return await collect({ handle, log: ctx.log, kind: 'run', trigger: 'schedule', queue, sites: withSiteBudgets(registry.enabled(), flags) });
        } finally {
          await queue.close();
        }
      },
      onReport: (report) => process.stdout.write(printRun(report)),
    });
    await waitForStop();
    await schedule.stop();
    await handle.close();
  });
}
