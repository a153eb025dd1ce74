// `gongkai worker`: take crawl and parse jobs from the Postgres job queue until stopped (Ctrl-C, SIGTERM).
import type { Command } from 'commander';
import { waitForStop } from '../wait-for-stop.js';
import { getContext } from '../context.js';
import { fetcherOptions } from '../crawl-setup.js';
import { UsageError } from '../errors.js';
import { integerArg } from '../number-option.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take crawl-site and parse-document jobs from the job queue (needs DATABASE_URL; several may run on several machines)')
    .option('--concurrency <n>', 'parse jobs at a time', integerArg('--concurrency', 1), 1)
    .option('--parallel-sites <n>', 'sites crawled at a time (each polite to its own hosts)', integerArg('--parallel-sites', 1, 4096), 1)
    .option('--allow-private', 'allow private and loopback addresses')
    .action(async (flags: { concurrency: number; parallelSites: number; allowPrivate?: boolean }, command: Command) => {
      const ctx = getContext(command);
      if (!ctx.config.databaseUrl) throw new UsageError('workers share a Postgres server: set DATABASE_URL (the embedded database serves one process)');
      const concurrency = flags.concurrency;
      const { startWorker } = await import('../../jobs/worker.js');
      const handle = await ctx.openDb();
      const worker = await startWorker({
        databaseUrl: ctx.config.databaseUrl,
        handle,
        log: ctx.log,
        dataDir: ctx.config.dataDir,
        fetcher: await fetcherOptions(ctx.config, Boolean(flags.allowPrivate)),
        chromiumPath: ctx.config.chromiumPath,
        limits: { maxBytes: ctx.config.maxDocumentBytes, maxPages: ctx.config.maxPdfPages, timeoutMs: ctx.config.parseTimeoutMs },
        concurrency,
        parallelSites: flags.parallelSites,
      });
      process.stderr.write(`worker ${worker.id} waiting for jobs (Ctrl-C stops)\n`);
      await waitForStop();
      await worker.stop();
      await handle.close();
    });
}
