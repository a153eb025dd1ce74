// `gongkai sites check`: probes one site without storing anything — reachable? robots? which CMS? how many list
// pages and reports can discovery see? Same fetcher and patterns as a crawl, nothing written.
import type { Logger } from 'pino';
import { decodeText } from '../domain/decode-text.js';
import { FetchError } from './errors.js';
import { Fetcher, type FetcherOptions, NO_STORE } from './fetch/fetcher.js';
import { sha256 } from './fetch/archive.js';
import { LocalPoliteness } from './fetch/politeness.js';
import { detectCms } from './patterns/detect-cms.js';
import { patternOf } from './patterns/index.js';
import { overridesOf } from './sites/index.js';
import type { ListItem, SiteConfig } from './types.js';

export interface ProbeReport {
  siteId: string;
  reachable: boolean;
  status: 'ok' | 'empty' | 'blocked' | 'disallowed' | 'unreachable';
  cms: string[];
  pagesFetched: number;
  listPages: number;
  reportsFound: number;
  sample: ListItem[];
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
    pagesFetched: 0,
    listPages: 0,
    reportsFound: 0,
    sample: [],
    errors: [],
  };
  const reports = new Map<string, ListItem>();
  const queue: { url: string; depth: number }[] = site.entry.map((url) => ({ url, depth: 0 }));
  const seen = new Set(site.entry);
  const cms = new Set<string>();
  const maxPages = options.maxPages ?? 40;
  const pattern = patternOf(site, overridesOf(site.id));
  let entryOutcomes: string[] = [];
  while (queue.length && report.pagesFetched < maxPages) {
    const { url, depth } = queue.shift()!;
    try {
      const page = await fetcher.fetch({ url });
      report.pagesFetched++;
      report.reachable = true;
      const html = decodeText(page.body, page.contentType).text;
      detectCms(html, page.finalUrl).forEach((c) => cms.add(c));
      const reading = pattern.readList({ text: html, url: page.finalUrl }, site);
      if (reading.items.length) report.listPages++;
      for (const item of reading.items) reports.set(item.url, item);
      for (const next of [
        ...reading.next.filter((n) => (n.method ?? 'GET') === 'GET').map((n) => n.url),
        ...(depth < site.maxDepth ? reading.columns.map((c) => c.url) : []),
      ]) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push({ url: next, depth: reading.next.some((n) => n.url === next) ? depth : depth + 1 });
      }
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      report.errors.push({ url, outcome: err.outcome, message: err.message });
      if (site.entry.includes(url)) entryOutcomes.push(err.outcome);
    }
  }
  report.cms = [...cms];
  report.reportsFound = reports.size;
  report.sample = [...reports.values()].slice(0, 5);
  entryOutcomes = entryOutcomes.length === site.entry.length ? entryOutcomes : [];
  report.status =
    reports.size > 0
      ? 'ok'
      : entryOutcomes.includes('blocked')
        ? 'blocked'
        : entryOutcomes.includes('robots_disallowed')
          ? 'disallowed'
          : entryOutcomes.length
            ? 'unreachable'
            : 'empty';
  return report;
}
