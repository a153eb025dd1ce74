// The Beijing sites' saved pages (test/crawlers/sites/<site-id>/: the replica's pages at the real URLs of
// shared/registry/beijing.yaml, copied here as beijing-evidence.yaml) read by each site's own pattern, compared with
// their golden readings; the registry checked against that evidence: every stored report URL on a site's own hosts
// lies under one of its entries, its hosts are listed, its 年报 columns are entries, its evidence mark is right.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isSiteHost } from '../../crawlers/define-site.js';
import { patternOf } from '../../crawlers/patterns/index.js';
import { originalOfMirror } from '../../crawlers/patterns/mirror-url.js';
import { loadRegistry } from '../../crawlers/registry.js';
import { overridesOf } from '../../crawlers/sites/index.js';
import { decodeText } from '../../domain/decode-text.js';
import { expectGolden } from '../helpers/golden.js';
import { tempDir } from '../helpers/replica-crawl.js';
import { FIXTURES_DIR, writeFixtures } from '../helpers/write-beijing-fixtures.js';

interface Evidence {
  aggregators: EvidenceEntry[];
  districts: EvidenceEntry[];
}
interface EvidenceEntry {
  id: string;
  unverified?: boolean;
  hosts: string[];
  report_urls_seen: { year: number; agency: string; url: string }[];
  columns_seen: { url: string; seen_as: string }[];
  registry_entry_ok: string;
}

const evidence = parse(fs.readFileSync(path.join(import.meta.dirname, 'beijing-evidence.yaml'), 'utf8')) as Evidence;
const entries = [...evidence.aggregators, ...evidence.districts];
const registry = loadRegistry();
const folders = fs.readdirSync(FIXTURES_DIR).filter((f) => fs.statSync(path.join(FIXTURES_DIR, f)).isDirectory());
/** 'www.bjhd.gov.cn (http and https)' → the host. */
const hostOf = (h: string) => h.split(' ')[0]!.toLowerCase();

function readings(siteId: string) {
  const site = registry.get(siteId)!;
  const pattern = patternOf(site, overridesOf(siteId));
  const dir = path.join(FIXTURES_DIR, siteId);
  const source = JSON.parse(fs.readFileSync(path.join(dir, 'source.json'), 'utf8')) as Record<string, { url: string; contentType: string }>;
  return Object.entries(source).map(([file, { url, contentType }]) => {
    const text = decodeText(fs.readFileSync(path.join(dir, file)), contentType).text;
    return { file, url, reading: file.startsWith('list-') ? pattern.readList({ text, url }, site) : pattern.readDetail({ text, url }, site) };
  });
}

describe('the Beijing sites’ saved pages', () => {
  it('has a fixture folder for every entry of the evidence with stored report URLs, and none other', () => {
    expect(folders.sort()).toEqual(
      entries
        .filter((e) => e.report_urls_seen.length)
        .map((e) => e.id)
        .sort(),
    );
  });

  it('holds exactly what the replica serves at those URLs', () => {
    const fresh = tempDir('gongkai-bj-fixtures-');
    writeFixtures(fresh);
    for (const siteId of folders)
      for (const file of fs.readdirSync(path.join(FIXTURES_DIR, siteId)).filter((f) => !f.endsWith('.expected.json')))
        expect(fs.readFileSync(path.join(fresh, siteId, file)).equals(fs.readFileSync(path.join(FIXTURES_DIR, siteId, file))), `${siteId}/${file}`).toBe(true);
    for (const siteId of folders)
      expect(fs.readdirSync(path.join(fresh, siteId)).sort(), siteId).toEqual(
        fs
          .readdirSync(path.join(FIXTURES_DIR, siteId))
          .filter((f) => !f.endsWith('.expected.json'))
          .sort(),
      );
  }, 60_000);

  it.each(folders)('%s: every page read by the site’s pattern as its golden file says', (siteId) => {
    for (const { file, reading } of readings(siteId)) expectGolden(path.join(FIXTURES_DIR, siteId, file.replace(/\.html$/, '.expected.json')), reading);
  });

  it.each(entries.filter((e) => e.report_urls_seen.length).map((e) => e.id))('%s: its lists lead to every report URL stored from it', (siteId) => {
    const found = new Set(
      [siteId, 'beijing-municipal'].flatMap((id) =>
        readings(id).flatMap(({ reading }) => ('items' in reading ? reading.items.flatMap((i) => [i.url, ...(i.alsoAt ?? [])]) : [])),
      ),
    );
    const https = (u: string) => u.replace(/^http:/, 'https:').replace('//www.Bjdx', '//www.bjdx');
    const normalised = new Set([...found].map(https));
    // A copy stored only through the big5 gateway (房山 2016, 延庆 2019) is reached as the page it mirrors: the
    // crawler reads a gateway URL as its original and never crawls the mirror as a site of its own.
    const reached = (u: string) => normalised.has(https(u)) || normalised.has(https(originalOfMirror(u) ?? u));
    const missing = entries.find((e) => e.id === siteId)!.report_urls_seen.filter((r) => !reached(r.url));
    expect(missing).toEqual([]);
  });
});

