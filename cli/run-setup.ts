// Building a collection run from the configuration and flags: shared by run, demo and schedule.
import type { SiteConfig } from '../crawlers/types.js';
import type { RunOptions } from '../jobs/run-nightly.js';
import type { DbHandle } from '../db/client.js';
import type { CliContext } from './context.js';
import { fetcherOptions } from './crawl-setup.js';
import { UsageError } from './errors.js';

/** --since: a date (2026-11-01) or an age (7d, 12h): report pages fetched after it are not asked for again. */
export function parseSince(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const age = /^(\d+)\s*([dh])$/.exec(value);
  if (age) return Number(age[1]) * (age[2] === 'd' ? 86_400_000 : 3_600_000);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--since wants a date (2026-11-01) or an age (7d, 12h), got "${value}"`);
  return Math.max(0, now - t);
}

export async function runOptions(
  ctx: CliContext,
  handle: DbHandle,
  sites: SiteConfig[],
  flags: { allowPrivate?: boolean; full?: boolean; since?: string },
  trigger: string,
): Promise<RunOptions> {
  return {
    handle,
    log: ctx.log,
    dataDir: ctx.config.dataDir,
    sites,
    fetcher: await fetcherOptions(ctx.config, Boolean(flags.allowPrivate)),
    chromiumPath: ctx.config.chromiumPath,
    limits: { maxBytes: ctx.config.maxDocumentBytes, maxPages: ctx.config.maxPdfPages, timeoutMs: ctx.config.parseTimeoutMs },
    trigger,
    recheckAfterMs: flags.full ? 0 : parseSince(flags.since),
  };
}
