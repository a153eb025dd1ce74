// The shipped registry crawled end to end against the Beijing replica (replica/beijing: the report URLs stored from
// the real sites, served under their real host names on loopback): every site finds exactly its stored reports on the
// real URL shapes, unverified sites are recorded as unreachable and 顺义 as disallowed; loading reads each report's
// year from its title (a re-posted report keeps its year) and loads a report found in three places once.
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadRegistry } from '../../crawlers/registry.js';
import { reportSources } from '../../db/queries/reports.js';
import type { RunReport } from '../../domain/run-report.js';
import { collect } from '../../jobs/collect.js';
import { inProcessQueue } from '../../jobs/work-queue.js';
import { BIG5_LINKED, type BeijingReport, CHAOYANG, DONGCHENG, MUNICIPAL_COPIES, REPORTS_BY_SITE } from '../../replica/beijing/pages.js';
import { type BeijingReplica, startBeijingReplica } from '../../replica/beijing/server.js';
import { describeEachDb } from '../helpers/db.js';
import { CHROMIUM_PATH, TEST_FETCHER, TEST_LIMITS, tempDir } from '../helpers/replica-crawl.js';

/** The scheme is not part of a page's identity here: the real sites serve the same paths over http and https. */
const https = (url: string) => url.replace(/^http:/, 'https:');

