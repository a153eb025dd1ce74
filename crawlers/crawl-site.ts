// One site's crawl: a crawlee BasicCrawler over a persisted request queue (so a killed crawl resumes where it
// stopped), a router with one thin handler per label, and the hardened fetcher for every request. Reports found
// on list pages are fetched, archived and recorded with the list page and title they came from; their attachments
// too. The queue is dropped when the site is done, so the next crawl starts from the entry pages again.
import fs from 'node:fs';
import { BasicCrawler, Configuration, RequestQueue, Router, log as crawleeLog, type BasicCrawlingContext } from 'crawlee';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { acquireDirLock } from '../db/dir-lock.js';
import { documentsAtUrl, pageFollowUp, touchAttachmentsOf, upsertDocument, upsertDocumentSource, urlsThatFailed } from '../db/queries/documents.js';
import { finishSiteCrawl, startSiteCrawl } from '../db/queries/runs.js';
import { detectFormat } from '../domain/detect-format.js';
import { decodeText } from '../domain/decode-text.js';
import { FetchError } from './errors.js';
import { type Archive, archivePath } from './fetch/archive.js';
import { databaseStore, Fetcher, type Fetched, type FetcherOptions } from './fetch/fetcher.js';
import type { Politeness } from './fetch/politeness.js';
import type { Renderer } from './fetch/render.js';
import { API, ATTACHMENT, type AttachmentData, DETAIL, type DetailData, LIST, type ListData, RENDER } from './labels.js';
import { readDetailPage } from './patterns/detail-page.js';
import { readDatastore } from './patterns/hanweb.js';
import { apiPageUrl, readJsonList } from './patterns/json-api.js';
import { readListPage } from './patterns/list-page.js';
import { judgeTitle } from './patterns/report-title.js';
import { queueDirOf, releaseStaleLocks } from './queue-files.js';
import type { FoundLink, PageReading, PageRequest, SiteConfig, SiteCrawlSummary, SiteStatus } from './types.js';

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
  /** Called as counts change, for the progress display. */
  onProgress?: (summary: SiteCrawlSummary) => void;
  /** Called for each new or changed document once it is archived and recorded (workers queue its parsing). */
  onDocument?: (sha256: string) => Promise<void>;
  now?: () => Date;
}

