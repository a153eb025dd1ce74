// Crawls every replica site on a real database: every report found and archived byte for byte, no look-alike taken,
// robots.txt obeyed, each hazard recorded as the right outcome; a second crawl downloads nothing unchanged; a report
// replaced at the same URL is archived as new bytes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CrawlReport } from '../../domain/run-report.js';
import { describeEachDb } from '../helpers/db.js';
import { crawlReplica, HAS_BROWSER, tempDir } from '../helpers/replica-crawl.js';
import { type Replica, startReplica } from '../../replica/server.js';

const SITES_DIR = path.join(import.meta.dirname, '..', '..', 'replica', 'sites');
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const ALL = ['replica-trs', 'replica-trs-gbk', 'replica-hanweb', 'replica-json', 'replica-js', 'replica-blocked'];
const SITES = HAS_BROWSER ? ALL : ALL.filter((s) => s !== 'replica-js');
if (!HAS_BROWSER) process.stderr.write('\n  Chromium not found (CHROMIUM_PATH): the JavaScript-only replica site is left out of the crawl tests.\n\n');

describeEachDb('crawling the replica', (db) => {
  let replica: Replica;
  let dataDir: string;
  let first: CrawlReport;

  beforeAll(async () => {
    replica = await startReplica({ slowMs: 12_000, hugeBytes: 12 * 1024 * 1024 });
    dataDir = tempDir('gongkai-crawl-');
    first = await crawlReplica(db(), replica, dataDir, { only: SITES });
  }, 180_000);

  afterAll(async () => {
    await replica?.close();
  });

  const sources = async () =>
    (
      await db().query<{ url: string; kind: string; sha256: string; list_url: string | null; link_text: string | null; parent_url: string | null }>(
        'select url, kind, sha256, list_url, link_text, parent_url from document_sources',
      )
    ).rows;
  const fetchesOf = async (outcome: string) =>
    (await db().query<{ url: string; site_id: string }>('select url, site_id from fetches where outcome = $1', [outcome])).rows;

  it('finds every report of every site, and only reports', async () => {
    const expected = replica.truth.reports
      .filter((r) => !r.unreachable && SITES.includes(r.site))
      .map((r) => replica.urlOf(r))
      .sort();
    const found = (await sources())
      .filter((s) => s.kind === 'detail' || s.kind === 'file')
      .map((s) => s.url)
      .sort();
    expect(found).toEqual(expected);
    expect(first.totals.reportsFound).toBe(expected.length + 1); // + the report behind a redirect loop
    const lookAlikeUrls = new Set(replica.truth.lookAlikes.map((l) => new URL(`/${l.path}`, replica.sites.find((s) => s.id === l.site)!.origin).toString()));
    const fetched = (await db().query<{ url: string }>('select url from fetches')).rows.map((r) => r.url);
    expect(fetched.filter((u) => lookAlikeUrls.has(u))).toEqual([]);
  });

  it('records each report with its list page and its full title, once even when listed twice', async () => {
    const rows = (await sources()).filter((s) => s.kind === 'detail');
    expect(new Set(rows.map((r) => r.url)).size).toBe(rows.length);
    const report = replica.truth.reports.find((r) => r.site === 'replica-trs' && r.year === 2021)!;
    const row = rows.find((r) => r.url === replica.urlOf(report))!;
    expect(row.link_text).toBe(report.listTitle);
    expect(row.list_url).toMatch(/gknb2021\/(index(_\d)?\.html)?$/);
  });

  it('archives every attachment byte for byte, linked to its detail page', async () => {
    const attachments = (await sources()).filter((s) => s.kind === 'attachment');
    const expected = replica.truth.reports.filter((r) => !r.unreachable && SITES.includes(r.site)).flatMap((r) => r.attachments.map((a) => ({ a, r })));
    expect(attachments).toHaveLength(expected.length);
    for (const { a, r } of expected) {
      const served = fs.readFileSync(
        path.join(
          SITES_DIR,
          r.site,
          a.path.startsWith('module/download/downfile.jsp') ? `module/download/${new URL(`http://x/${a.path}`).searchParams.get('filename')}` : a.path,
        ),
      );
      const row = attachments.find((s) => s.sha256 === sha(served));
      expect(row, `${r.site} ${a.path}`).toBeDefined();
      expect(row!.parent_url).toBe(replica.urlOf(r));
      const archived = fs.readFileSync(path.join(dataDir, 'archive', row!.sha256.slice(0, 2), row!.sha256.slice(2, 4), row!.sha256));
      expect(sha(archived)).toBe(row!.sha256);
    }
  });

  it('archives the pictures of a page whose tables are scans as that page’s images, byte for byte, and no other image', async () => {
    const images = (await sources()).filter((s) => s.kind === 'image');
    const scanned = replica.truth.reports.filter((r) => r.body === 'scanned' && SITES.includes(r.site));
    expect(scanned.map((r) => r.images?.length)).toEqual([3]);
    const expected = scanned.flatMap((r) => r.images!.map((p) => [sha(fs.readFileSync(path.join(SITES_DIR, r.site, p))), replica.urlOf(r)]));
    expect(images.map((s) => [s.sha256, s.parent_url]).sort()).toEqual(expected.sort());
  });

  it('follows OLDSRC when an attachment link is dead, and sends the detail page as Referer', async () => {
    const dead = (await fetchesOf('http_error')).filter((f) => /dead_P0/.test(f.url));
    expect(dead).toHaveLength(1);
    const viaOldsrc = (await sources()).filter((s) => s.kind === 'attachment' && /\/protect\/P0/.test(s.url));
    expect(viaOldsrc).toHaveLength(1);
    expect((await db().query('select 1 from fetches where http_status = 501')).rows).toEqual([]);
  });

  it('obeys robots.txt', async () => {
    expect((await fetchesOf('robots_disallowed')).map((f) => new URL(f.url).pathname)).toEqual(['/zwgk/zfxxgk/zfxxgknb/private/']);
    const hits = [...replica.hits.get('replica-trs')!.keys()].filter((p) => p.includes('/private/'));
    expect(hits).toEqual([]);
  });

  it('records each hazard as what it is', async () => {
    const bySite = Object.fromEntries(first.sites.map((s) => [s.siteId, s]));
    expect(bySite['replica-blocked']!.status).toBe('blocked');
    for (const id of SITES.filter((s) => s !== 'replica-blocked')) expect(bySite[id]!.status).toBe('ok');
    expect((await fetchesOf('blocked')).map((f) => f.site_id)).toEqual(['replica-blocked']);
    expect((await fetchesOf('redirect_loop')).map((f) => new URL(f.url).pathname)).toEqual(['/xxgk/loop/content/post_999.html']);
    if (HAS_BROWSER) expect((await fetchesOf('too_large')).map((f) => new URL(f.url).pathname)).toEqual(['/files/scan-archive.pdf']);
    expect((await fetchesOf('timeout')).map((f) => new URL(f.url).pathname)).toEqual(['/tzzfxxgk/c100004/zn/']);
    expect((await fetchesOf('off_site')).map((f) => new URL(f.url).origin)).toEqual([replica.mirrorOrigin]);
    // The flaky page failed twice with 500 and was fetched on the third attempt.
    const flaky = [...replica.hits.get('replica-hanweb')!.entries()].find(([p]) => p.includes('art_1229_4011103'));
    expect(flaky?.[1]).toBe(3);
  });

  it('reads GBK pages, including one whose header claims UTF-8', async () => {
    const gbk = (await sources()).filter((s) => s.kind === 'detail' && s.url.startsWith(replica.sites.find((x) => x.id === 'replica-trs-gbk')!.origin));
    // Four units' three years, and the township whose tables are scanned pictures (one year).
    expect(gbk).toHaveLength(13);
    expect(gbk.every((s) => /^北京市通州区.+\d{4}年政府信息公开工作年度报告$/.test(s.link_text ?? ''))).toBe(true);
  });

  it('downloads no unchanged document on a second crawl', async () => {
    const second = await crawlReplica(db(), replica, dataDir, { only: SITES });
    expect(second.totals.documentsNew + second.totals.documentsChanged).toBe(0);
    expect(second.totals.documentsUnchanged).toBe(first.totals.documentsNew);
    const documentUrls = new Set((await sources()).map((s) => s.url));
    const refetched = (await db().query<{ url: string }>(`select url from fetches where run_id = $1 and outcome = 'ok'`, [second.runId])).rows.filter((r) =>
      documentUrls.has(r.url),
    );
    expect(refetched).toEqual([]);
    expect(second.totals.bytesDownloaded).toBeLessThan(first.totals.bytesDownloaded * 0.05);
  }, 120_000);

  it('skips report pages fetched in the last week on a nightly crawl, reading only the lists', async () => {
    for (const m of replica.hits.values()) m.clear();
    const seenRows = async () =>
      (
        await db().query<{ url: string; kind: string; final_url: string | null; last_seen_at: Date }>(
          'select url, kind, final_url, last_seen_at from document_sources order by url, sha256',
        )
      ).rows;
    const before = await seenRows();
    const nightlyStart = new Date();
    const nightly = await crawlReplica(db(), replica, dataDir, { only: SITES, recheckAfterMs: 7 * 24 * 3600 * 1000 });
    const after = await seenRows();
    // Each report page not asked for again is recorded as seen now, with its files and pictures, and keeps the final
    // address it was served from (a page seen again used to lose it).
    expect(after.map((r) => [r.url, r.final_url])).toEqual(before.map((r) => [r.url, r.final_url]));
    expect(after.filter((r) => r.final_url === null)).toEqual([]);
    const stale = after.filter((r) => ['detail', 'attachment', 'image'].includes(r.kind) && r.last_seen_at < nightlyStart).map((r) => r.url);
    expect(stale).toEqual([]);
    expect(nightly.totals.errors).toBe(first.totals.errors - (HAS_BROWSER ? 1 : 0)); // the huge attachment is not asked again
    expect(nightly.totals.documentsUnchanged).toBe(nightly.totals.reportsFound - 1); // the loop page was never archived
    const detailPaths = new Set(replica.truth.reports.map((r) => `/${r.detailPath}`));
    const asked = [...replica.hits.values()].flatMap((m) => [...m.keys()]).filter((p) => detailPaths.has(p));
    expect(asked).toEqual(['/xxgk/loop/content/post_999.html']);
  }, 120_000);

  it('archives a report replaced at the same URL as new bytes, keeping the old', async () => {
    replica.setPhase(2);
    const third = await crawlReplica(db(), replica, dataDir, { only: ['replica-trs'] });
    replica.setPhase(1);
    expect(third.totals.documentsChanged).toBe(1);
    const replaced = replica.truth.reports.find((r) => r.replaced)!;
    const rows = (await sources()).filter((s) => s.url === replica.urlOf(replaced));
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(2);
  }, 120_000);

  it('refuses private addresses unless allowed', async () => {
    const report = await crawlReplica(db(), replica, tempDir('gongkai-private-'), { only: ['replica-hanweb'], fetcher: { allowPrivate: false } });
    expect(report.sites[0]!.status).toBe('unreachable');
    expect(report.sites[0]!.errorsByOutcome.private_address).toBeGreaterThan(0);
  });
});
