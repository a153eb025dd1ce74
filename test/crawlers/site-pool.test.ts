// The pool of site crawlers (crawlers/run.ts): never more sites at once than asked, the biggest sites of the last crawl
// first (sites never crawled before them all), and each host still polite — on the embedded database (a gate kept in
// the process) and on Postgres (host_slots) alike.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defineSite } from '../../crawlers/define-site.js';
import { describeEachDb } from '../helpers/db.js';
import { crawlReplica, replicaSites, tempDir } from '../helpers/replica-crawl.js';
import { type Replica, type RequestTiming, startReplica } from '../../replica/server.js';

const DELAY_MS = 60;

/**
 * How long each request waited after the answer before it, in ms. A redirect is followed at once, within its
 * request's turn (safe-http.ts), so the hop after a 3xx answer is not a new turn.
 */
function gapsOf(times: RequestTiming[]): number[] {
  return times.slice(1).flatMap((t, i) => (times[i]!.status >= 300 && times[i]!.status < 400 ? [] : [t.arrivedAt - times[i]!.answeredAt]));
}

describeEachDb('the pool of site crawlers', (db) => {
  let replica: Replica;

  beforeAll(async () => {
    replica = await startReplica({ slowMs: 0, delayMs: DELAY_MS });
  });

  afterAll(async () => {
    await replica?.close();
  });

  const siteCrawls = async (runId: number) =>
    (
      await db().query<{ site_id: string; started: number; finished: number; requests: number }>(
        `select site_id, extract(epoch from started_at) * 1000 as started, extract(epoch from finished_at) * 1000 as finished, requests
         from site_crawls where run_id = $1 order by started_at, id`,
        [runId],
      )
    ).rows.map((r) => ({ ...r, started: Number(r.started), finished: Number(r.finished) }));

  it('crawls at most --parallel-sites sites at once, each host at its delay after the last answer', async () => {
    for (const t of replica.timings.values()) t.length = 0;
    const sites = ['replica-trs', 'replica-trs-gbk', 'replica-hanweb', 'replica-json'];
    const report = await crawlReplica(db(), replica, tempDir('gongkai-pool-'), { only: sites, parallelSites: 2 });
    expect(report.sites.map((s) => [s.siteId, s.status]).sort()).toEqual(sites.map((id) => [id, 'ok']).sort());
    const crawls = await siteCrawls(report.runId);
    expect(crawls).toHaveLength(4);
    // How many site crawls were under way when each one started (itself included).
    const atOnce = crawls.map((c) => crawls.filter((o) => o.started <= c.started && o.finished > c.started).length);
    expect(Math.max(...atOnce)).toBe(2);
    for (const id of sites) {
      const times = replica.timings.get(id)!;
      expect(times.length).toBeGreaterThan(10);
      // Each request came at least the delay after the answer before it (1 ms for the clock's and timers' rounding).
      expect(Math.min(...gapsOf(times)), id).toBeGreaterThanOrEqual(DELAY_MS - 1);
    }
  }, 120_000);

  it('starts sites never crawled first, then the biggest of their last crawl', async () => {
    const dataDir = tempDir('gongkai-pool-order-');
    const first = await crawlReplica(db(), replica, dataDir, { only: ['replica-trs', 'replica-hanweb', 'replica-trs-gbk'] });
    const requests = new Map(first.sites.map((s) => [s.siteId, s.requests]));
    // The three differ in size, so the order below is the sizes' and not the registry's.
    expect(new Set(requests.values()).size).toBe(3);
    const bySize = ['replica-trs', 'replica-hanweb', 'replica-trs-gbk'].sort((a, b) => requests.get(b)! - requests.get(a)!);

    // A site this database has never crawled (the replica's JSON site under a new name).
    const json = replicaSites(replica, ['replica-json'])[0]!;
    const fresh = defineSite({ ...json, id: 'replica-json-fresh' });
    const given = ['replica-trs-gbk', 'replica-json-fresh', 'replica-hanweb', 'replica-trs'];
    const second = await crawlReplica(db(), replica, dataDir, {
      sites: given.map((id) => (id === fresh.id ? fresh : replicaSites(replica, [id])[0]!)),
      parallelSites: 1,
      recheckAfterMs: 0,
    });
    expect((await siteCrawls(second.runId)).map((c) => c.site_id)).toEqual(['replica-json-fresh', ...bySize]);
  }, 120_000);

  it('keeps one host polite across sites that share it', async () => {
    const trs = replicaSites(replica, ['replica-trs'])[0]!;
    // A second site on the same host (a department's column on its county's portal), crawled at the same time.
    const twin = defineSite({ id: 'replica-trs-twin', name: trs.name, regionCode: trs.regionCode, entry: trs.entry, delayMs: DELAY_MS });
    const times = replica.timings.get('replica-trs')!;
    times.length = 0;
    const report = await crawlReplica(db(), replica, tempDir('gongkai-pool-host-'), { sites: [trs, twin], recheckAfterMs: 0 });
    expect(report.sites.map((s) => s.status)).toEqual(['ok', 'ok']);
    expect(times.length).toBeGreaterThan(20);
    expect(Math.min(...gapsOf(times))).toBeGreaterThanOrEqual(DELAY_MS - 1);
  }, 120_000);
});
