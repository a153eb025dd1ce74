// Building a collection from the configuration and flags: the work queue (in this process, or pg-boss workers with
// --enqueue) and its settings; shared by run, crawl, demo, reparse and schedule.
import type { Command } from 'commander';
import { SITE_BUDGET_DEFAULTS } from '../crawlers/budget.js';
import type { SiteConfig } from '../crawlers/types.js';
import type { DbHandle } from '../db/client.js';
import type { SiteCrawlSummary } from '../domain/run-report.js';
import type { InProcessOptions, WorkQueue } from '../jobs/work-queue.js';
import type { CliContext } from './context.js';
import { fetcherOptions } from './crawl-setup.js';
import { UsageError } from './errors.js';
import { integerArg } from './number-option.js';

/** --since: a date (2026-11-01) or an age (7d, 12h): report pages fetched after it are not asked for again. */
export function parseSince(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const age = /^(\d+)\s*([dh])$/.exec(value);
  if (age) return Number(age[1]) * (age[2] === 'd' ? 86_400_000 : 3_600_000);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--since wants a date (2026-11-01) or an age (7d, 12h), got "${value}"`);
  return Math.max(0, now - t);
}

export function registrySites(registry: { get(id: string): SiteConfig | undefined; enabled(): SiteConfig[] }, ids: string[] | undefined): SiteConfig[] {
  if (!ids) return registry.enabled();
  return ids.map((id) => {
    const s = registry.get(id);
    if (!s) throw new UsageError(`no site "${id}" in the registry (gongkai sites list shows them)`);
    return s;
  });
}

/** What crawling and reading in this process need, from the configuration. */
export async function inProcessOptions(
  ctx: CliContext,
  handle: DbHandle,
  flags: { allowPrivate?: boolean; parallelSites?: number; onProgress?: (s: SiteCrawlSummary) => void; onDocument?: (sha256: string) => void },
): Promise<InProcessOptions> {
  return {
    handle,
    log: ctx.log,
    dataDir: ctx.config.dataDir,
    fetcher: await fetcherOptions(ctx.config, Boolean(flags.allowPrivate)),
    chromiumPath: ctx.config.chromiumPath,
    limits: { maxBytes: ctx.config.maxDocumentBytes, maxPages: ctx.config.maxPdfPages, timeoutMs: ctx.config.parseTimeoutMs },
    parseMemoryMb: ctx.config.parseMemoryMb,
    parallelSites: flags.parallelSites,
    onProgress: flags.onProgress,
    onDocument: flags.onDocument,
  };
}

/** --parallel-sites of `run`, `crawl` and `schedule`: how many sites this process crawls at once. */
export function addParallelSitesOption(command: Command): Command {
  return command.option(
    '--parallel-sites <n>',
    'sites crawled at once in this process (default 256; the biggest sites of the last crawl start first)',
    integerArg('--parallel-sites', 1, 4096),
  );
}

/** --enqueue hands the work to `gongkai worker`s: they need a Postgres server, and they, not this process, crawl. */
export function checkEnqueueFlags(ctx: CliContext, flags: { enqueue?: boolean; parallelSites?: number }): void {
  if (!flags.enqueue) return;
  if (flags.parallelSites !== undefined)
    throw new UsageError('--parallel-sites sets the crawl in this process: with --enqueue the workers crawl (gongkai worker --parallel-sites)');
  if (!ctx.config.databaseUrl) throw new UsageError(ENQUEUE_NEEDS_SERVER);
}

const ENQUEUE_NEEDS_SERVER = '--enqueue hands the work to workers on a Postgres server: set DATABASE_URL';

/** The work queue: pg-boss workers with --enqueue (a Postgres server is needed), else this process. */
export async function openQueue(
  ctx: CliContext,
  handle: DbHandle,
  flags: {
    enqueue?: boolean;
    allowPrivate?: boolean;
    parallelSites?: number;
    onProgress?: (s: SiteCrawlSummary) => void;
    onDocument?: (sha256: string) => void;
  },
): Promise<WorkQueue> {
  if (flags.enqueue) {
    if (!ctx.config.databaseUrl) throw new UsageError(ENQUEUE_NEEDS_SERVER);
    const { pgBossQueue } = await import('../jobs/pg-boss-queue.js');
    return pgBossQueue({ databaseUrl: ctx.config.databaseUrl, handle, log: ctx.log });
  }
  const { inProcessQueue } = await import('../jobs/work-queue.js');
  return inProcessQueue(await inProcessOptions(ctx, handle, flags));
}

/** The per-site budget flags of `run` and `crawl`: each, when given, replaces the registry's value for every site. */
export interface SiteBudgetFlags {
  siteMaxRequests?: number;
  siteMaxDocuments?: number;
  siteMaxMb?: number;
  siteMaxMinutes?: number;
}

/** Adds the per-site budget flags to a command (strict whole numbers: anything else is exit 2). */
export function addSiteBudgetOptions(command: Command): Command {
  const d = SITE_BUDGET_DEFAULTS;
  return command
    .option(
      '--site-max-requests <n>',
      `requests each site may make, of every kind (registry: maxPages; default ${d.maxPages})`,
      integerArg('--site-max-requests', 1),
    )
    .option(
      '--site-max-documents <n>',
      `documents each site may archive (registry: maxDocuments; default ${d.maxDocuments})`,
      integerArg('--site-max-documents', 1),
    )
    .option('--site-max-mb <n>', `megabytes each site may download (registry: maxMegabytes; default ${d.maxMegabytes})`, integerArg('--site-max-mb', 1))
    .option(
      '--site-max-minutes <n>',
      `minutes each site's crawl may last (registry: maxMinutes; default ${d.maxMinutes})`,
      integerArg('--site-max-minutes', 1),
    );
}

/** The sites with the budget flags given in place of their registry values. */
export function withSiteBudgets(sites: SiteConfig[], flags: SiteBudgetFlags): SiteConfig[] {
  const over = {
    ...(flags.siteMaxRequests !== undefined ? { maxPages: flags.siteMaxRequests } : {}),
    ...(flags.siteMaxDocuments !== undefined ? { maxDocuments: flags.siteMaxDocuments } : {}),
    ...(flags.siteMaxMb !== undefined ? { maxMegabytes: flags.siteMaxMb } : {}),
    ...(flags.siteMaxMinutes !== undefined ? { maxMinutes: flags.siteMaxMinutes } : {}),
  };
  return sites.map((s) => ({ ...s, ...over }));
}
