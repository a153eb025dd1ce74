// Crawls the discovery replica sites (lists built by JavaScript from JSON APIs, an API of HTML fragments, a list a
// script writes) from their home page alone: every reachable report found, no look-alike, robots.txt obeyed; a second
// crawl asks the remembered APIs directly and starts no browser; without a browser a JS site is 'needs_browser'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlReport } from '../../domain/run-report.js';
import { type Replica, startReplica } from '../../replica/server.js';
import { describeEachDb } from '../helpers/db.js';
import { crawlReplica, HAS_BROWSER, tempDir } from '../helpers/replica-crawl.js';

const SITES = ['replica-gkmlpt', 'replica-vue', 'replica-fragments', 'replica-spa'];

/** The address a report is recorded under: its page, or (a fragment) the API's address and its record id. */
function expectedUrl(replica: Replica, r: Replica['discoveryTruth']['reports'][number]): string {
  const origin = replica.sites.find((s) => s.id === r.site)!.origin;
  return r.kind === 'fragment'
    ? new URL(`/api/cms/content/list#id=${encodeURIComponent(r.recordId!)}`, origin).toString()
    : new URL(`/${r.path}`, origin).toString();
}

/** Requests the replica served for a site whose path starts with `prefix`. */
function served(replica: Replica, site: string, prefix: string): number {
  let n = 0;
  for (const [url, count] of replica.hits.get(site) ?? []) if (url.startsWith(prefix)) n += count;
  return n;
}