function emptySummary(siteId: string): SiteCrawlSummary {
  return {
    siteId,
    status: 'ok',
    pages: 0,
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
  });
  const log = deps.log.child({ site: site.id, runId: deps.runId });
  const entryFailures: FetchError[] = [];
  const reportUrls = new Set<string>();
  const progress = () => deps.onProgress?.({ ...summary, bytesDownloaded: fetcher.bytesDownloaded, durationMs: Date.now() - started });

  // One crawl of a site at a time on this machine: its queue is a directory that only one process may drive.
  const queueName = `site-${site.id}`;
  const ownDir = queueDirOf(deps.queueDir, queueName);
  fs.mkdirSync(ownDir, { recursive: true });
  const lock = acquireDirLock(ownDir);
  if (!lock) {
    summary.status = 'failed';
    summary.message = 'another process on this machine is crawling this site';
    if (siteCrawlId !== null)
      await finishSiteCrawl(deps.db, siteCrawlId, { ...countsOf(summary), status: 'failed', message: summary.message, finishedAt: now() });
    return summary;
  }
  const released = releaseStaleLocks(ownDir, Date.now());
  // crawlee writes its queue files in the background, unordered: a killed crawl can leave a page marked done whose
  // new requests never reached the disk. So lists and detail pages are keyed by this crawl's generation and read
  // again by a resumed crawl (conditional GET makes that cheap: 304s, bodies from the archive), which finds what
  // was lost; attachments keep stable keys, so those already downloaded are not fetched again.
  const generation = Date.now().toString(36);
  if (released) log.info({ released }, 'resuming an interrupted crawl');
  const config = new Configuration({ persistStorage: true, purgeOnStart: false, storageClientOptions: { localDataDirectory: deps.queueDir } });
  const queue = await RequestQueue.open(queueName, { config });

  const failed = (err: unknown, url: string, isEntry: boolean) => {
    if (!(err instanceof FetchError)) throw err;
    summary.errors++;
    summary.errorsByOutcome[err.outcome] = (summary.errorsByOutcome[err.outcome] ?? 0) + 1;
    if (isEntry) entryFailures.push(err);
    log.debug({ url, outcome: err.outcome }, err.message);
    progress();
  };

  const enqueue = async (reading: PageReading, from: string, depth: number, kind: 'html' | 'hanweb-xml' | 'json') => {
    summary.lookAlikes += reading.lookAlikes.length;
    summary.unmatched += reading.unmatched.length;
    const requests = [];
    for (const item of reading.items) {
      if (!reportUrls.has(item.url)) {
        reportUrls.add(item.url);
        summary.reportsFound = reportUrls.size;
      }
      requests.push({
        url: item.url,
        uniqueKey: `${DETAIL} ${generation} ${item.url}`,
        label: DETAIL,
        userData: { listUrl: from, title: item.title } satisfies DetailData,
      });
    }
    for (const next of reading.next) requests.push(listRequest(next, depth, next.kind ?? kind));
    if (depth < site.maxDepth) {
      for (const col of reading.columns) {
        if (!fetcher.isAllowedHost(new URL(col.url).host)) {
          await fetcher.skipped(col.url, 'off_site', `${new URL(col.url).host} is not one of the site's domains`, from);
          continue;
        }
        requests.push(listRequest({ url: col.url, kind: 'html' }, depth + 1, 'html'));
      }
    }
    if (requests.length) await queue.addRequests(requests);
  };

  const listRequest = (r: PageRequest, depth: number, kind: 'html' | 'hanweb-xml' | 'json') => ({
    url: r.url,
    uniqueKey: `${generation} ${r.method ?? 'GET'} ${r.url} ${r.body ?? ''}`,
    label: kind === 'html' ? (site.pattern === 'browser' ? RENDER : LIST) : API,
    userData: { depth, method: r.method, body: r.body, headers: r.headers, kind } satisfies ListData,
  });

  const isEntry = (url: string) => site.entry.includes(url);

  const router = Router.create<BasicCrawlingContext>();

  router.addHandler(LIST, async ({ request }) => {
    const data = request.userData as ListData;
    if (summary.pages >= site.maxPages) return;
    let page: Fetched;
    try {
      page = await fetcher.fetch({ url: request.url }, { conditional: true });
    } catch (err) {
      return failed(err, request.url, isEntry(request.url));
    }
    summary.pages++;
    progress();
    const format = detectFormat(page.body);
    if (format !== 'html' && format !== 'txt') return; // a column link that serves a file: not a list
    const html = decodeText(page.body, page.contentType).text;
    await enqueue(readListPage(html, page.finalUrl), request.url, data.depth, 'html');
    if (site.pattern === 'json-api' && site.api && isEntry(request.url)) {
      await queue.addRequest(listRequest({ url: apiPageUrl(site.api, 1, request.url), kind: 'json' }, data.depth, 'json'));
    }
  });

  router.addHandler(RENDER, async ({ request }) => {
    const data = request.userData as ListData;
    if (!deps.renderer) throw new Error(`site ${site.id} needs a browser but none is configured`);
    if (summary.pages >= site.maxPages) return;
    let html: string;
    try {
      html = await deps.renderer.render(request.url, { fetcher, waitFor: site.waitFor, delayMs: site.delayMs });
    } catch (err) {
      return failed(err, request.url, isEntry(request.url));
    }
    summary.pages++;
    progress();
    await enqueue(readListPage(html, request.url), request.url, data.depth, 'html');
  });

  router.addHandler(API, async ({ request }) => {
    const data = request.userData as ListData;
    let res: Fetched;
    try {
      res = await fetcher.fetch(
        { url: request.url, method: data.method, body: data.body, headers: data.headers },
        { referer: data.headers?.referer ?? null, conditional: true },
      );
    } catch (err) {
      return failed(err, request.url, false);
    }
    summary.pages++;
    progress();
    const text = decodeText(res.body, res.contentType).text;
    let links: FoundLink[] = [];
    let next: PageRequest[] = [];
    if (data.kind === 'json' && site.api) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return failed(new FetchError('unsupported', 'the list API did not return JSON'), request.url, false);
      }
      const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
      ({ links, next } = readJsonList(json, site.api, request.url, page));
    } else {
      links = readDatastore(text, request.url);
    }
    const reading: PageReading = { items: [], next, columns: [], unmatched: [], lookAlikes: [] };
    for (const l of links) {
      const verdict = judgeTitle(l.title || l.text);
      if (verdict === 'report') reading.items.push({ url: l.url, title: (l.title || l.text).normalize('NFKC').replace(/\s+/g, '') });
      else if (verdict === 'look-alike') reading.lookAlikes.push(l);
      else reading.unmatched.push(l);
    }
    // Hanweb repeats the last record of a group at the start of the next: the queue's unique keys absorb it.
    await enqueue(reading, request.url, data.depth, data.kind ?? 'html');
  });

  const recordDocument = async (
    page: Fetched,
    source: Omit<Parameters<typeof upsertDocumentSource>[1], 'sha256' | 'seenAt' | 'url' | 'finalUrl' | 'siteId'>,
  ) => {
    const seenAt = now();
    const previous = await documentsAtUrl(deps.db, page.url);
    const { isNew } = await upsertDocument(deps.db, {
      sha256: page.sha256,
      bytes: page.body.length,
      contentType: page.contentType,
      format: detectFormat(page.body),
      encoding: null,
      archivePath: page.archivePath || archivePath(page.sha256),
      seenAt,
    });
    await upsertDocumentSource(deps.db, { sha256: page.sha256, url: page.url, finalUrl: page.finalUrl, siteId: site.id, seenAt, ...source });
    if (isNew && previous.some((p) => p.sha256 !== page.sha256)) summary.documentsChanged++;
    else if (isNew) summary.documentsNew++;
    else summary.documentsUnchanged++;
    if (isNew) await deps.onDocument?.(page.sha256);
    progress();
  };

  router.addHandler(DETAIL, async ({ request }) => {
    const data = request.userData as DetailData;
    const recent = await fetcher.recentlyFetched(request.url, deps.recheckAfterMs ?? 0);
    // A crawl killed between fetching a page and recording it leaves a recent fetch but no document: fetch it again
    // (a conditional GET: the body comes from the archive) so that it is recorded.
    const known = recent ? await pageFollowUp(deps.db, recent.sha256, request.url) : null;
    if (recent && known?.recorded) {
      const seenAt = now();
      await upsertDocumentSource(deps.db, {
        sha256: recent.sha256,
        url: request.url,
        siteId: site.id,
        kind: 'detail',
        listUrl: data.listUrl,
        linkText: data.title,
        meta: {},
        seenAt,
      });
      await touchAttachmentsOf(deps.db, recent.sha256, seenAt);
      summary.documentsUnchanged++;
      progress();
      // The page is not asked for again, but its attachments may never have been recorded: a crawl killed between
      // archiving the page and recording them. Read them from the archived page and queue those not recorded (a
      // conditional GET makes one already archived cheap). One that was asked and failed waits, like the page, for
      // the recheck window or --full.
      const bytes = deps.archive.get(recent.sha256);
      if (bytes && detectFormat(bytes) === 'html') {
        const detail = readDetailPage(decodeText(bytes, known.contentType).text, known.finalUrl);
        const failed = await urlsThatFailed(
          deps.db,
          detail.attachments.flatMap((a) => [a.url, ...a.alternates]),
        );
        const missing = detail.attachments.filter((a) => ![a.url, ...a.alternates].some((u) => known.attachmentUrls.has(u) || failed.has(u)));
        await queueAttachments(missing, request.url, recent.sha256, data, false);
      }
      return;
    }
    let page: Fetched;
    try {
      page = await fetcher.fetch({ url: request.url }, { referer: data.listUrl, conditional: true });
    } catch (err) {
      return failed(err, request.url, false);
    }
    const format = detectFormat(page.body);
    if (format !== 'html') {
      // The list links straight to the report file.
      await recordDocument(page, { kind: 'file', listUrl: data.listUrl, linkText: data.title, meta: {} });
      return;
    }
    const html = decodeText(page.body, page.contentType).text;
    const detail = readDetailPage(html, page.finalUrl);
    await recordDocument(page, { kind: 'detail', listUrl: data.listUrl, linkText: data.title, meta: detail.meta });
    await queueAttachments(detail.attachments, request.url, page.sha256, data);
  });

  /** Queues a page's attachments on the site's domains; others are recorded as skipped (once, when the page is new). */
  async function queueAttachments(
    attachments: ReturnType<typeof readDetailPage>['attachments'],
    parentUrl: string,
    parentSha256: string,
    data: DetailData,
    recordSkips = true,
  ): Promise<void> {
    const requests = [];
    for (const a of attachments) {
      if (!fetcher.isAllowedHost(new URL(a.url).host)) {
        if (recordSkips) await fetcher.skipped(a.url, 'off_site', 'attachment on another domain', parentUrl);
        continue;
      }
      requests.push({
        url: a.url,
        uniqueKey: `${ATTACHMENT} ${a.url}`,
        label: ATTACHMENT,
        userData: { parentUrl, parentSha256, text: a.text, alternates: a.alternates, title: data.title, listUrl: data.listUrl } satisfies AttachmentData,
      });
    }
    if (requests.length) await queue.addRequests(requests);
  }

  router.addHandler(ATTACHMENT, async ({ request }) => {
    const data = request.userData as AttachmentData;
    let file: Fetched | undefined;
    let lastError: unknown;
    for (const url of [request.url, ...data.alternates]) {
      try {
        file = await fetcher.fetch({ url }, { referer: data.parentUrl, conditional: true });
        break;
      } catch (err) {
        lastError = err;
        if (!(err instanceof FetchError) || err.outcome !== 'http_error') break;
      }
    }
    if (!file) return failed(lastError, request.url, false);
    await recordDocument(file, {
      kind: 'attachment',
      listUrl: data.listUrl,
      linkText: data.text || data.title,
      parentUrl: data.parentUrl,
      parentSha256: data.parentSha256,
      meta: { title: data.title },
    });
  });

  await queue.addRequests(site.entry.map((url) => listRequest({ url, kind: 'html' }, 0, 'html')));
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
  try {
    await crawler.run();
  } catch (err) {
    crashed = err as Error;
    log.error({ err: crashed.message }, 'site crawl failed');
  }
  if (!crashed) await queue.drop();
  lock.release();

  summary.bytesDownloaded = fetcher.bytesDownloaded;
  summary.durationMs = Date.now() - started;
  summary.status = siteStatus(summary, site, entryFailures, crashed);
  summary.message = crashed
    ? crashed.message
    : summary.status === 'ok'
      ? null
      : (entryFailures[0]?.message ?? (summary.reportsFound === 0 ? 'no reports found' : null));
  if (siteCrawlId !== null) {
    await finishSiteCrawl(deps.db, siteCrawlId, { ...countsOf(summary), status: summary.status, message: summary.message, finishedAt: now() });
  }
  progress();
  return summary;
}

function countsOf(s: SiteCrawlSummary) {
  return {
    pages: s.pages,
    reportsFound: s.reportsFound,
    documentsNew: s.documentsNew,
    documentsChanged: s.documentsChanged,
    documentsUnchanged: s.documentsUnchanged,
    errors: s.errors,
  };
}

function siteStatus(s: SiteCrawlSummary, site: SiteConfig, entryFailures: FetchError[], crashed: Error | null): SiteStatus {
  if (crashed) return 'failed';
  if (s.reportsFound > 0) return 'ok';
  const all = entryFailures.length > 0 && entryFailures.length >= site.entry.length;
  const outcomes = new Set(entryFailures.map((e) => e.outcome));
  if (all && outcomes.has('blocked')) return 'blocked';
  if (all && outcomes.has('robots_disallowed')) return 'disallowed';
  if (all && [...outcomes].every((o) => o === 'timeout' || o === 'network_error' || o === 'private_address' || o === 'http_error')) return 'unreachable';
  return 'empty';
}
