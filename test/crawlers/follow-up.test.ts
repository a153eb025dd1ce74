// A report page archived by a crawl that was killed before it fetched the page's attachments: the next nightly
// crawl does not ask for the page again (it is recent), but it must still fetch the attachments — found by reading
// the archived page. (Found by the kill-and-resume pipeline test: a report stayed graded D with its PDF missing.)
import { beforeAll, afterAll, expect, it } from 'vitest';
import { describeEachDb } from '../helpers/db.js';
import { crawlReplica, tempDir } from '../helpers/replica-crawl.js';
import { type Replica, startReplica } from '../../replica/server.js';

const WEEK = 7 * 24 * 3600 * 1000;

describeEachDb('following up an archived page whose attachments were never fetched', (db) => {
  let replica: Replica;

  beforeAll(async () => {
    replica = await startReplica({ slowMs: 0 });
  });

  afterAll(async () => {
    await replica?.close();
  });

  it('fetches the missing attachments on the next nightly crawl, and only those', async () => {
    const dataDir = tempDir('gongkai-follow-up-');
    await crawlReplica(db(), replica, dataDir, { only: ['replica-json'] });
    const attachments = async () =>
      (
        await db().query<{ url: string; sha256: string; parent_sha256: string }>(
          `select url, sha256, parent_sha256 from document_sources where kind = 'attachment' order by url`,
        )
      ).rows;
    const all = await attachments();
    expect(all.length).toBeGreaterThan(0);
    // As a crawl killed right after archiving the page leaves it: the page recorded, its attachment not, and the
    // site's crawl never finished.
    const lost = all[0]!;
    await db().query('delete from document_sources where sha256 = $1', [lost.sha256]);
    await db().query('delete from documents where sha256 = $1', [lost.sha256]);
    await db().query(`update site_crawls set finished_at = null, status = 'running' where site_id = 'replica-json'`);
    for (const m of replica.hits.values()) m.clear();

    const nightly = await crawlReplica(db(), replica, dataDir, { only: ['replica-json'], recheckAfterMs: WEEK });
    expect(await attachments()).toEqual(all);
    expect(nightly.totals.documentsNew).toBe(1);
    // The pages themselves were not asked for again, nor the attachments already recorded.
    const hits = [...replica.hits.get('replica-json')!.entries()].filter(([p]) => p.includes('/attachment') || /\.(pdf|docx?)$/.test(p));
    expect(hits.map(([p]) => new URL(p, 'http://x').pathname)).toEqual([new URL(lost.url).pathname]);
  }, 120_000);

  it('reads no archived page again after a crawl that followed everything (a file lost otherwise waits for the recheck)', async () => {
    const dataDir = tempDir('gongkai-follow-up-');
    await crawlReplica(db(), replica, dataDir, { only: ['replica-json'] });
    const attachments = async () =>
      (await db().query<{ url: string; sha256: string }>(`select url, sha256 from document_sources where kind = 'attachment' order by url`)).rows;
    const all = await attachments();
    const lost = all[0]!;
    // The crawl finished ok: only something outside the crawl could have removed the file's record.
    await db().query('delete from document_sources where sha256 = $1', [lost.sha256]);
    await db().query('delete from documents where sha256 = $1', [lost.sha256]);
    for (const m of replica.hits.values()) m.clear();

    const nightly = await crawlReplica(db(), replica, dataDir, { only: ['replica-json'], recheckAfterMs: WEEK });
    expect(nightly.totals.documentsNew).toBe(0);
    expect(await attachments()).toEqual(all.slice(1));
    const files = [...replica.hits.get('replica-json')!.keys()].filter((p) => p.includes('/attachment') || /\.(pdf|docx?)$/.test(p));
    expect(files).toEqual([]);
    // With --full every page is asked for again, and the file with it.
    await crawlReplica(db(), replica, dataDir, { only: ['replica-json'], recheckAfterMs: 0 });
    expect(await attachments()).toEqual(all);
  }, 120_000);

  it('records a page that was fetched but never recorded (killed in between) on the next nightly crawl', async () => {
    const dataDir = tempDir('gongkai-follow-up-');
    const first = await crawlReplica(db(), replica, dataDir, { only: ['replica-json'] });
    const details = async () =>
      (await db().query<{ url: string; sha256: string }>(`select url, sha256 from document_sources where kind = 'detail' order by url`)).rows;
    const all = await details();
    const lost = all.find((d) => !all.some((o) => o !== d && o.sha256 === d.sha256))!;
    // The fetch row and the archived bytes stay; the document and its source are gone, as after a kill.
    await db().query('update document_sources set parent_sha256 = null where parent_sha256 = $1', [lost.sha256]);
    await db().query('delete from document_sources where sha256 = $1', [lost.sha256]);
    await db().query('delete from documents where sha256 = $1', [lost.sha256]);

    const nightly = await crawlReplica(db(), replica, dataDir, { only: ['replica-json'], recheckAfterMs: WEEK });
    expect(await details()).toEqual(all);
    expect(nightly.totals.errors).toBe(first.totals.errors); // the site's own redirect loop, nothing more
    expect(nightly.totals.documentsNew).toBe(1);
  }, 120_000);
});