describe.runIf(HAS_BROWSER)('discovery of lists built by JavaScript', () => {
  describeEachDb('from the home page, with no configuration', (db) => {
    let replica: Replica;
    let dataDir: string;
    let first: CrawlReport;

    beforeAll(async () => {
      replica = await startReplica({ discovery: true });
      dataDir = tempDir('gongkai-discovery-');
      first = await crawlReplica(db(), replica, dataDir, { only: SITES });
    }, 600_000);
    afterAll(async () => {
      await replica?.close();
    });

    const sources = async (site: string) =>
      (
        await db().query<{ url: string; kind: string; link_text: string | null }>(
          `select s.url, s.kind, s.link_text from document_sources s where s.site_id = $1 and s.kind in ('detail', 'file', 'fragment')`,
          [site],
        )
      ).rows;

    it.each(SITES)('%s: every reachable report found (recall >= 95%%), each site ok', async (site) => {
      const expected = replica.discoveryTruth.reports.filter((r) => r.site === site && !r.unreachable).map((r) => expectedUrl(replica, r));
      expect(expected.length).toBeGreaterThanOrEqual(20);
      const found = new Set((await sources(site)).map((s) => s.url));
      const hit = expected.filter((u) => found.has(u));
      expect(hit.length / expected.length).toBeGreaterThanOrEqual(0.95);
      // Nothing but reports: every source is one of the expected ones.
      expect([...found].filter((u) => !expected.includes(u))).toEqual([]);
      expect(first.sites.find((s) => s.siteId === site)).toMatchObject({ status: 'ok', message: null });
    });

    it('takes no look-alike and asks for nothing robots.txt forbids', async () => {
      const fetched = new Set((await db().query<{ url: string }>(`select url from fetches where outcome <> 'robots_disallowed'`)).rows.map((r) => r.url));
      for (const l of replica.discoveryTruth.lookAlikes.filter((x) => x.path)) {
        const origin = replica.sites.find((s) => s.id === l.site)!.origin;
        expect(fetched.has(new URL(`/${l.path}`, origin).toString()), l.title).toBe(false);
      }
      const lookAlikeRecords = replica.discoveryTruth.lookAlikes.filter((l) => l.recordId).map((l) => l.recordId!);
      const fragments = (await sources('replica-fragments')).map((s) => decodeURIComponent(new URL(s.url).hash.slice('#id='.length)));
      expect(fragments.filter((id) => lookAlikeRecords.includes(id))).toEqual([]);
      for (const f of replica.discoveryTruth.forbidden) expect(served(replica, f.site, f.path), `${f.site} ${f.path}`).toBe(0);
      for (const r of replica.discoveryTruth.reports.filter((x) => x.unreachable === 'robots')) expect(served(replica, r.site, `/${r.path}`)).toBe(0);
    });

    it('archives the reports an API delivers as HTML as documents of their own, with their record titles', async () => {
      const rows = (
        await db().query<{ url: string; link_text: string; sha256: string; format: string }>(
          `select s.url, s.link_text, s.sha256, d.format from document_sources s join documents d using (sha256) where s.kind = 'fragment' order by s.url`,
        )
      ).rows;
      const truth = replica.discoveryTruth.reports.filter((r) => r.kind === 'fragment');
      expect(rows).toHaveLength(truth.length);
      expect(new Set(rows.map((r) => r.sha256)).size).toBe(rows.length);
      expect(rows.every((r) => r.format === 'html')).toBe(true);
      const byUrl = new Map(rows.map((r) => [r.url, r.link_text]));
      for (const r of truth) expect(byUrl.get(expectedUrl(replica, r))).toBe(r.title);
    });

    it('renders only the pages whose lists are built by script, and remembers the APIs they called', async () => {
      const rendered = Object.fromEntries(first.sites.map((s) => [s.siteId, s.pagesRendered]));
      // gkmlpt's API is named in its sources: no browser needed even the first time.
      expect(rendered['replica-gkmlpt']).toBe(0);
      expect(rendered['replica-vue']).toBeGreaterThan(0);
      expect(rendered['replica-fragments']).toBeGreaterThan(0);
      const apis = (await db().query<{ site_id: string; method: string; url: string }>('select site_id, method, url from site_list_apis order by site_id, url'))
        .rows;
      expect(apis.map((a) => [a.site_id, a.method, new URL(a.url).pathname])).toEqual(
        expect.arrayContaining([
          ['replica-fragments', 'POST', '/api/cms/content/list'],
          ['replica-vue', 'GET', '/api/zwgk/articles'],
        ]),
      );
    });

    it('a second nightly crawl of the API sites calls the APIs directly and starts no browser', async () => {
      const bundleBefore = served(replica, 'replica-vue', '/static/js/') + served(replica, 'replica-fragments', '/static/js/');
      const second = await crawlReplica(db(), replica, dataDir, { only: ['replica-vue', 'replica-fragments'], recheckAfterMs: 3_600_000 });
      for (const s of second.sites) {
        expect(s).toMatchObject({ status: 'ok', pagesRendered: 0 });
        expect(s.reportsFound).toBe(first.sites.find((f) => f.siteId === s.siteId)!.reportsFound);
      }
      // A browser would have loaded the pages' script bundles again.
      expect(served(replica, 'replica-vue', '/static/js/') + served(replica, 'replica-fragments', '/static/js/')).toBe(bundleBefore);
    });
  });
});

describeEachDb('a JavaScript-built list without a browser', (db) => {
  let replica: Replica;
  let report: CrawlReport;

  beforeAll(async () => {
    replica = await startReplica({ discovery: true });
    report = await crawlReplica(db(), replica, tempDir('gongkai-nobrowser-'), {
      only: ['replica-vue', 'replica-gkmlpt'],
      chromiumPath: '/nonexistent/chromium',
    });
  }, 400_000);
  afterAll(async () => {
    await replica?.close();
  });

  it('is a failure that says it needs a browser, not an empty site; a known API is still read', async () => {
    const vue = report.sites.find((s) => s.siteId === 'replica-vue')!;
    expect(vue.status).toBe('needs_browser');
    expect(vue.message).toMatch(/built by JavaScript could not be read: no browser/);
    expect(vue.errorsByOutcome.needs_browser).toBeGreaterThan(0);
    expect(report.sites.find((s) => s.siteId === 'replica-gkmlpt')).toMatchObject({ status: 'ok', pagesRendered: 0 });
    expect(report.byStatus).toMatchObject({ ok: 1, needs_browser: 1 });
  });
});
