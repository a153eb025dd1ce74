// The site and CMS walker (STYLE.md §5): every site module, every registry entry marked `verified`, and every CMS
// pattern has a fixture folder (test/crawlers/sites/<site-id>/, test/crawlers/patterns/<cms>/) with at least one list
// page and one detail page, and each fixture's reading equals its golden file. Both layouts of docs/contributing.md
// are read: a NAME.source.json per page, or one source.json per folder (the Beijing sites' saved pages).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defineSite } from '../../crawlers/define-site.js';
import { sortDataPage } from '../../crawlers/patterns/data-records.js';
import { CMS_PATTERNS, patternOf } from '../../crawlers/patterns/index.js';
import { judgeShell } from '../../crawlers/patterns/js-shell.js';
import type { Pattern } from '../../crawlers/patterns/pattern.js';
import { overridesOf, SITE_MODULES } from '../../crawlers/sites/index.js';
import type { FoundLink, PageRequest, SiteConfig } from '../../crawlers/types.js';
import { decodeText } from '../../domain/decode-text.js';
import { expectGolden } from '../helpers/golden.js';

const HERE = import.meta.dirname;
const SITES_DIR = path.join(HERE, 'sites');
const PATTERNS_DIR = path.join(HERE, 'patterns');
/** The CMS patterns with readers of their own ('json-api' and 'browser' are other names of gkmlpt and generic). */
const CMS = ['trs', 'hanweb', 'gkmlpt', 'generic'] as const;

/** What a fixture is, as its NAME.source.json says. */
interface Source {
  url: string;
  contentType: string;
  fetchedAt: string;
  /** How the crawler reads it: a list page, a report page, a JavaScript shell, a list API's answer (discovered). */
  read: 'list' | 'detail' | 'shell' | 'data';
  /** For 'data': the request that got it (method, body) and the page whose scripts call it. */
  request?: Pick<PageRequest, 'method' | 'body'>;
  pageUrl?: string;
}

interface Fixture {
  dir: string;
  name: string;
  source: Source;
  bytes: Buffer;
  /** Issue 19's folder layout: one source.json for the folder, list-N / detail-N pages, the pattern's raw reading as golden. */
  whole: boolean;
}

/**
 * A folder's fixtures, in either layout: NAME.<ext> with NAME.source.json per page, or one source.json mapping each
 * file (list-N.html, detail-N.html) to its url and contentType.
 */
function fixturesIn(dir: string): Fixture[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs.readdirSync(dir).sort();
  const own = files
    .filter((f) => f.endsWith('.source.json'))
    .map((f) => {
      const name = f.slice(0, -'.source.json'.length);
      const body = files.find((x) => x.startsWith(`${name}.`) && !x.endsWith('.source.json') && !x.endsWith('.expected.json'));
      if (!body) throw new Error(`${dir}/${f}: no fixture file ${name}.<ext> next to it`);
      const source = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Source;
      return { dir, name, source, bytes: fs.readFileSync(path.join(dir, body)), whole: false };
    });
  const folder = files.includes('source.json')
    ? Object.entries(JSON.parse(fs.readFileSync(path.join(dir, 'source.json'), 'utf8')) as Record<string, Omit<Source, 'read'>>).map(([file, src]) => {
        const read: Source['read'] = file.startsWith('list-') ? 'list' : 'detail';
        return { dir, name: file.replace(/\.[^.]+$/, ''), source: { ...src, read }, bytes: fs.readFileSync(path.join(dir, file)), whole: true };
      })
    : [];
  return [...own, ...folder];
}

const links = (ls: readonly FoundLink[]) => ls.map((l) => ({ url: l.url, title: l.title || l.text }));
const requests = (rs: readonly PageRequest[]) => rs.map((r) => ({ url: r.url, method: r.method ?? 'GET', body: r.body ?? '', kind: r.kind }));

