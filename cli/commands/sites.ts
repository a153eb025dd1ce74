// `gongkai sites list|show|check`: the registry, one site in full, and a live probe of one site that stores nothing.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { getContext, withDb } from '../context.js';
import { fetcherOptions, loadSites } from '../crawl-setup.js';
import { UsageError } from '../errors.js';
import { formatTable } from '../format-table.js';
import { integerArg } from '../number-option.js';

export function registerSites(program: Command): void {
  const sites = program.command('sites').description('the site registry').option('--registry <file>', 'a registry YAML file instead of the default one');

  sites
    .command('list')
    .description('list the registry')
    .option('--json', 'as JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const registry = await loadSites(command.optsWithGlobals().registry as string | undefined);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(registry.sites, null, 2)}\n`);
        return;
      }
      const rows = registry.sites.map((s) => [
        s.id,
        s.name,
        s.regionCode ?? '',
        s.pattern,
        s.disabled ? `disabled: ${s.disabled}` : 'enabled',
        s.verified,
        s.hosts.join(' '),
        s.entry[0],
      ]);
      process.stdout.write(
        `${formatTable(['id', 'name', 'region', 'pattern', 'state', 'verified', 'hosts', 'entry'], rows)}\n(${registry.sites.length} sites)\n`,
      );
    });

  sites
    .command('show')
    .description('one site: its configuration and its last crawls')
    .argument('<id>')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const ctx = getContext(command);
      const registry = await loadSites(command.optsWithGlobals().registry as string | undefined);
      const site = registry.get(id);
      if (!site) throw new UsageError(`no site "${id}" in the registry`);
      process.stdout.write(stringify(site));
      await withDb(ctx, async (handle) => {
        const { lastCrawlsOfSite } = await import('../../db/queries/runs.js');
        const rows = await lastCrawlsOfSite(handle, id);
        process.stdout.write(
          rows.length
            ? `\nlast crawls\n${formatTable(
                Object.keys(rows[0]!),
                rows.map((r) => Object.values(r)),
              )}\n`
            : '\nnever crawled\n',
        );
      });
    });

  sites
    .command('check')
    .description('probe one site now (reachable? robots? CMS? list pages and reports?) without storing anything')
    .argument('<id>')
    .option('--max-pages <n>', 'pages to fetch at most', integerArg('--max-pages', 1), 40)
    .option('--allow-private', 'allow private and loopback addresses')
    .option('--json', 'as JSON')
    .action(async (id: string, flags: { maxPages: number; allowPrivate?: boolean; json?: boolean }, command: Command) => {
      const ctx = getContext(command);
      const registry = await loadSites(command.optsWithGlobals().registry as string | undefined);
      const site = registry.get(id);
      if (!site) throw new UsageError(`no site "${id}" in the registry`);
      const { probeSite } = await import('../../crawlers/probe-site.js');
      const report = await probeSite(site, { fetcher: await fetcherOptions(ctx.config, Boolean(flags.allowPrivate)), log: ctx.log, maxPages: flags.maxPages });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `${[
          `${site.id} (${site.name})`,
          `  status        ${report.status}${report.reachable ? '' : ' (no page could be fetched)'}`,
          `  CMS           ${report.cms.join(', ') || 'not recognised'}`,
          `  pages         ${report.pagesFetched} fetched, ${report.listPages} listing reports`,
          `  reports       ${report.reportsFound}`,
          ...report.sample.map((r) => `                ${r.title}`),
          ...report.errors.slice(0, 10).map((e) => `  error         ${e.outcome}: ${e.url} (${e.message})`),
        ].join('\n')}\n`,
      );
      if (report.status !== 'ok') process.exitCode = 1;
    });
}
