// Crawl budgets (crawlers/budget.ts) and trap detection (crawlers/trap-detector.ts): a spent budget stops the crawl
// with the reason; each kind of trap is named and its links not followed, while an ordinary list is.
import { describe, expect, it } from 'vitest';
import { BudgetSpentError, CrawlBudget } from '../../crawlers/budget.js';
import { stripSessionIds, TrapDetector } from '../../crawlers/trap-detector.js';

const UNBOUNDED = { requests: null, documents: null, bytes: null, ms: null };

async function spendUntilStopped(budget: CrawlBudget, max = 10_000): Promise<{ made: number; reason: string }> {
  for (let made = 0; made < max; made++) {
    try {
      await budget.beforeRequest();
    } catch (err) {
      if (err instanceof BudgetSpentError) return { made, reason: err.reason };
      throw err;
    }
  }
  throw new Error('never stopped');
}

describe('crawl budget', () => {
  it('counts every request and stops at the site budget, with the reason', async () => {
    const budget = new CrawlBudget({ ...UNBOUNDED, requests: 3 }, null);
    expect(await spendUntilStopped(budget)).toEqual({ made: 3, reason: "budget: the site's 3 requests are spent" });
    expect(budget.stopped).toBe("budget: the site's 3 requests are spent");
  });

  it('stops on bytes and on documents', async () => {
    const bytes = new CrawlBudget({ ...UNBOUNDED, bytes: 2 * 1048576 }, null);
    await bytes.beforeRequest();
    bytes.countBytes(3 * 1048576);
    expect(await spendUntilStopped(bytes)).toEqual({ made: 0, reason: "budget: the site's 2 MB downloaded are spent" });
    const docs = new CrawlBudget({ ...UNBOUNDED, documents: 1 }, null);
    docs.countDocument();
    expect((await spendUntilStopped(docs)).reason).toBe("budget: the site's 1 documents are spent");
  });

  it("stops on the site's wall time and on the run's deadline", async () => {
    let t = 1_000_000;
    const now = () => t;
    const site = new CrawlBudget({ ...UNBOUNDED, ms: 60_000 }, null, now);
    await site.beforeRequest();
    t += 60_000;
    expect((await spendUntilStopped(site)).reason).toBe("budget: the site's wall time of 1 minutes is spent");
    const run = new CrawlBudget(
      UNBOUNDED,
      { limits: { requests: null, documents: null, bytes: null }, deadlineAt: t + 10, totals: async () => ({ requests: 0, documents: 0, bytes: 0 }) },
      now,
    );
    expect(run.deadline()).toBe(t + 10);
    t += 10;
    expect((await spendUntilStopped(run)).reason).toBe('budget: the run reached its deadline');
  });

  it("stops on the run's totals, counted over all its sites", async () => {
    let others = 0;
    const budget = new CrawlBudget(
      UNBOUNDED,
      {
        limits: { requests: 100, documents: null, bytes: null },
        deadlineAt: null,
        totals: async () => ({ requests: others, documents: 0, bytes: 0 }),
      },
      Date.now,
      0,
    );
    await budget.beforeRequest();
    others = 100;
    expect(await spendUntilStopped(budget)).toEqual({ made: 0, reason: "budget: the run's 100 requests are spent" });
  });
});

describe('trap detection', () => {
  const now = new Date('2026-11-30T00:00:00Z');

  it('follows an ordinary paged list', () => {
    const traps = new TrapDetector(now);
    for (let p = 1; p <= 60; p++) expect(traps.judge(`http://gov.test/col/col123/index_${p}.html`)).toBeNull();
    expect(traps.summary()).toBeNull();
  });

  it('stops a calendar after 60 dated pages of one shape, and names it', () => {
    const traps = new TrapDetector(now);
    const verdicts: (string | null)[] = [];
    for (let d = 0; d < 100; d++) {
      const day = new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
      verdicts.push(traps.judge(`http://gov.test/calendar?date=${day}`));
    }
    expect(verdicts.filter((v) => v === null)).toHaveLength(60);
    expect(verdicts[60]).toBe('a calendar: more than 60 pages that differ only in a date');
    expect(traps.summary()).toBe(
      'trap: a calendar: more than 60 pages that differ only in a date (40 links not followed, first http://gov.test/calendar?date=2026-03-02)',
    );
  });

  it('refuses dates far in the future or before 1990', () => {
    const traps = new TrapDetector(now);
    expect(traps.judge('http://gov.test/cal/2031-05-01.html')).toBe('dates more than a month in the future');
    expect(traps.judge('http://gov.test/cal/1970/01/01/')).toBe('dates before 1990');
  });

  it('refuses a path that repeats its segments and a number that only grows', () => {
    const traps = new TrapDetector(now, { pagesPerShape: 500, datedPagesPerShape: 60, pathSegments: 20 });
    expect(traps.judge('http://gov.test/a/b/a/b/a/b/list.html')).toBe('a path that repeats "a"');
    let last: string | null = null;
    for (let p = 1; p <= 501; p++) last = traps.judge(`http://gov.test/list?page=${p}`);
    expect(last).toBe('a number that only grows: more than 500 pages of one list');
  });

  it('strips session ids so that a page is seen once', () => {
    expect(stripSessionIds('http://gov.test/list.jsp;jsessionid=ABC123?page=2&PHPSESSID=x')).toBe('http://gov.test/list.jsp?page=2');
  });
});
