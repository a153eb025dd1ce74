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
    expect(summary.loaded.unchanged).toBe(summary.documents);
    expect(await counts()).toEqual(before);
    replica = await startReplica();
  }, 300_000);
});
