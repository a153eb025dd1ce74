// The exit codes of `gongkai`, declared once (the README's "Exit codes" lists them): cron wrappers and CI tell a run
// that collected everything from one that failed in part, failed outright, or was asked for wrongly.
import type { RunReport } from '../domain/run-report.js';

export const EXIT_CODES = {
  /** Every site ok (a site nobody expected reports from may have come up empty: a warning in the summary). */
  ok: 0,
  /** The run failed: every site failed (unreachable, blocked, needs a browser, no reports where some are expected …), or an error stopped it. */
  failed: 1,
  /** Wrong flags, arguments or configuration. */
  usage: 2,
  /** Some sites failed or were read only in part, others were collected: the run summary and `gongkai status` say which. */
  partial: 3,
} as const;

/** The exit code a crawl or collection run ends with. */
export function exitCodeOfRun(status: RunReport['status']): number {
  return EXIT_CODES[status];
}
