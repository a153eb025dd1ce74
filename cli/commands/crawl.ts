// `gongkai crawl`: walk the registry's sites (or some, or one URL not in the registry) and archive every report.
import type { Command } from 'commander';
import { getContext, withDb } from '../context.js';
import { loadSites } from '../crawl-setup.js';
import { UsageError } from '../errors.js';
import { exitCodeOfRun } from '../exit-codes.js';
import { flushOnSignal } from '../flush-on-signal.js';
import { printCrawl } from '../print-run.js';
import { Progress } from '../progress.js';
import {
  addParallelSitesOption,
  addSiteBudgetOptions,
  checkEnqueueFlags,
  openQueue,
  registrySites,
  type SiteBudgetFlags,
  withSiteBudgets,
} from '../run-setup.js';

interface CrawlFlags extends SiteBudgetFlags {
  site?: string[];
  startUrl?: string;
  parallelSites?: number;
  agency?: string;
  region?: string;
  registry?: string;
  json?: boolean;
  allowPrivate?: boolean;
  full?: boolean;
  enqueue?: boolean;
}

export function registerCrawl(program: Command): void {
  const command = program
    .command('crawl')
    .description('discover and archive annual reports on the registry sites (or one site, or a start URL)')
    .option('--site <id...>', 'only these sites of the registry')
    .option('--start-url <url>', 'a site that is not in the registry: discover from this page')
    .option('--agency <name>', 'with --start-url: the government whose site it is (e.g. 北京市密云区人民政府)')
    .option('--region <code>', 'with --start-url: its region code (found from --agency when omitted)')
    .option('--registry <file>', 'a registry YAML file to use instead of the default one')
    .option('--json', 'print the crawl report as JSON')
    .option('--allow-private', 'allow private and loopback addresses (also GONGKAI_ALLOW_PRIVATE=1)')
    .option('--full', 're-check every report page and attachment now (normally those fetched in the last 7 days are skipped)')
    .option('--enqueue', 'leave the crawl to `gongkai worker` processes: queue a job per site, wait for them, report (needs DATABASE_URL)');
  addSiteBudgetOptions(addParallelSitesOption(command)).action(async (flags: CrawlFlags, command: Command) => {
    const ctx = getContext(command);
    checkEnqueueFlags(ctx, flags);
    const sites = withSiteBudgets(await chooseSites(flags), flags);
    const { collect } = await import('../../jobs/collect.js');
    const progress = new Progress(Boolean(process.stderr.isTTY) && !flags.json && !flags.enqueue);
    const { crawl: report, status } = await withDb(ctx, async (handle) => {
      const stopListening = flushOnSignal(handle);
      const queue = await openQueue(ctx, handle, {
        enqueue: flags.enqueue,
        allowPrivate: flags.allowPrivate,
        parallelSites: flags.parallelSites,
        onProgress: progress.update,
      });
      try {
        return await collect({
          handle,
          log: ctx.log,
          kind: 'crawl',
          trigger: flags.enqueue ? 'queue' : 'cli',
          queue,
          sites,
          recheckAfterMs: flags.full ? 0 : undefined,
        });
      } finally {
        progress.stop();
        await queue.close();
        stopListening();
      }
    });
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...report, status }, null, 2)}\n`);
    else process.stdout.write(printCrawl(report, status));
    process.exitCode = exitCodeOfRun(status);
  });
}

async function chooseSites(flags: CrawlFlags) {
  const { defineSite } = await import('../../crawlers/define-site.js');
  if (flags.startUrl) {
    if (!flags.agency) throw new UsageError('--start-url needs --agency NAME (the government whose site it is)');
    let regionCode = flags.region ?? null;
    if (!regionCode) {
      const { loadRegionIndex } = await import('../../domain/regions/read-regions.js');
      const r = loadRegionIndex().resolve(flags.agency);
      regionCode = r.status === 'exact' ? r.region.code : null;
    }
    let host: string;
    try {
      host = new URL(flags.startUrl).host;
    } catch {
      throw new UsageError(`--start-url is not a URL: ${flags.startUrl}`);
    }
    // Crawling a site for its reports, the user expects some: finding none is a failure, not an empty site.
    return [
      defineSite({
        id: `adhoc-${host.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`,
        name: flags.agency,
        regionCode,
        entry: [flags.startUrl],
        expectReports: true,
      }),
    ];
  }
  return registrySites(await loadSites(flags.registry), flags.site);
}
