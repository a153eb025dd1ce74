// `gongkai sites check`: probes a site without storing anything — robots.txt, each entry page, the columns that list
// reports, the reports discovery sees (per year, from their titles), and what differs from what the registry says of
// the site (entries that fail, links to reports on hosts it does not list, no reports where some are expected, an
// `unverified` site that works). Same fetcher and patterns as a crawl; nothing written.
import type { Logger } from 'pino';
import { decodeText } from '../domain/decode-text.js';
import { FetchError } from './errors.js';
import { sha256 } from './fetch/archive.js';
import { Fetcher, type FetcherOptions, NO_STORE } from './fetch/fetcher.js';
import { LocalPoliteness } from './fetch/politeness.js';
import { detectCms } from './patterns/detect-cms.js';
import { patternOf } from './patterns/index.js';
import { titleYear } from './patterns/report-title.js';
import { overridesOf } from './sites/index.js';
import type { ListItem, SiteConfig } from './types.js';

export interface EntryCheck {
  url: string;
  /** 'ok', or the fetch outcome (http_error, robots_disallowed, network_error …). */
  outcome: string;
  message: string | null;
  /** The URL it ended at, when a redirect took it elsewhere. */
  redirectedTo: string | null;
}

export interface ProbeReport {
  siteId: string;
  reachable: boolean;
  status: 'ok' | 'empty' | 'blocked' | 'disallowed' | 'unreachable';
  cms: string[];
  /** robots.txt per origin of the entry pages: allowed (the entry may be fetched), disallowed, unreachable. */
  robots: Record<string, 'allowed' | 'disallowed' | 'unreachable'>;
  entries: EntryCheck[];
  pagesFetched: number;
  listPages: number;
  /** The list pages that listed reports (the site's 年报 columns as discovery found them). */
  columns: string[];
  reportsFound: number;
  /** Reports found per year, read from their titles ('?' for a title without a year). */
  byYear: Record<string, number>;
  sample: ListItem[];
  /** Hosts outside the site's `hosts` that its pages link reports or columns on, with how many links. */
  otherHosts: Record<string, number>;
  /** The page budget ran out before discovery did. */
  truncated: boolean;
  /** What differs from what the registry says of the site, one line each, for a person to act on. */
  differences: string[];
  errors: { url: string; outcome: string; message: string }[];
}

class MemoryArchive {
  private readonly bodies = new Map<string, Buffer>();
  put(bytes: Uint8Array) {
    const sha = sha256(bytes);
    this.bodies.set(sha, Buffer.from(bytes));
    return { sha256: sha, path: '' };
  }
  get(sha: string) {
    return this.bodies.get(sha) ?? null;
  }
  has(sha: string) {
    return this.bodies.has(sha);
  }
}

