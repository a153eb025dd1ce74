// The nightly schedule: node-cron starts a collection at each tick, never two at once — not in this process
// (overlapping ticks are skipped) and not across processes or machines on the same database (the run lock, which
// the collection takes: a tick that finds it held is logged and skipped).
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { RunReport } from '../domain/run-report.js';
import { RunLockedError } from './run-record.js';

export interface Schedule {
  /** When the next run starts. */
  next(): Date | null;
  stop(): Promise<void>;
}

export function isCronExpression(expression: string): boolean {
  return cron.validate(expression);
}

/** Calls `runOnce` at every tick of `expression` in `timezone`; `onReport` gets each finished run's report. */
export function startSchedule(options: {
  expression: string;
  timezone: string;
  log: Logger;
  runOnce: () => Promise<RunReport | { runId: number; queued: number }>;
  onReport?: (report: RunReport) => void;
}): Schedule {
  const { log, expression } = options;
  const task = cron.schedule(
    expression,
    async () => {
      try {
        const report = await options.runOnce();
        if ('crawl' in report) options.onReport?.(report);
      } catch (err) {
        if (err instanceof RunLockedError) log.warn({ cron: expression }, 'skipped: another run holds the run lock');
        else log.error({ err: (err as Error).message }, 'scheduled run failed');
      }
    },
    { timezone: options.timezone, noOverlap: true, name: 'gongkai-run' },
  );
  log.info({ cron: expression, timezone: options.timezone, next: task.getNextRun() }, 'scheduler started');
  return {
    next: () => task.getNextRun(),
    stop: async () => {
      await task.stop();
    },
  };
}
