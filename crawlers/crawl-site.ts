// One site's crawl: a crawlee BasicCrawler over a persisted request queue (so a killed crawl resumes where it
// stopped), driven by the router of routes.ts with the site's pattern (its CMS's, with its module's overrides).
// Records the site's crawl in site_crawls (its counts every few seconds while it runs, so that the run's budgets see
// them from any process); documents are recorded by record-document.ts. A budget spent or a trap met stops or cuts
// the crawl with the reason: the site's crawl is then 'partial'. The queue is dropped when the site is done, so the
// next crawl starts from the entry pages again.
import fs from 'node:fs';
import { BasicCrawler, log as crawleeLog } from 'crawlee';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { acquireDirLock } from '../db/dir-lock.js';
import { bestEarlierReports, finishSiteCrawl, lastCrawlComplete, recordSiteProgress, runCrawlTotals, startSiteCrawl } from '../db/queries/runs.js';
import { listApisOfSite, recordListApiAnswer, rememberListApi } from '../db/queries/site-list-apis.js';
import type { SiteCrawlSummary } from '../domain/run-report.js';
import type { SiteStatus } from '../domain/values.js';
import { type BudgetLimits, BudgetSpentError, CrawlBudget, type CrawlTotals } from './budget.js';
import { ArchiveFullError, FetchError } from './errors.js';
import type { Archive } from './fetch/archive.js';
import { databaseStore, Fetcher, type FetcherOptions } from './fetch/fetcher.js';
import type { Politeness } from './fetch/politeness.js';
import type { Renderer } from './fetch/render.js';
import { patternOf } from './patterns/index.js';
import type { Pattern } from './patterns/pattern.js';
import { openSiteQueue, queueDirOf, releaseStaleLocks, removeStaleFileLocks, siteCrawlerConfig } from './queue-files.js';
import { documentRecorder } from './record-document.js';
import { type ListApiMemory, listRequest, makeRouter, type RememberedApi } from './routes.js';
import { overridesOf } from './sites/index.js';
import { TrapDetector } from './trap-detector.js';
import type { SiteConfig } from './types.js';

/** A report page or attachment fetched more recently than this is not asked for again (a week; --full and --since change it). */
export const RECHECK_AFTER_DEFAULT_MS = 7 * 24 * 3600 * 1000;

crawleeLog.setLevel(crawleeLog.LEVELS.OFF);

export interface CrawlDeps {
  db: Database;
  archive: Archive;
  politeness: Pick<Politeness, 'run'>;
  log: Logger;
  runId: number | null;
  fetcher: FetcherOptions;
  /** Where crawlee keeps the request queues (under the data directory). */
  queueDir: string;
  /** Lazily started browser, for lists built by JavaScript; absent when none is installed (such lists are recorded as needing one). */
  renderer?: Renderer;
  /**
   * Detail pages and attachments fetched successfully more recently than this are not asked for again (nightly runs
   * re-read the lists; every report is re-checked once this age passes). 0 re-checks everything (`--full`).
   */
  recheckAfterMs?: number;
  /** The readers of the site's pages (default: its CMS pattern with its module's overrides). */
  pattern?: Pattern;
  /** Called as counts change, for the progress display. */
  onProgress?: (summary: SiteCrawlSummary) => void;
  /** Called for each new or changed document once it is archived and recorded (workers queue its parsing). */
  onDocument?: (sha256: string) => Promise<void>;
  /** This crawl's budgets in place of the site's own (`--site-budget`). */
  siteBudget?: Partial<BudgetLimits>;
  /** The run's budgets, spent by all its sites together, and its deadline (epoch ms). */
  runBudget?: { limits: Omit<BudgetLimits, 'ms'>; deadlineAt: number | null };
  now?: () => Date;
}

const MB = 1024 * 1024;

