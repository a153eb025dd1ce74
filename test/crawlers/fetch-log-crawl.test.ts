// A replica crawl, first and nightly, leaves the same fetch log whether its rows are written in batches or one INSERT
// per request (as before batches), ids, times and durations aside; a site's rows are all written when its crawl ends.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client.js';
import { configureFetchLog } from '../../db/queries/fetch-log.js';
import { describeEachDb, freshDb } from '../helpers/db.js';
import { crawlReplica, tempDir } from '../helpers/replica-crawl.js';
import { type Replica, startReplica } from '../../replica/server.js';

// The browser site is left out: Chromium's start-up would dominate, and its fetches are recorded as any other.
const SITES = ['replica-trs', 'replica-trs-gbk', 'replica-hanweb', 'replica-json', 'replica-blocked'];
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The fetch log less what differs between two crawls of the same pages: ids, times and durations. */
async function fetchLog(h: DbHandle): Promise<string[]> {
  const { rows } = await h.query<{ row: string }>(
    `select concat_ws(' | ', run_id, site_id, url, final_url, http_status, outcome, error, etag, last_modified, sha256, content_type, bytes, referrer) as row
       from fetches order by 1`,
  );
  return rows.map((r) => r.row);
}

describeEachDb('the fetch log of a replica crawl', (db, backend) => {
  let replica: Replica;
  let unbatched: DbHandle;
  const afterCrawl: { unbatched: string[][]; batched: string[][] } = { unbatched: [], batched: [] };

  beforeAll(async () => {
    replica = await startReplica({ slowMs: 0 });
    unbatched = await freshDb(backend);
    // Each row written as it is recorded, its request waiting: the fetch log before batches.
    configureFetchLog(unbatched.db, { rows: 1 });
    // Nothing written by the timer: only a full batch, a read that needs a held row, and the end of a site's crawl
    // write rows. Read at once after each crawl, the log is complete only if each site's end wrote its rows.
    configureFetchLog(db().db, { ms: 600_000 });
    const dirs = { unbatched: tempDir('gongkai-fetchlog-a-'), batched: tempDir('gongkai-fetchlog-b-') };
    for (const recheckAfterMs of [0, WEEK_MS]) {
      await crawlReplica(unbatched, replica, dirs.unbatched, { only: SITES, recheckAfterMs });
      afterCrawl.unbatched.push(await fetchLog(unbatched));
      await crawlReplica(db(), replica, dirs.batched, { only: SITES, recheckAfterMs });
      afterCrawl.batched.push(await fetchLog(db()));
    }
  }, 300_000);

  afterAll(async () => {
    await replica?.close();
    await unbatched?.close();
  });

  it('holds the same rows after a first crawl and after a nightly one, each complete when its crawl returns', () => {
    expect(afterCrawl.unbatched[0]!.length).toBeGreaterThan(40);
    // The log after the nightly crawl holds its rows too, 304s among them (it sent conditional requests).
    expect(afterCrawl.unbatched[1]!.length).toBeGreaterThan(afterCrawl.unbatched[0]!.length);
    expect(afterCrawl.unbatched[1]!.some((r) => r.includes(' | not_modified | '))).toBe(true);
    expect(afterCrawl.batched).toEqual(afterCrawl.unbatched);
  });
});
