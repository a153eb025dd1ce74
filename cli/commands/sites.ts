// `gongkai sites list|show|check`: the registry, one site in full, and a live probe of one site (or all of them, as
// one table of what differs from the registry) that stores nothing.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { getContext, withDb } from '../context.js';
import { fetcherOptions, loadSites } from '../crawl-setup.js';
import { UsageError } from '../errors.js';
import { formatTable } from '../format-table.js';
import { integerArg } from '../number-option.js';
import type { ProbeReport } from '../../crawlers/probe-site.js';
import type { SiteConfig } from '../../crawlers/types.js';

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
    .description('probe sites now (robots, entry pages, columns and reports per year, what differs from the registry) without storing anything')
    .argument('[id]', 'the site to check (or --all)')
    .option('--all', 'check every enabled site of the registry and print one table')
    .option('--max-pages <n>', 'pages to fetch at most per site', integerArg('--max-pages', 1), 40)
    .option('--allow-private', 'allow private and loopback addresses')
    .option('--connect-to <host:port>', 'connect every request to this loopback address (the local replica of the real sites)')
    .option('--json', 'as JSON')
    .action(
      async (
        id: string | undefined,
        flags: { all?: boolean; maxPages: number; allowPrivate?: boolean; connectTo?: string; json?: boolean },
        command: Command,
      ) => {
        const ctx = getContext(command);
        const registry = await loadSites(command.optsWithGlobals().registry as string | undefined);
        if (Boolean(id) === Boolean(flags.all)) throw new UsageError('name one site, or --all');
        if (flags.connectTo && !flags.allowPrivate) throw new UsageError('--connect-to needs --allow-private');
        const chosen = flags.all ? registry.enabled() : [registry.get(id!)];
        if (!chosen[0]) throw new UsageError(`no site "${id}" in the registry`);
        const { probeSite } = await import('../../crawlers/probe-site.js');
        const fetcher = { ...(await fetcherOptions(ctx.config, Boolean(flags.allowPrivate))), ...(flags.connectTo ? { connectTo: flags.connectTo } : {}) };
        const { default: pLimit } = await import('p-limit');
        const limit = pLimit(4);
        const reports = await Promise.all(
          (chosen as SiteConfig[]).map((site) => limit(() => probeSite(site, { fetcher, log: ctx.log, maxPages: flags.maxPages }))),
        );
        if (flags.json) process.stdout.write(`${JSON.stringify(flags.all ? reports : reports[0], null, 2)}\n`);
        else process.stdout.write(flags.all ? checkTable(reports) : checkOne(chosen[0], reports[0]!));
        if (reports.some((r) => r.status !== 'ok')) process.exitCode = 1;
      },
    );
}

/** One site in full: its state, robots, entries, columns, reports per year and what differs from the registry. */
function checkOne(site: SiteConfig, report: ProbeReport): string {
  return `${[
    `${site.id} (${site.name})`,
    `  status        ${report.status}${report.reachable ? '' : ' (no page could be fetched)'}`,
    `  robots.txt    ${Object.entries(report.robots)
      .map(([o, s]) => `${o} ${s}`)
      .join('; ')}`,
    ...report.entries.map((e) => `  entry         ${e.outcome}  ${e.url}${e.redirectedTo ? ` → ${e.redirectedTo}` : ''}`),
    `  CMS           ${report.cms.join(', ') || 'not recognised'}`,
    `  pages         ${report.pagesFetched} fetched, ${report.listPages} listing reports`,
    ...report.columns.map((c) => `  column        ${c}`),
    `  reports       ${report.reportsFound}${report.reportsFound ? ` (${yearsText(report)})` : ''}`,
    ...report.sample.map((r) => `                ${r.title}`),
    ...report.differences.map((d) => `  differs       ${d}`),
    ...report.errors.slice(0, 10).map((e) => `  error         ${e.outcome}: ${e.url} (${e.message})`),
  ].join('\n')}\n`;
}

const yearsText = (r: ProbeReport) =>
  Object.entries(r.byYear)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([y, n]) => `${y}:${n}`)
    .join(' ');

/** Every site on one line, then each site's differences from the registry: what a person would go and fix. */
function checkTable(reports: ProbeReport[]): string {
  const rows = reports.map((r) => [
    r.siteId,
    r.status,
    [...new Set(Object.values(r.robots))].join('/'),
    `${r.entries.filter((e) => e.outcome === 'ok').length}/${r.entries.length} ok`,
    r.columns.length,
    r.reportsFound,
    yearsText(r),
    r.differences.length,
  ]);
  const table = formatTable(['site', 'state', 'robots', 'entries', 'columns', 'reports', 'per year', 'differs'], rows, { maxCellWidth: 80 });
  const notes = reports
    .filter((r) => r.differences.length)
    .map((r) => `${r.siteId}\n${r.differences.map((d) => `  - ${d}`).join('\n')}`)
    .join('\n');
  const bad = reports.filter((r) => r.status !== 'ok').length;
  return `${table}\n(${reports.length} sites, ${reports.length - bad} ok)\n${notes ? `\nwhat differs from the registry\n${notes}\n` : ''}`;
}