/** The budgets of a site's crawl: its registry entry's, with a run's overrides. */
export function siteBudgetOf(site: SiteConfig, overrides: Partial<BudgetLimits> = {}): BudgetLimits {
  return {
    requests: site.maxPages,
    documents: site.maxDocuments,
    bytes: site.maxMegabytes * MB,
    ms: site.maxMinutes * 60_000,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
}

function emptySummary(siteId: string): SiteCrawlSummary {
  return {
    siteId,
    status: 'ok',
    pages: 0,
    requests: 0,
    reportsFound: 0,
    documentsNew: 0,
    documentsChanged: 0,
    documentsUnchanged: 0,
    bytesDownloaded: 0,
    errors: 0,
    errorsByOutcome: {},
    lookAlikes: 0,
    unmatched: 0,
    pagesRendered: 0,
    message: null,
    durationMs: 0,
  };
}

/** The site's remembered list APIs, read once per crawl (site_list_apis). */
function listApiMemory(db: Database, siteId: string, now: () => Date): ListApiMemory {
  let known: Promise<RememberedApi[]> | undefined;
  return {
    all: () => (known ??= listApisOfSite(db, siteId)),
    remember: (api, reports) => rememberListApi(db, { siteId, ...api, reports, at: now() }),
    answered: (id, reports) => recordListApiAnswer(db, id, reports, now()),
  };
}

export async function crawlSite(site: SiteConfig, deps: CrawlDeps): Promise<SiteCrawlSummary> {
  const started = Date.now();
  const now = deps.now ?? (() => new Date());
  const summary = emptySummary(site.id);
  const siteCrawlId = deps.runId !== null ? await startSiteCrawl(deps.db, deps.runId, site.id) : null;
  let flushedAt = 0;
  /** The crawl's counts so far into its site_crawls row (other sites' budgets read the run's totals from there). */
  const flush = async () => {
    if (siteCrawlId === null) return;
    flushedAt = Date.now();
    await recordSiteProgress(deps.db, siteCrawlId, { ...countsOf(), requests: budget.spent.requests, bytesDownloaded: budget.spent.bytes });
  };
  const countsOf = () => {
    const { siteId: _, status: __, durationMs: ___, message: ____, ...counts } = summary;
    return counts;
  };
  const runId = deps.runId;
  const budget: CrawlBudget = new CrawlBudget(
    siteBudgetOf(site, deps.siteBudget),
    deps.runBudget && runId !== null
      ? {
          limits: deps.runBudget.limits,
          deadlineAt: deps.runBudget.deadlineAt,
          totals: async (): Promise<CrawlTotals> => {
            await flush();
            return runCrawlTotals(deps.db, runId);
          },
        }
      : deps.runBudget
        ? {
            ...deps.runBudget,
            totals: async (): Promise<CrawlTotals> => ({ requests: budget.spent.requests, documents: budget.spent.documents, bytes: budget.spent.bytes }),
          }
        : null,
  );
  const traps = new TrapDetector(now());
  const fetcher = new Fetcher({
    store: databaseStore(deps.db),
    archive: deps.archive,
    politeness: deps.politeness,
    log: deps.log,
    runId: deps.runId,
    siteId: site.id,
    domains: site.hosts,
    delayMs: site.delayMs,
    concurrency: site.concurrency,
    options: deps.fetcher,
    budget,
  });
  const log = deps.log.child({ site: site.id, runId: deps.runId });
  const entryFailures: FetchError[] = [];
  const reportUrls = new Set<string>();
  const progress = () => {
    summary.requests = budget.spent.requests;
    budget.spent.documents = summary.documentsNew + summary.documentsChanged;
    deps.onProgress?.({ ...summary, bytesDownloaded: fetcher.bytesDownloaded, durationMs: Date.now() - started });
    if (Date.now() - flushedAt > 5000) void flush().catch(() => {});
  };
  const finish = async () => {
    if (siteCrawlId === null) return;
    const { siteId: _, status, durationMs: __, ...counts } = summary;
    await finishSiteCrawl(deps.db, siteCrawlId, { ...counts, status, finishedAt: now() });
  };

  // One crawl of a site at a time on this machine: its queue is a directory that only one process may drive.
  const queueName = `site-${site.id}`;
  const ownDir = queueDirOf(deps.queueDir, queueName);
  fs.mkdirSync(ownDir, { recursive: true });
  const lock = acquireDirLock(ownDir);
  if (!lock) {
    summary.status = 'failed';
    summary.message = 'another process on this machine is crawling this site';
    await finish();
    return summary;
  }
  removeStaleFileLocks(ownDir);
  // crawlee writes its queue files in the background, unordered: a killed crawl can leave a page marked done whose
  // new requests never reached the disk. So lists and detail pages are keyed by this crawl's generation and read
  // again by a resumed crawl (conditional GET makes that cheap: 304s, bodies from the archive), which finds what
  // was lost; attachments keep stable keys, so those already downloaded are not fetched again.
  const generation = Date.now().toString(36);
  const config = siteCrawlerConfig(deps.queueDir);
  const queue = await openSiteQueue(queueName, config);
  const released = await releaseStaleLocks(queue);
  if (released) log.info({ released }, 'resuming an interrupted crawl');

  let diskFull: ArchiveFullError | null = null;
  let budgetSkipRecorded = false;
  const listApis = listApiMemory(deps.db, site.id, now);
  const deferred: { url: string; depth: number; why: string }[] = [];
  const { router, browse } = makeRouter({
    site,
    pattern: deps.pattern ?? patternOf(site, overridesOf(site.id)),
    db: deps.db,
    fetcher,
    archive: deps.archive,
    renderer: deps.renderer,
    listApis,
    recheckAfterMs: deps.recheckAfterMs ?? 0,
    // Without a record of crawls (no run), nothing says the last one followed everything.
    followUpRecent: siteCrawlId === null || !(await lastCrawlComplete(deps.db, site.id, siteCrawlId)),
    generation,
    record: documentRecorder({ db: deps.db, siteId: site.id, counts: summary, now, onDocument: deps.onDocument, onChange: progress }),
    addRequests: async (requests) => {
      if (requests.length) await queue.addRequests(requests);
    },
    trapIn: (url) => traps.judge(url),
    countPage: () => {
      summary.pages++;
      progress();
    },
    countRender: () => {
      summary.pagesRendered++;
    },
    deferShell: (shell) => deferred.push(shell),
    countReading: (reading, fragments = []) => {
      summary.lookAlikes += reading.lookAlikes.length;
      summary.unmatched += reading.unmatched.length;
      for (const url of [...reading.items.map((i) => i.url), ...fragments]) reportUrls.add(url);
      summary.reportsFound = reportUrls.size;
    },
    failed: async (err, url) => {
      if (err instanceof ArchiveFullError) {
        // Every further fetch would be thrown away: stop this site now and say why.
        diskFull ??= err;
        crawler.stop(err.message);
        return;
      }
      if (err instanceof BudgetSpentError) {
        // The first request refused is recorded with the reason; the crawl stops, the rest of its queue is dropped.
        if (!budgetSkipRecorded) {
          budgetSkipRecorded = true;
          await fetcher.skipped(url, 'over_budget', `not fetched: ${err.reason}`, null);
          log.info({ reason: err.reason }, 'crawl stopped by its budget');
        }
        crawler.stop(err.reason);
        return;
      }
      if (!(err instanceof FetchError)) throw err;
      summary.errors++;
      summary.errorsByOutcome[err.outcome] = (summary.errorsByOutcome[err.outcome] ?? 0) + 1;
      if (site.entry.includes(url)) entryFailures.push(err);
      log.debug({ url, outcome: err.outcome }, err.message);
      progress();
    },
  });

  await queue.addRequests(site.entry.map((url) => listRequest({ site, generation }, { url, kind: 'html' }, 0)));
  // The list APIs earlier crawls saw the site's pages call: asked directly, with no browser (one that answers with
  // nothing sends its page to the browser again).
  const remembered = await listApis.all();
  if (remembered.length)
    await queue.addRequests(
      remembered.map((a) => listRequest({ site, generation }, { ...a, kind: 'data' }, 0, { pageUrl: a.pageUrl, plan: true, rememberedId: a.id })),
    );
  const crawler = new BasicCrawler(
    {
      requestQueue: queue,
      requestHandler: router,
      // Requests go through the fetcher (its politeness, robots and conditional GET), never crawlee's sessions: a session
      // pool only cost its creation and persistence, a tenth of a nightly crawl's CPU.
      useSessionPool: false,
      maxConcurrency: site.concurrency,
      maxRequestRetries: 1,
      requestHandlerTimeoutSecs: Math.max(120, Math.ceil((deps.fetcher.timeoutMs * (deps.fetcher.retries + 2) * 3) / 1000)),
      failedRequestHandler: ({ request }, error) => {
        summary.errors++;
        summary.errorsByOutcome.exception = (summary.errorsByOutcome.exception ?? 0) + 1;
        log.warn({ url: request.url, err: error.message }, 'request failed');
      },
    },
    config,
  );
  let crashed: Error | null = null;
  // The site's wall time and the run's deadline stop the crawl even while it waits (politeness, slow answers).
  const deadline = budget.deadline();
  const timer =
    deadline === null
      ? undefined
      : setTimeout(
          () => {
            budget.stopped ??= deps.runBudget?.deadlineAt === deadline ? 'budget: the run reached its deadline' : "budget: the site's wall time is spent";
            crawler.stop(budget.stopped);
          },
          Math.max(0, deadline - Date.now()),
        );
  try {
    await crawler.run();
    // Pages built by JavaScript that are not report columns (a platform's home, a menu) are worth the browser only
    // when the site showed no report anywhere else: then they are rendered (or recorded as needing a browser).
    if (!diskFull && summary.reportsFound === 0 && deferred.length) {
      for (const shell of deferred) await browse(shell.url, shell.depth, shell.why);
      await crawler.run();
    } else if (!diskFull) {
      for (const shell of deferred)
        await fetcher.skipped(
          shell.url,
          'unsupported',
          `built by JavaScript (${shell.why}) and not a report column: not rendered, the site's reports were found elsewhere`,
          null,
        );
    }
  } catch (err) {
    crashed = err as Error;
    log.error({ err: crashed.message }, 'site crawl failed');
  } finally {
    clearTimeout(timer);
  }
  // The site's fetch log is complete before its crawl is recorded as finished (rows are written in batches). One that
  // could not be written fails the site's crawl and keeps its queue, as a crash does: the next crawl asks again.
  await fetcher.flush().catch((err: Error) => {
    crashed ??= err;
    log.error({ err: err.message }, 'fetch log not written');
  });
  if (diskFull) crashed = diskFull;
  // A crawl stopped by a full disk keeps its queue: the next run resumes it once there is space.
  if (!crashed) await queue.drop();
  lock.release();

  summary.bytesDownloaded = fetcher.bytesDownloaded;
  summary.requests = budget.spent.requests;
  summary.durationMs = Date.now() - started;
  const outcome = await siteOutcome(summary, site, entryFailures, crashed, () => bestEarlierReports(deps.db, site.id, siteCrawlId));
  // Cut short by a budget or a trap: partial, with why (a crash, or a site blocked, unreachable, disallowed or needing a
  // browser, says so instead).
  const cut = [budget.stopped, traps.summary()].filter(Boolean).join('; ') || null;
  if (cut && !crashed && (['ok', 'empty', 'failed', 'partial'] as SiteStatus[]).includes(outcome.status)) {
    summary.status = 'partial';
    summary.message = outcome.status === 'partial' && outcome.message ? `${cut}; ${outcome.message}` : cut;
  } else {
    summary.status = outcome.status;
    summary.message = outcome.message;
  }
  await finish();
  progress();
  return summary;
}

/**
 * What the crawl of a site came to, and the message that says why when it is not plainly ok. Zero reports is a
 * failure when the registry or an earlier crawl expects some, and never 'empty' when the reason is known (a blocked,
 * unreachable or disallowed entry, lists that need a browser).
 */
async function siteOutcome(
  s: SiteCrawlSummary,
  site: SiteConfig,
  entryFailures: FetchError[],
  crashed: Error | null,
  earlier: () => Promise<number>,
): Promise<{ status: SiteStatus; message: string | null }> {
  if (crashed) return { status: 'failed', message: crashed.message };
  const noBrowser = s.errorsByOutcome.needs_browser ?? 0;
  const browserNote = `${noBrowser} list page${noBrowser > 1 ? 's' : ''} built by JavaScript could not be read: no browser (install chromium or set CHROMIUM_PATH)`;
  if (s.reportsFound > 0) return noBrowser ? { status: 'partial', message: browserNote } : { status: 'ok', message: null };
  const all = entryFailures.length > 0 && entryFailures.length >= site.entry.length;
  const outcomes = new Set(entryFailures.map((e) => e.outcome));
  const first = entryFailures[0]?.message ?? null;
  if (all && outcomes.has('blocked')) return { status: 'blocked', message: first };
  if (all && outcomes.has('robots_disallowed')) return { status: 'disallowed', message: first };
  if (all && [...outcomes].every((o) => o === 'timeout' || o === 'network_error' || o === 'private_address' || o === 'http_error'))
    return { status: 'unreachable', message: first };
  if (noBrowser) return { status: 'needs_browser', message: `no reports found: ${browserNote}` };
  // A site the registry expects reports from, or that gave some before, has failed, not merely come up empty.
  if (site.expectReports) return { status: 'failed', message: 'no reports found, where the registry expects some' };
  const best = await earlier();
  if (best > 0) return { status: 'failed', message: `no reports found, where an earlier crawl found ${best}` };
  return { status: 'empty', message: 'no reports found' };
}
