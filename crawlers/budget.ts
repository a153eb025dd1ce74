// Crawl budgets: what one site's crawl may spend (requests, documents, bytes, wall time) and what the whole run may
// (the same four, counted over every site of the run, by whichever process crawls them). Spending past a budget
// stops the crawl of the site with the reason, which its record shows as 'partial' — never a silent cut. Counts
// every request the site makes: robots.txt, lists, report pages, attachments, retries, pages rendered.

/** How much a crawl may spend; null is no bound. */
export interface BudgetLimits {
  requests: number | null;
  documents: number | null;
  bytes: number | null;
  /** Wall time in milliseconds. */
  ms: number | null;
}

export interface CrawlTotals {
  requests: number;
  documents: number;
  bytes: number;
}

/** The run's side of a site's budget: its limits, its deadline, and the totals spent so far by all its sites. */
export interface RunBudget {
  limits: Omit<BudgetLimits, 'ms'>;
  /** Epoch milliseconds when the run must stop (its wall-time budget). */
  deadlineAt: number | null;
  /** What the run's sites have spent, this site's last recorded counts included (read every few seconds). */
  totals(): Promise<CrawlTotals>;
}

/** Why a request was not made: a budget is spent (the crawl of the site stops). */
export class BudgetSpentError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BudgetSpentError';
  }
}

const MB = 1024 * 1024;

function describe(what: keyof BudgetLimits, limit: number): string {
  if (what === 'bytes') return `${Math.round(limit / MB)} MB downloaded`;
  if (what === 'ms') return `${Math.round(limit / 60_000)} minutes`;
  return `${limit} ${what}`;
}

/** A site crawl's budget: counts what the crawl spends and says, before each request, whether it may go on. */
export class CrawlBudget {
  readonly spent: CrawlTotals = { requests: 0, documents: 0, bytes: 0 };
  /** Why the crawl was stopped; null while it may go on. */
  stopped: string | null = null;
  private readonly started: number;
  private runTotals: CrawlTotals = { requests: 0, documents: 0, bytes: 0 };
  private runCheckedAt = 0;
  private runChecking: Promise<void> | null = null;

  constructor(
    private readonly site: BudgetLimits,
    private readonly run: RunBudget | null,
    private readonly now: () => number = Date.now,
    /** How often the run's totals are read again. */
    private readonly runCheckMs = 5000,
  ) {
    this.started = now();
  }

  /** When the crawl must stop at the latest (its own wall time or the run's deadline), epoch ms; null for never. */
  deadline(): number | null {
    const own = this.site.ms === null ? null : this.started + this.site.ms;
    const run = this.run?.deadlineAt ?? null;
    return own === null ? run : run === null ? own : Math.min(own, run);
  }

  private stop(reason: string): never {
    this.stopped ??= reason;
    throw new BudgetSpentError(this.stopped);
  }

  /** Called before each request: throws BudgetSpentError once a budget is spent, and counts the request otherwise. */
  async beforeRequest(): Promise<void> {
    if (this.stopped) throw new BudgetSpentError(this.stopped);
    const t = this.now();
    const { site } = this;
    if (site.ms !== null && t - this.started >= site.ms) this.stop(`budget: the site's wall time of ${describe('ms', site.ms)} is spent`);
    if (this.run?.deadlineAt != null && t >= this.run.deadlineAt) this.stop('budget: the run reached its deadline');
    for (const k of ['requests', 'documents', 'bytes'] as const) {
      const limit = site[k];
      if (limit !== null && this.spent[k] >= limit) this.stop(`budget: the site's ${describe(k, limit)} are spent`);
    }
    await this.checkRun(t);
    this.spent.requests++;
  }

  private async checkRun(t: number): Promise<void> {
    if (!this.run) return;
    if (t - this.runCheckedAt >= this.runCheckMs) {
      this.runChecking ??= this.run
        .totals()
        .then((totals) => {
          this.runTotals = totals;
          this.runCheckedAt = this.now();
        })
        .finally(() => {
          this.runChecking = null;
        });
      await this.runChecking;
    }
    for (const k of ['requests', 'documents', 'bytes'] as const) {
      const limit = this.run.limits[k];
      if (limit !== null && this.runTotals[k] >= limit) this.stop(`budget: the run's ${describe(k, limit)} are spent`);
    }
  }

  countBytes(n: number): void {
    this.spent.bytes += n;
  }

  countDocument(): void {
    this.spent.documents++;
  }
}

/** The default budgets of one site's crawl: what a county portal needs, with room (crawlers/types.ts holds them per site). */
export const SITE_BUDGET_DEFAULTS = { maxPages: 3000, maxDocuments: 500, maxMegabytes: 1024, maxMinutes: 60 };
/** The default budgets of a run: its wall time (so a stuck run never costs the next night), and generous totals. */
export const RUN_BUDGET_DEFAULTS = { requests: 1_000_000, documents: 100_000, megabytes: 200 * 1024, minutes: 20 * 60 };
