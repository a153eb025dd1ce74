// Writes the Beijing sites' saved-page fixtures (test/crawlers/sites/<site-id>/) from the Beijing replica: for each
// registry entry whose evidence lists report URLs, the list pages holding those reports and two report pages, as the
// replica serves them, with source.json (url, fetchedAt, contentType per file). Run: npx tsx test/helpers/write-beijing-fixtures.ts
import fs from 'node:fs';
import path from 'node:path';
import { type BeijingReport, beijingPages, keyOf, MUNICIPAL_COPIES, REPORTS_BY_SITE, type ServedPage } from '../../replica/beijing/pages.js';
import { big5Copy } from '../../replica/beijing/server.js';
import { patternOf } from '../../crawlers/patterns/index.js';
import { loadRegistry } from '../../crawlers/registry.js';
import { overridesOf } from '../../crawlers/sites/index.js';

export const FIXTURES_DIR = path.join(import.meta.dirname, '..', 'crawlers', 'sites');
const FETCHED_AT = '2026-11-30T00:00:00Z';

/** Sites whose stored reports are only beijing.gov.cn's copies: their fixtures are those copies' pages. */
const COPIES_OF: Record<string, string> = {
  'beijing-fangshan': '北京市房山区人民政府',
  'beijing-changping': '北京市昌平区人民政府',
  'beijing-yanqing': '北京市延庆区人民政府',
};
/** The copies seen only through the big5 gateway (延庆 2019): served and saved at the gateway's URL. */
const BIG5_SEEN = new Set(['https://www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2019nb/qzf/202103/t20210310_2303773.html']);

function reportsOf(siteId: string): BeijingReport[] {
  const agency = COPIES_OF[siteId];
  return agency ? MUNICIPAL_COPIES.filter((r) => r.agency === agency) : REPORTS_BY_SITE[siteId]!;
}

export function writeFixtures(root = FIXTURES_DIR): string[] {
  const pages = beijingPages();
  const registry = loadRegistry();
  const written: string[] = [];
  for (const siteId of [...Object.keys(REPORTS_BY_SITE), ...Object.keys(COPIES_OF)]) {
    const site = registry.get(siteId)!;
    const pattern = patternOf(site, overridesOf(siteId));
    const reports = reportsOf(siteId);
    const wanted = new Set(reports.map((r) => keyOf(r.url)));
    const dir = path.join(root, siteId);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const source: Record<string, { url: string; fetchedAt: string; contentType: string }> = {};
    const save = (name: string, page: ServedPage, body = page.body) => {
      fs.writeFileSync(path.join(dir, name), body);
      source[name] = { url: page.url, fetchedAt: FETCHED_AT, contentType: page.contentType };
    };
    // The list pages (of any site) whose entries include this site's reports, in the order the replica builds them.
    // A link to a report, however written (absolute, ./relative, through the gateway), names its last path segment:
    // pages naming none are not read (reading all 189 pages with each site's pattern takes a minute).
    const segments = reports.map((r) => new URL(r.url).pathname.split('/').filter(Boolean).at(-1)!);
    let n = 0;
    for (const page of pages.values()) {
      if (!wanted.has(keyOf(page.url)) && !segments.some((s) => page.body.includes(s))) continue;
      const items = pattern.readList({ text: page.body, url: page.url }, site).items;
      if (items.some((i) => wanted.has(keyOf(i.url)))) save(`list-${++n}.html`, page);
    }
    // Two report pages: the first and the last of the site's stored reports (a big5-only copy as the gateway serves it).
    const details = reports.length > 1 ? [reports[0]!, reports.at(-1)!] : reports;
    details.forEach((r, i) => {
      const page = pages.get(keyOf(r.url))!;
      if (BIG5_SEEN.has(r.url)) {
        const u = new URL(r.url);
        save(`detail-${i + 1}.html`, { ...page, url: `${u.protocol}//${u.host}/gate/big5/${u.host}${u.pathname}` }, big5Copy(page, u.host));
      } else save(`detail-${i + 1}.html`, page);
    });
    const sorted = Object.fromEntries(
      Object.keys(source)
        .sort()
        .map((k) => [k, source[k]]),
    );
    fs.writeFileSync(path.join(dir, 'source.json'), `${JSON.stringify(sorted, null, 2)}\n`);
    written.push(siteId);
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.stdout.write(`${writeFixtures().join('\n')}\n`);
}