/** A fixture's reading by the pattern the crawler would use: what the golden file holds. */
function reading(f: Fixture, pattern: Pattern, site: SiteConfig): unknown {
  const text = decodeText(f.bytes, f.source.contentType).text;
  const page = { text, url: f.source.url };
  switch (f.source.read) {
    case 'list': {
      const r = pattern.readList(page, site);
      return { items: r.items, next: requests(r.next), columns: links(r.columns), lookAlikes: links(r.lookAlikes), unmatched: r.unmatched.length };
    }
    case 'detail': {
      const r = pattern.readDetail(page, site);
      return { meta: r.meta, attachments: r.attachments };
    }
    case 'shell': {
      const r = pattern.readList(page, site);
      const shell = judgeShell(text, f.source.url, { items: r.items.length, next: r.next.length });
      return { shell, requests: requests(pattern.readShell(page, site)) };
    }
    case 'data': {
      const req: PageRequest = { url: f.source.url, ...f.source.request, kind: 'data' };
      const r = sortDataPage(pattern.readData(page, f.source.pageUrl ?? f.source.url, site), req, true, () => true);
      return {
        items: r.reading.items,
        fragments: r.fragments.map((x) => ({ url: x.url, title: x.record.title, date: x.record.date, attachments: x.record.attachments.map((a) => a.url) })),
        lookAlikes: links(r.reading.lookAlikes),
        next: requests(r.reading.next),
      };
    }
  }
}

/** Registry entries that issue 19 marks as checked against the live site: they must have fixtures too. */
function verifiedRegistrySites(): SiteConfig[] {
  const file = path.join(HERE, '..', '..', 'crawlers', 'sites', 'registry.yaml');
  const doc = parse(fs.readFileSync(file, 'utf8')) as { sites: (Record<string, unknown> & { verified?: boolean | string })[] };
  // issue 19 marks entries `verified: stored pages <month>` (or `unverified`): both a string and `true` count.
  return doc.sites
    .filter((s) => s.verified === true || (typeof s.verified === 'string' && s.verified !== 'unverified'))
    .map((s) =>
      defineSite({
        id: String(s.id),
        name: String(s.name),
        regionCode: String(s.region_code),
        entry: s.entry as string[],
        pattern: (s.pattern as SiteConfig['pattern']) ?? 'generic',
      }),
    );
}

function checkFolder(dir: string, label: string, pattern: Pattern, site: SiteConfig) {
  const fixtures = fixturesIn(dir);
  it(`${label} has a fixture folder with a list page and a detail page`, () => {
    expect(fs.existsSync(dir), `${path.relative(process.cwd(), dir)} is missing (see docs/contributing.md, "Fixtures")`).toBe(true);
    const kinds = new Set(fixtures.map((f) => f.source.read));
    expect(kinds.has('list') || kinds.has('shell') || kinds.has('data'), `${label}: no list fixture`).toBe(true);
    expect(kinds.has('detail'), `${label}: no detail fixture`).toBe(true);
  });
  // Pages of the folder layout are compared with their golden files by test/crawlers/beijing-fixtures.test.ts (issue
  // 19's, with the registry's own site configurations); here they need only be there, each with its golden file.
  const own = fixtures.filter((f) => !f.whole);
  const whole = fixtures.filter((f) => f.whole);
  if (whole.length)
    it(`${label}: every saved page has its golden file`, () => {
      expect(whole.filter((f) => !fs.existsSync(path.join(f.dir, `${f.name}.expected.json`))).map((f) => f.name)).toEqual([]);
    });
  if (own.length)
    it.each(own.map((f) => [f.name, f] as const))(`${label} %s reads as its golden file`, (_name, f) => {
      expectGolden(path.join(f.dir, `${f.name}.expected.json`), reading(f, pattern, site));
    });
}

describe('every site module has fixtures', () => {
  for (const m of SITE_MODULES) checkFolder(path.join(SITES_DIR, m.site.id), m.site.id, patternOf(m.site, overridesOf(m.site.id)), m.site);
});

describe('every verified registry site has fixtures', () => {
  const sites = verifiedRegistrySites();
  it('reads the registry', () => {
    expect(Array.isArray(sites)).toBe(true);
  });
  for (const site of sites) checkFolder(path.join(SITES_DIR, site.id), site.id, patternOf(site, overridesOf(site.id)), site);
});

describe('every CMS pattern has fixtures', () => {
  for (const cms of CMS) {
    // gkmlpt sites name their API; discovery (the shell and data fixtures) reads it without that configuration.
    const api = cms === 'gkmlpt' ? { url: 'http://www.qingxin.example.gov.cn/gkmlpt/api/all/2629?page={page}&sid=755033' } : undefined;
    const site = defineSite({ id: `fixture-${cms}`, name: `fixture ${cms}`, regionCode: '110000', entry: ['https://example.gov.cn/'], pattern: cms, api });
    checkFolder(path.join(PATTERNS_DIR, cms), cms, CMS_PATTERNS[cms], site);
  }

  it('covers every pattern a site may name', () => {
    expect(Object.keys(CMS_PATTERNS).sort()).toEqual(['browser', 'generic', 'gkmlpt', 'hanweb', 'json-api', 'trs']);
  });
});
