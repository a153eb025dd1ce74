// The hostile corpus of issue 15 (scaled down, replica/hostile.ts) served by replica sites on 127.0.0.1 through a
// nightly run: the run completes, every hostile document is recorded as failed with why, the good reports beside
// them are loaded, the calendar is cut as a trap and the long list by its budget (both 'partial' with the reason),
// the 100,000-deep page is crawled, and a second run reads none of them again.
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defineSite } from '../../crawlers/define-site.js';
import type { RunReport } from '../../domain/run-report.js';
import { collect } from '../../jobs/collect.js';
import { createParsePool, type ParsePool } from '../../jobs/parse-pool.js';
import { inProcessQueue } from '../../jobs/work-queue.js';
import { type HostileSites, startHostileSites } from '../../replica/hostile.js';
import { describeEachDb } from '../helpers/db.js';
import { CHROMIUM_PATH, TEST_FETCHER, tempDir } from '../helpers/replica-crawl.js';

describeEachDb('a nightly run over the hostile corpus', (db) => {
  let sites: HostileSites;
  let pool: ParsePool;
  let first: RunReport;
  let second: RunReport;
  let firstMs: number;
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    sites = await startHostileSites({ scale: 0.06, delayMs: 0 });
    pool = createParsePool({ threads: 2, limits: { timeoutMs: 20_000 } });
    const dataDir = tempDir('gongkai-hostile-');
    const run = () =>
      collect({
        handle: db(),
        log,
        kind: 'run',
        trigger: 'test',
        queue: inProcessQueue({ handle: db(), log, dataDir, fetcher: TEST_FETCHER, chromiumPath: CHROMIUM_PATH, limits: {}, pool }),
        // A request budget of 300 a site: the 1,500-link list must stop at it.
        sites: sites.sites.map((s) => defineSite({ ...s.config, maxPages: 300 })),
        recheckAfterMs: 0,
      });
    const t0 = Date.now();
    first = await run();
    firstMs = Date.now() - t0;
    second = await run();
  }, 900_000);

  afterAll(async () => {
    await pool?.close();
    await sites?.close();
  });

  it('completes, with each site as its traps and budgets left it', () => {
    expect(firstMs).toBeLessThan(600_000);
    expect(first.status).toBe('partial');
    expect(first.crawl.sites.map((s) => [s.siteId, s.status])).toEqual([
      ['hostile-calendar', 'partial'],
      ['hostile-deep', 'ok'],
      ['hostile-docs', 'ok'],
      ['hostile-links', 'partial'],
    ]);
    const bySite = new Map(first.crawl.sites.map((s) => [s.siteId, s]));
    expect(bySite.get('hostile-calendar')!.message).toMatch(/^trap: a calendar: more than 60 pages that differ only in a date \(1 links not followed/);
    expect(bySite.get('hostile-links')!.message).toBe("budget: the site's 300 requests are spent");
    expect(bySite.get('hostile-links')!.requests).toBe(300);
  });

  it('records each hostile document as failed with why, and loads the good reports', () => {
    const failed = first.process.failures.map((f) => [f.url!.replace(/^http:\/\/127\.0\.0\.1:\d+/, ''), f.failure, f.reason.split(':')[0]]).sort();
    expect(failed).toEqual([
      ['/bad/colspan-html.html', 'unreadable', 'too_complex'],
      ['/bad/deep-html.html', 'unreadable', 'too_complex'],
      ['/files/corrupt-doc.doc', 'unreadable', 'corrupt'],
      ['/files/corrupt-pdf.pdf', 'unreadable', 'corrupt'],
      ['/files/entity-docx.docx', 'unreadable', 'corrupt'],
      ['/files/laughs-docx.docx', 'unreadable', 'corrupt'],
      ['/files/merges-xlsx.xlsx', 'unreadable', 'too_complex'],
      ['/files/paragraphs-docx.docx', 'unreadable', 'too_complex'],
      ['/files/paths-pdf.pdf', 'unreadable', 'too_complex'],
      ['/files/text-pdf.pdf', 'unreadable', 'too_complex'],
    ]);
    expect(first.process.failed).toBe(10);
    // Every good document loaded: as a report, or (main's report copies) as another copy of a report already loaded.
    expect(first.process.loaded.inserted + first.process.loaded.copies).toBe(first.process.documents - 10);
    expect(first.process.loaded.inserted).toBeGreaterThan(300);
  });

  it("records on the deep report page's source why the crawler did not read it", async () => {
    const { rows } = await db().query<{ meta: Record<string, string> }>("select meta from document_sources where url like '%/bad/deep-html.html'");
    expect(rows.map((r) => r.meta)).toEqual([
      { refused: 'too_complex: the report page was not read for metadata and attachments: more than 1000 elements nested in one another' },
    ]);
  });

  it('reads none of them again on the next run', () => {
    expect(second.process.documents).toBe(0);
    expect(second.process.failed).toBe(0);
  });
});