describeEachDb('the Beijing registry on the replica of the real sites', (db) => {
  let replica: BeijingReplica;
  let report: RunReport;
  const log = pino({ level: 'silent' });
  const registry = loadRegistry();

  beforeAll(async () => {
    replica = await startBeijingReplica();
    const dataDir = tempDir('gongkai-beijing-');
    const queue = inProcessQueue({
      handle: db(),
      log,
      dataDir,
      // 17 sites crawl at once beside the tests' other work: a page the replica is slow to serve is not a site that failed.
      fetcher: { ...TEST_FETCHER, retries: 0, timeoutMs: 30_000, connectTo: replica.address },
      chromiumPath: CHROMIUM_PATH,
      limits: TEST_LIMITS,
    });
    report = await collect({
      handle: db(),
      log,
      kind: 'run',
      trigger: 'test',
      queue,
      sites: registry.enabled().map((s) => ({ ...s, delayMs: 0 })),
      recheckAfterMs: 0,
    });
  }, 600_000);

  afterAll(async () => {
    await replica?.close();
  });

  const sourcesOf = async (siteId: string) =>
    (await db().query<{ url: string }>(`select distinct url from document_sources where site_id = $1 and kind = 'detail' order by url`, [siteId])).rows.map(
      (r) => r.url,
    );

  it('finds on every verified site exactly the reports stored from it, at their real URLs', async () => {
    for (const [siteId, reports] of Object.entries(REPORTS_BY_SITE)) {
      const expected = new Set(reports.map((r) => https(r.url)));
      // The copies linked through the big5 gateway too: the mirror URL is one more place of the same document.
      if (siteId === 'beijing-municipal') for (const r of MUNICIPAL_COPIES) if (BIG5_LINKED.has(r.url)) expected.add(mirrorOf(r));
      expect({ siteId, urls: [...new Set((await sourcesOf(siteId)).map(https))].sort() }).toEqual({ siteId, urls: [...expected].sort() });
    }
  });

  it('records each site’s state: reports found, unreachable where no page was ever seen, 顺义 disallowed by robots.txt', () => {
    const states = Object.fromEntries(report.crawl.sites.map((s) => [s.siteId, s.status]));
    expect(states).toEqual({
      'beijing-changping': 'unreachable',
      'beijing-chaoyang': 'ok',
      'beijing-daxing': 'ok',
      'beijing-dongcheng': 'ok',
      'beijing-fangshan': 'unreachable',
      'beijing-fengtai': 'ok',
      'beijing-haidian': 'ok',
      'beijing-huairou': 'ok',
      'beijing-mentougou': 'ok',
      'beijing-miyun': 'ok',
      'beijing-municipal': 'ok',
      'beijing-pinggu': 'unreachable',
      'beijing-shijingshan': 'ok',
      'beijing-shunyi': 'disallowed',
      'beijing-tongzhou': 'ok',
      'beijing-xicheng': 'ok',
      'beijing-yanqing': 'unreachable',
    });
    expect(report.process.failed).toBe(0);
  });

  it('loads one current report per agency and year stored, the year read from the title', async () => {
    const expected = new Set(Object.values(REPORTS_BY_SITE).flatMap((rs) => rs.map((r) => `${r.agency} ${r.year}`)));
    const { rows } = await db().query<{ k: string; n: number }>(
      `select r.agency_name_raw || ' ' || r.year as k, count(*)::int as n from reports r where r.is_current group by 1 order by 1`,
    );
    expect(rows.map((r) => r.k).sort()).toEqual([...expected].sort());
    const { rows: versions } = await db().query<{ n: number }>(`select count(*)::int as n from reports`);
    expect(versions[0]!.n).toBe(expected.size);
  });

  it('keeps the year of a report re-posted years later (东城 2018, in 202304/)', async () => {
    const reposted = DONGCHENG.find((r) => r.url.includes('/202304/'))!;
    const { rows } = await db().query<{ year: number; published_at: string }>(
      `select r.year, r.published_at::text from reports r join document_sources s on s.sha256 = r.document_sha256 where s.url = $1`,
      [reposted.url],
    );
    expect(rows).toEqual([{ year: 2018, published_at: '2023-04-18' }]);
  });

  it('loads a report found in three places once, with the three places as its sources', async () => {
    const district = CHAOYANG.find((r) => r.year === 2019)!;
    const copy = MUNICIPAL_COPIES.find((r) => r.agency === '北京市朝阳区人民政府' && r.year === 2019)!;
    const { rows } = await db().query<{ id: number }>(`select id from reports where agency_name_raw = '北京市朝阳区人民政府' and year = 2019`);
    expect(rows).toHaveLength(1);
    const sources = await reportSources(db().db, rows[0]!.id);
    expect(sources.map((s) => [s.url, s.siteId]).sort()).toEqual(
      [
        [district.url, 'beijing-chaoyang'],
        [copy.url, 'beijing-municipal'],
        [mirrorOf(copy), 'beijing-municipal'],
      ].sort(),
    );
    expect(report.process.loaded.copies).toBeGreaterThanOrEqual(1);
  });

  it('reaches 海淀’s reports on both of its hosts, and a unit’s 年报 column only the unit list leads to', async () => {
    const haidian = (await sourcesOf('beijing-haidian')).map((u) => new URL(u).host);
    expect(new Set(haidian)).toEqual(new Set(['zyk.bjhd.gov.cn', 'xxgk.bjhd.gov.cn']));
    const { rows } = await db().query<{ year: number }>(`select year from reports where agency_name_raw = '北京市海淀区教育委员会'`);
    expect(rows).toEqual([{ year: 2023 }]);
  });

  it('never fetches a page through the big5 gateway: its links are followed to the original', () => {
    expect([...replica.hits.keys()].filter((k) => k.includes('/gate/big5/'))).toEqual([]);
  });

  it('reads two towns’ reports from one column as two agencies (通州 c109617fbd)', async () => {
    const { rows } = await db().query<{ agency_name_raw: string }>(
      `select r.agency_name_raw from reports r join document_sources s on s.sha256 = r.document_sha256 where s.url like '%/c109617fbd/%' order by 1`,
    );
    expect(rows.map((r) => r.agency_name_raw)).toEqual(['北京市通州区宋庄镇人民政府', '北京市通州区永乐店镇人民政府']);
  });
});

function mirrorOf(r: BeijingReport): string {
  const u = new URL(r.url);
  return `${u.protocol}//${u.host}/gate/big5/${u.host}${u.pathname}`;
}
