// Hanweb (大汉) JCMS lists: the first group of records embedded in the column page as <datastore> XML, further
// groups from POST /module/web/jpage/dataproxy.jsp?startrecord=…&endrecord=…&perpage=… (site-patterns.md §3.2).
// Pure.
import type { FoundLink, PageRequest } from '../types.js';
import { readDetailPage } from './detail-page.js';
import { discoveryReaders } from './discovery.js';
import { readDatastore } from './datastore.js';
import { type Pager, readListPage } from './list-page.js';
import type { Page, Pattern } from './pattern.js';

export function readHanwebColumn(html: string, pageUrl: string): { records: FoundLink[]; next: PageRequest[] } {
  const store = /<datastore>([\s\S]*?)<\/datastore>/.exec(html);
  const records = store ? readDatastore(store[1]!, pageUrl) : [];
  const jpage = /\.jpage\(\s*\{([\s\S]*?)\}\s*\)/.exec(html);
  const param = /var\s+(param_\w+)\s*=\s*\{([\s\S]*?)\}/.exec(html);
  if (!jpage || !param) return { records, next: [] };
  const num = (name: string) => Number(new RegExp(`${name}\\s*:\\s*(\\d+)`).exec(jpage[1]!)?.[1] ?? NaN);
  const total = num('totalRecord');
  const perPage = num('perPage') || 15;
  const groupSize = num('groupSize') || 3;
  const proxy = /proxyUrl\s*:\s*['"]([^'"]+)['"]/.exec(jpage[1]!)?.[1] ?? '/module/web/jpage/dataproxy.jsp';
  // The form body is the param_ object: key:value pairs, values quoted or bare.
  const pairs = [...param[2]!.matchAll(/(\w+)\s*:\s*(?:'([^']*)'|"([^"]*)"|([^,}\s]+))/g)].map((m) => [m[1]!, m[2] ?? m[3] ?? m[4] ?? ''] as const);
  const body = new URLSearchParams(pairs as [string, string][]).toString();
  const group = perPage * groupSize;
  const request = (start: number, end: number, kind: 'hanweb-xml' | 'data'): PageRequest => ({
    url: new URL(`${proxy}?startrecord=${start}&endrecord=${end}&perpage=${perPage}`, pageUrl).toString(),
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', referer: pageUrl },
    kind,
  });
  // The record count is not written into the page (its script fills it in): ask for the next group as a discovered
  // list API, whose <totalrecord> plans the others (or, without one, group after group while records come).
  if (!Number.isFinite(total)) return { records, next: [store ? request(group + 1, 2 * group, 'data') : request(1, group, 'data')] };
  const next: PageRequest[] = [];
  for (let start = store ? group + 1 : 1; start <= Math.min(total, 10_000); start += group)
    next.push(request(start, Math.min(start + group - 1, total), 'hanweb-xml'));
  return { records, next };
}

/** The datastore records embedded in a column page, and the dataproxy requests for the other groups. */
export const hanwebPager: Pager = readHanwebColumn;

/** A dataproxy response (XML records); other kinds of API are not Hanweb's. */
export function readHanwebApi(page: Page, kind: 'hanweb-xml' | 'json'): { links: FoundLink[]; next: PageRequest[] } {
  if (kind !== 'hanweb-xml') throw new Error('this site serves no JSON list API');
  // Hanweb repeats the last record of a group at the start of the next: the crawl's unique keys absorb it.
  return { links: readDatastore(page.text, page.url), next: [] };
}

export const hanweb: Pattern = {
  name: 'hanweb',
  ...discoveryReaders,
  readList: (page) => readListPage(page.text, page.url, [hanwebPager]),
  readDetail: (page) => readDetailPage(page.text, page.url),
  readApi: (page, kind) => readHanwebApi(page, kind),
  entryRequests: () => [],
};