export async function probeSite(site: SiteConfig, options: { fetcher: FetcherOptions; log: Logger; maxPages?: number }): Promise<ProbeReport> {
  const fetcher = new Fetcher({
    store: NO_STORE,
    archive: new MemoryArchive(),
    politeness: new LocalPoliteness(),
    log: options.log,
    runId: null,
    siteId: site.id,
    domains: site.hosts,
    delayMs: site.delayMs,
    concurrency: 1,
    options: options.fetcher,
  });
  const report: ProbeReport = {
    siteId: site.id,
    reachable: false,
    status: 'empty',
    cms: [],
    robots: {},
    entries: [],
    pagesFetched: 0,
    listPages: 0,
    columns: [],
    reportsFound: 0,
    byYear: {},
    sample: [],
    otherHosts: {},
    truncated: false,
    differences: [],
    errors: [],
  };
  for (const url of site.entry) {
    const origin = new URL(url).origin;
    if (!report.robots[origin]) report.robots[origin] = await fetcher.robotsState(url);
  }
  const reports = new Map<string, ListItem>();
  const queue: { url: string; depth: number }[] = site.entry.map((url) => ({ url, depth: 0 }));
  const seen = new Set(site.entry);
  const cms = new Set<string>();
  const maxPages = options.maxPages ?? 40;
  const pattern = patternOf(site, overridesOf(site.id));
  const offSite = (url: string) => {
    const host = new URL(url).host;
    if (!fetcher.isAllowedHost(host)) report.otherHosts[host] = (report.otherHosts[host] ?? 0) + 1;
    return !fetcher.isAllowedHost(host);
  };
  while (queue.length && report.pagesFetched < maxPages) {
    const { url, depth } = queue.shift()!;
    const isEntry = depth === 0 && site.entry.includes(url);
    try {
      const page = await fetcher.fetch({ url });
      report.pagesFetched++;
      report.reachable = true;
      if (isEntry) report.entries.push({ url, outcome: 'ok', message: null, redirectedTo: page.finalUrl !== url ? page.finalUrl : null });
      const html = decodeText(page.body, page.contentType).text;
      detectCms(html, page.finalUrl).forEach((c) => cms.add(c));
      const reading = pattern.readList({ text: html, url: page.finalUrl }, site);
      const onSite = reading.items.filter((i) => !offSite(i.url));
      if (onSite.length) {
        report.listPages++;
        report.columns.push(url);
      }
      for (const item of onSite) reports.set(item.url, item);
      const nextPages = new Set(reading.next.filter((n) => (n.method ?? 'GET') === 'GET').map((n) => n.url));
      const columns = depth < site.maxDepth ? reading.columns.map((c) => c.url).filter((c) => !offSite(c)) : [];
      for (const next of [...nextPages, ...columns]) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push({ url: next, depth: nextPages.has(next) ? depth : depth + 1 });
      }
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      report.errors.push({ url, outcome: err.outcome, message: err.message });
      if (isEntry) report.entries.push({ url, outcome: err.outcome, message: err.message, redirectedTo: null });
    }
  }
  report.truncated = queue.length > 0;
  report.cms = [...cms];
  report.reportsFound = reports.size;
  for (const item of reports.values()) {
    const year = String(titleYear(item.title) ?? '?');
    report.byYear[year] = (report.byYear[year] ?? 0) + 1;
  }
  report.sample = [...reports.values()].slice(0, 5);
  const entryOutcomes = report.entries.filter((e) => e.outcome !== 'ok').map((e) => e.outcome);
  const allFailed = entryOutcomes.length === site.entry.length;
  report.status =
    reports.size > 0
      ? 'ok'
      : allFailed && entryOutcomes.includes('blocked')
        ? 'blocked'
        : allFailed && entryOutcomes.includes('robots_disallowed')
          ? 'disallowed'
          : allFailed
            ? 'unreachable'
            : 'empty';
  report.differences = differencesOf(site, report);
  return report;
}

/** What a person would change in the registry (or look at on the site), from one probe. */
function differencesOf(site: SiteConfig, r: ProbeReport): string[] {
  const out: string[] = [];
  for (const [origin, state] of Object.entries(r.robots)) if (state !== 'allowed') out.push(`robots.txt of ${origin}: ${state}`);
  for (const e of r.entries) {
    if (e.outcome !== 'ok' && e.outcome !== 'robots_disallowed') out.push(`entry ${e.url}: ${e.outcome}${e.message ? ` (${e.message})` : ''}`);
    if (e.redirectedTo) out.push(`entry ${e.url} redirects to ${e.redirectedTo}`);
  }
  for (const [host, n] of Object.entries(r.otherHosts)) out.push(`${n} report or column link(s) on ${host}, which is not in hosts: add it if it is the site's`);
  if (r.reportsFound === 0 && site.expectReports) out.push('no report found, where the registry expects some');
  else if (r.reportsFound === 0 && site.verified !== 'unverified' && r.status !== 'disallowed')
    out.push(`no report found on a site verified by ${site.verified}`);
  if (r.reportsFound > 0 && site.verified === 'unverified') out.push('reports found on a site marked unverified: check them and mark the entry verified');
  if (r.truncated) out.push(`stopped after ${r.pagesFetched} pages with pages left to read (raise --max-pages)`);
  return out;
}