describe('the registry against the evidence', () => {
  it.each(entries.map((e) => e.id))('%s: hosts, entries under which every stored report lies, 年报 columns, evidence mark', (id) => {
    const e = entries.find((x) => x.id === id)!;
    const site = registry.get(id)!;
    expect(site.verified).toBe(e.unverified ? 'unverified' : 'stored pages 2026-11');
    for (const h of e.hosts) expect(isSiteHost(site.hosts, hostOf(h)), `${id}: host ${h}`).toBe(true);
    // A report on the site's own hosts lies under a non-root entry: a crawl starting there reaches it.
    const own = e.report_urls_seen.filter((r) => isSiteHost(site.hosts, new URL(r.url).host));
    for (const r of own) {
      const u = new URL(r.url);
      const under = site.entry.some((entry) => {
        const en = new URL(entry);
        const dir = en.pathname.slice(0, en.pathname.lastIndexOf('/') + 1);
        return en.host === u.host && dir !== '/' && u.pathname.startsWith(dir);
      });
      expect(under, `${id}: ${r.url} lies under none of ${site.entry.join(', ')}`).toBe(true);
    }
    // Columns stored from the site's own hosts, and 西城's 年报 page named by a report, are entries.
    const columns = e.columns_seen.filter(
      (c) => isSiteHost(site.hosts, new URL(c.url).host) && (c.seen_as.startsWith('stored') || c.url.endsWith('zfxxgknb.html')),
    );
    for (const c of columns)
      expect(
        site.entry.map((x) => x.replace(/^http:/, 'https:')),
        `${id}: column ${c.url}`,
      ).toContain(c.url.replace(/^http:/, 'https:'));
  });

  it('corrects the entry the evidence found wrong: 海淀 starts on zyk.bjhd.gov.cn, not on the portal', () => {
    const wrong = entries.filter((e) => e.registry_entry_ok === 'no').map((e) => e.id);
    expect(wrong).toEqual(['beijing-haidian']);
    expect(registry.get('beijing-haidian')!.entry[0]).toBe('https://zyk.bjhd.gov.cn/jbdt/auto10489_51767/zfwj_59297/zfwj_59339/');
    expect(registry.get('beijing-haidian')!.entry).not.toContain('https://www.bjhd.gov.cn/');
  });

  it('has the columns the evidence found missing', () => {
    const entriesOf = (id: string) => registry.get(id)!.entry;
    expect(entriesOf('beijing-xicheng')).toContain('https://www.bjxch.gov.cn/zt/xxgkzl/zfxxgknb.html');
    expect(entriesOf('beijing-mentougou').filter((u) => /\/(mtg)?11J0\d\d\/zfxxgknb\/$/.test(u))).toHaveLength(5);
    expect(entriesOf('beijing-huairou')).toContain('https://www.bjhr.gov.cn/zfxxgkzl/gknb/');
    expect(entriesOf('beijing-miyun')).toContain('https://www.bjmy.gov.cn/zwgk/zfxxgk/zfxxgknb/gknb2018/');
    expect(entriesOf('beijing-fengtai')).toEqual(
      expect.arrayContaining(['https://www.bjft.gov.cn/xxfb/xxgk/c100226/', 'http://www.bjft.gov.cn/ftq/c100285r/', 'http://www.bjft.gov.cn/ftq/c100269/']),
    );
    expect(entriesOf('beijing-municipal')).toContain('https://www.beijing.gov.cn/gongkai/zfxxgk/gknb/');
  });
});
