// One site's crawl: a crawlee BasicCrawler over a persisted request queue (so a killed crawl resumes where it
// stopped), driven by the router of routes.ts with the site's pattern (its CMS's, with its module's overrides).
// Records the site's crawl in site_crawls (its counts every few seconds while it runs, so that the run's budgets see
// them from any process); documents are recorded by record-document.ts. A budget spent or a trap met stops or cuts
// the crawl with the reason: the site's crawl is then 'partial'. The queue is dropped when the site is done, so the
// next crawl starts from the entry pages again.
import fs from 'node:fs';
import { BasicCrawler, Configuration, log as crawleeLog, RequestQueue } from 'crawlee';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { acquireDirLock } from '../db/dir-lock.js';
import { finishSiteCrawl, recordSiteProgress, runCrawlTotals, startSiteCrawl } from '../db/queries/runs.js';
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
import { queueDirOf, releaseStaleLocks, removeStaleFileLocks } from './queue-files.js';
import { documentRecorder } from './record-document.js';
import { listRequest, makeRouter } from './routes.js';
import { overridesOf } from './sites/index.js';
import { TrapDetector } from './trap-detector.js';
import type { SiteConfig } from './types.js';

crawleeLog.setLevel(crawleeLog.LEVELS.OFF);

export interface CrawlDeps {
  db: Database;
  archive: Archive;
  politeness: Politeness;
  log: Logger;
  runId: number | null;
  fetcher: FetcherOptions;
  /** Where crawlee keeps the request queues (under the data directory). */
  queueDir: string;
  /** Lazily started browser, for sites whose lists need JavaScript. */
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
    message: null,
    durationMs: 0,
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
    domains: site.domains,
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
  const config = new Configuration({ persistStorage: true, purgeOnStart: false, storageClientOptions: { localDataDirectory: deps.queueDir } });
  const queue = await RequestQueue.open(queueName, { config });
  const released = await releaseStaleLocks(queue);
  if (released) log.info({ released }, 'resuming an interrupted crawl');

  let diskFull: ArchiveFullError | null = null;
  let budgetSkipRecorded = false;
  const router = makeRouter({
    site,
    pattern: deps.pattern ?? patternOf(site, overridesOf(site.id)),
    db: deps.db,
    fetcher,
    archive: deps.archive,
    renderer: deps.renderer,
    recheckAfterMs: deps.recheckAfterMs ?? 0,
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
    countReading: (reading) => {
      summary.lookAlikes += reading.lookAlikes.length;
      summary.unmatched += reading.unmatched.length;
      for (const item of reading.items) reportUrls.add(item.url);
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
  const crawler = new BasicCrawler(
    {
      requestQueue: queue,
      requestHandler: router,
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
  } catch (err) {
    crashed = err as Error;
    log.error({ err: crashed.message }, 'site crawl failed');
  } finally {
    clearTimeout(timer);
  }
  if (diskFull) crashed = diskFull;
  // A crawl stopped by a full disk keeps its queue: the next run resumes it once there is space.
  if (!crashed) await queue.drop();
  lock.release();

  summary.bytesDownloaded = fetcher.bytesDownloaded;
  summary.requests = budget.spent.requests;
  summary.durationMs = Date.now() - started;
  // Cut short by a budget or a trap: partial, with why (a site failing outright says so first).
  const cut = [budget.stopped, traps.summary()].filter(Boolean).join('; ') || null;
  summary.status = siteStatus(summary, site, entryFailures, crashed);
  if (cut && (summary.status === 'ok' || summary.status === 'empty' || (summary.status === 'failed' && !crashed))) summary.status = 'partial';
  summary.message = crashed
    ? crashed.message
    : summary.status === 'partial'
      ? cut
      : summary.status === 'ok'
        ? null
        : (entryFailures[0]?.message ??
          (summary.reportsFound === 0 ? (site.expectReports ? 'no reports found, where the registry expects some' : 'no reports found') : null));
  await finish();
  progress();
  return summary;
}

function siteStatus(s: SiteCrawlSummary, site: SiteConfig, entryFailures: FetchError[], crashed: Error | null): SiteStatus {
  if (crashed) return 'failed';
  if (s.reportsFound > 0) return 'ok';
  const all = entryFailures.length > 0 && entryFailures.length >= site.entry.length;
  const outcomes = new Set(entryFailures.map((e) => e.outcome));
  if (all && outcomes.has('blocked')) return 'blocked';
  if (all && outcomes.has('robots_disallowed')) return 'disallowed';
  if (all && [...outcomes].every((o) => o === 'timeout' || o === 'network_error' || o === 'private_address' || o === 'http_error')) return 'unreachable';
  // A site the registry expects reports from that yields none has failed, not merely come up empty.
  return site.expectReports ? 'failed' : 'empty';
}
