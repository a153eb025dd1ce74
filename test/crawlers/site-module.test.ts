// What a site's configuration and module change in its crawl: a site module's own readers replace its CMS
// pattern's, and a site the registry (or an earlier crawl) expects reports from that yields none has failed rather
// than come up empty.
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { crawlSite } from '../../crawlers/crawl-site.js';
import { defineSite } from '../../crawlers/define-site.js';
import { Archive } from '../../crawlers/fetch/archive.js';
import { Politeness } from '../../crawlers/fetch/politeness.js';
import { patternOf } from '../../crawlers/patterns/index.js';
import { trs } from '../../crawlers/patterns/trs.js';
import { overridesOf } from '../../crawlers/sites/index.js';
import { createRun, upsertSites } from '../../db/queries/runs.js';
import type { SiteConfigInput } from '../../crawlers/types.js';
import { type Replica, startReplica } from '../../replica/server.js';
import { describeEachDb } from '../helpers/db.js';
import { TEST_FETCHER, tempDir } from '../helpers/replica-crawl.js';

let replica: Replica;

beforeAll(async () => {
  replica = await startReplica({ slowMs: 0 });
});

afterAll(async () => {
  await replica?.close();
});

it('crawls with the CMS pattern the configuration names, with the site module’s readers in its place', () => {
  const site = defineSite({ id: 'beijing-x', name: '北京市某区人民政府', regionCode: '110118', entry: ['https://x.gov.cn/'], pattern: 'trs' });
  const readList = () => ({ items: [], next: [], columns: [], unmatched: [], lookAlikes: [] });
  expect(patternOf(site)).toEqual(trs);
  expect(patternOf(site, { readList })).toEqual({ ...trs, readList });
  // beijing-miyun's module keeps TRS's readers: it overrides none.
  expect(overridesOf('beijing-miyun')).toEqual({});
});

describeEachDb('a site crawl', (db) => {
  const crawl = (config: SiteConfigInput, pattern?: Parameters<typeof crawlSite>[1]['pattern'], runId: number | null = null) => {
    const dataDir = tempDir('gongkai-site-module-');
    return crawlSite(defineSite(config), {
      db: db().db,
      archive: new Archive(path.join(dataDir, 'archive')),
      politeness: new Politeness(db().db),
      log: pino({ level: 'silent' }),
      runId,
      fetcher: TEST_FETCHER,
      queueDir: path.join(dataDir, 'queues'),
      recheckAfterMs: 0,
      pattern,
    });
  };
  const trsSite = () => replica.sites.find((s) => s.id === 'replica-trs')!.config;

  const pdfsAsked = () => [...(replica.hits.get('replica-trs')?.keys() ?? [])].filter((p) => /\.pdf$/.test(p));

  it('reads detail pages with a site module’s own reader when it has one', async () => {
    for (const m of replica.hits.values()) m.clear();
    const normal = await crawl(trsSite());
    expect(pdfsAsked().length).toBeGreaterThan(0);
    for (const m of replica.hits.values()) m.clear();
    // A reader that finds no attachments: the crawl asks for the report pages and for nothing they link to.
    const own = await crawl(trsSite(), { ...trs, readDetail: (page, site) => ({ ...trs.readDetail(page, site), attachments: [] }) });
    expect(own.reportsFound).toBe(normal.reportsFound);
    expect(pdfsAsked()).toEqual([]);
  });

  it.each([
    [true, 'failed', 'no reports found, where the registry expects some'],
    [false, 'empty', 'no reports found'],
  ])('reports a site without reports (expectReports %s) as %s', async (expectReports, status, message) => {
    // The portal page alone (no columns followed): it lists no report.
    const summary = await crawl({ ...trsSite(), id: `replica-none-${expectReports}`, maxDepth: 0, expectReports });
    expect([summary.reportsFound, summary.status, summary.message]).toEqual([0, status, message]);
  });

  it('reports a site that yielded reports in an earlier crawl and none now as failed, not empty', async () => {
    const id = 'replica-went-dark';
    await upsertSites(db().db, [{ id, name: id, regionCode: null, config: {}, enabled: true, disabledReason: null }]);
    // Recorded crawls (the earlier one is what the rule reads).
    const run = () => createRun(db().db, { kind: 'crawl', trigger: 'test', options: {}, host: 'test', pid: process.pid });
    const before = await crawl({ ...trsSite(), id, expectReports: false }, undefined, await run());
    expect(before.status).toBe('ok');
    // The same site, now showing no report (its columns not followed).
    const now = await crawl({ ...trsSite(), id, maxDepth: 0, expectReports: false }, undefined, await run());
    expect([now.reportsFound, now.status, now.message]).toEqual([0, 'failed', `no reports found, where an earlier crawl found ${before.reportsFound}`]);
  });
});
