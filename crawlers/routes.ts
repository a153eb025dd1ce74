// The crawl's router: one thin crawlee handler per label. Each fetches (politely, through the fetcher), decodes
// through domain/, asks the site's pattern to read the page, records what it found and queues what comes next.
// A list page whose list is built by JavaScript is read from what its sources name (a known list API, a remembered
// one) or else run in the browser, whose data requests are read as lists and remembered. Built per site crawl by
// makeRouter (never a module singleton); the reading itself is in crawlers/patterns.
import { type BasicCrawlingContext, Router } from 'crawlee';
import type { Database } from '../db/client.js';
import { pageFollowUp, recordedDocuments } from '../db/queries/documents.js';
import { urlsThatFailed } from '../db/queries/fetch-log.js';
import { decodeText } from '../domain/decode-text.js';
import { detectFormat } from '../domain/detect-format.js';
import { FetchError } from './errors.js';
import type { Archive } from './fetch/archive.js';
import type { Fetched, Fetcher } from './fetch/fetcher.js';
import type { Rendered, Renderer } from './fetch/render.js';
import { API, ATTACHMENT, type AttachmentData, DETAIL, type DetailData, LIST, type ListData, RENDER } from './labels.js';
import { type DataRecord, sortDataPage } from './patterns/data-records.js';
import type { Attachment } from './patterns/detail-page.js';
import { judgeShell, type ShellVerdict } from './patterns/js-shell.js';
import { sortEntries } from './patterns/list-page.js';
import type { Pattern } from './patterns/pattern.js';
import type { DocumentRecorder } from './record-document.js';
import { stripSessionIds } from './trap-detector.js';
import type { PageReading, PageRequest, SiteConfig } from './types.js';

/** A list API a page of the site was seen calling in an earlier crawl (site_list_apis). */
export interface RememberedApi {
  id: number;
  pageUrl: string;
  method: 'GET' | 'POST';
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** The site's remembered list APIs: read once per crawl, renewed when seen again, marked when they answer or fail. */
export interface ListApiMemory {
  all(): Promise<RememberedApi[]>;
  remember(api: Omit<RememberedApi, 'id'>, reports: number): Promise<void>;
  /** A remembered API answered with `reports` report records, or (null) failed or answered with none. */
  answered(id: number, reports: number | null): Promise<void>;
}

/** A request as the site's queue takes it. */
export interface QueuedRequest {
  url: string;
  uniqueKey: string;
  label: string;
  userData: ListData | DetailData | AttachmentData;
}

export interface RouteDeps {
  site: SiteConfig;
  pattern: Pattern;
  db: Database;
  fetcher: Fetcher;
  archive: Pick<Archive, 'get' | 'put'>;
  record: DocumentRecorder;
  /** The browser, when one is installed: lists built by JavaScript are rendered with it. */
  renderer?: Renderer;
  listApis: ListApiMemory;
  /** Report pages fetched more recently than this are not asked for again (0: every one). */
  recheckAfterMs: number;
  /**
   * Whether a report page not asked for again is read from the archive for attachments never recorded (a crawl
   * killed between the page and its files). Not needed after a crawl that followed everything (lastCrawlComplete):
   * reading every known page again was most of a nightly crawl's CPU.
   */
  followUpRecent: boolean;
  /** Keys list and report pages to this crawl (see crawl-site.ts): a resumed crawl reads them again. */
  generation: string;
  addRequests(requests: QueuedRequest[]): Promise<void>;
  /** Why a list page would be a crawler trap (trap-detector.ts), or null; a trap is recorded once and not followed. */
  trapIn(url: string): string | null;
  /** Counts a list page read. */
  countPage(): void;
  /** Counts a page run in the browser. */
  countRender(): void;
  /**
   * A JavaScript shell that is not a report column (a platform's home, a menu): kept for later, rendered only when
   * the site shows no report anywhere else (see makeRouter's `browse`).
   */
  deferShell(shell: { url: string; depth: number; why: string }): void;
  /** Report entries (and reports delivered as fragments, by their address), look-alikes and unmatched links seen. */
  countReading(reading: PageReading, fragments?: string[]): void;
  /** A request that ended in a FetchError (or a spent budget): counted and recorded; anything else is a bug and is thrown. */
  failed(err: unknown, url: string): void | Promise<void>;
}

/**
 * The request for a list page (HTML, rendered, or a list API), keyed to this crawl. `more` carries what a discovered
 * list API needs (the page that calls it, whether to plan its pages) and the link text that led to a page.
 */
export function listRequest(
  deps: Pick<RouteDeps, 'site' | 'generation'>,
  r: PageRequest,
  depth: number,
  more: Pick<ListData, 'linkText' | 'pageUrl' | 'plan' | 'rememberedId'> = {},
): QueuedRequest {
  const kind = r.kind ?? 'html';
  if (kind === 'html' && deps.site.pattern === 'browser') return { ...renderRequest(deps, r.url, depth), userData: { depth, kind, ...more } };
  return {
    url: r.url,
    uniqueKey: `${deps.generation} ${r.method ?? 'GET'} ${r.url} ${r.body ?? ''}`,
    label: kind === 'html' ? LIST : API,
    userData: { depth, method: r.method, body: r.body, headers: r.headers, kind, ...more } satisfies ListData,
  };
}

/** The request that runs a page in the browser (once per crawl, whatever led to it). */
export function renderRequest(deps: Pick<RouteDeps, 'generation'>, url: string, depth: number): QueuedRequest {
  return { url, uniqueKey: `${RENDER} ${deps.generation} ${url}`, label: RENDER, userData: { depth, kind: 'html' } satisfies ListData };
}

/** The largest image of a page's report that is fetched (a scanned A4 page at 200 dpi is well under 2 MB as JPEG). */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

export function makeRouter(deps: RouteDeps) {
  const { site, pattern, fetcher } = deps;
  const router = Router.create<BasicCrawlingContext>();
  const isEntry = (url: string) => site.entry.includes(url);

  const trapReported = new Set<string>();
  /** A list page to queue, unless it is a trap: the first link of each kind of trap is recorded as skipped. */
  const unlessTrap = async (r: PageRequest, from: string): Promise<PageRequest | null> => {
    const url = stripSessionIds(r.url);
    const trap = deps.trapIn(url);
    if (!trap) return { ...r, url };
    if (!trapReported.has(trap)) {
      trapReported.add(trap);
      await fetcher.skipped(url, 'trap', `not followed: ${trap}`, from);
    }
    return null;
  };

  /**
   * Queues a reading's reports, further pages and (within the depth limit) columns; off-site columns are recorded.
   * `pageUrl` is the page whose list it is, for further pages of a discovered list API.
   */
  const follow = async (reading: PageReading, from: string, depth: number, pageUrl?: string, fragments: string[] = []) => {
    deps.countReading(reading, fragments);
    const items = [];
    for (const item of reading.items) {
      const url = stripSessionIds(item.url);
      if (detailsFollowed.has(url)) continue;
      detailsFollowed.add(url);
      items.push({ ...item, url });
    }
    const known = await seenAgain(items, from);
    const requests: QueuedRequest[] = items
      .filter((item) => !known.has(item.url))
      .map((item) => ({
        url: item.url,
        uniqueKey: `${DETAIL} ${deps.generation} ${item.url}`,
        label: DETAIL,
        userData: { listUrl: from, title: item.title, ...(item.alsoAt ? { alsoAt: item.alsoAt } : {}) } satisfies DetailData,
      }));
    for (const next of reading.next) {
      const r = await unlessTrap(next, from);
      if (!r) continue;
      // A discovered list API named by the page (or a later page of one): plan its pages from the first.
      const discovered = next.kind === 'data' ? { pageUrl: pageUrl ?? from, plan: pageUrl === undefined } : {};
      requests.push(listRequest(deps, r, depth, discovered));
    }
    if (depth < site.maxDepth) {
      for (const col of reading.columns) {
        if (!fetcher.isAllowedHost(new URL(col.url).host)) {
          await fetcher.skipped(col.url, 'off_site', `${new URL(col.url).host} is not one of the site's domains`, from);
          continue;
        }
        const r = await unlessTrap({ url: col.url, kind: 'html' }, from);
        if (r) requests.push(listRequest(deps, r, depth + 1, { linkText: col.title || col.text }));
      }
    }
    if (requests.length) await deps.addRequests(requests);
  };

  /** Report pages this crawl has followed (each once, whichever list shows it first). */
  const detailsFollowed = new Set<string>();

  /**
   * The report pages of a list fetched within the recheck window and recorded: seen again here, in one go, instead of
   * each through the queue (a nightly crawl's thousands of them were most of its work). Returns their URLs. After a
   * crawl that did not follow everything (followUpRecent), each goes through the queue to be read for attachments.
   */
  const seenAgain = async (items: { url: string; title: string; alsoAt?: string[] }[], from: string): Promise<Set<string>> => {
    if (deps.followUpRecent || items.length === 0) return new Set();
    const recent = await fetcher.recentlyFetchedMany(
      items.map((i) => i.url),
      deps.recheckAfterMs,
    );
    const recorded = recent.size ? await recordedDocuments(deps.db, [...recent.values()]) : new Set<string>();
    const known = items.filter((i) => recorded.has(recent.get(i.url) ?? ''));
    await deps.record.seenAgain(
      known.map((i) => ({
        sha256: recent.get(i.url)!,
        url: i.url,
        alsoAt: i.alsoAt ?? [],
        source: { kind: 'detail', listUrl: from, linkText: i.title, meta: {} },
      })),
    );
    return new Set(known.map((i) => i.url));
  };

  /** Queues a page's attachments on the site's domains; others are recorded as skipped (once, when the page is new). */
  const queueAttachments = async (
    attachments: Attachment[],
    parentUrl: string,
    parentSha256: string,
    data: DetailData,
    recordSkips = true,
    referer?: string,
  ) => {
    const requests: QueuedRequest[] = [];
    for (const a of attachments) {
      if (!fetcher.isAllowedHost(new URL(a.url).host)) {
        if (recordSkips) await fetcher.skipped(a.url, 'off_site', 'attachment on another domain', parentUrl);
        continue;
      }
      requests.push({
        url: a.url,
        uniqueKey: `${ATTACHMENT} ${a.url}`,
        label: ATTACHMENT,
        userData: {
          parentUrl,
          parentSha256,
          text: a.text,
          alternates: a.alternates,
          title: data.title,
          listUrl: data.listUrl,
          referer,
          ...(a.image ? { imageSrc: a.image.src } : {}),
        } satisfies AttachmentData,
      });
    }
    if (requests.length) await deps.addRequests(requests);
  };

  const flaggedNoBrowser = new Set<string>();
  /** Records that a page needed a browser and none was there: an error of the crawl, not an empty list. */
  const needsBrowser = async (url: string, why: string, referer: string | null) => {
    if (flaggedNoBrowser.has(url)) return;
    flaggedNoBrowser.add(url);
    await fetcher.skipped(url, 'needs_browser', `the list is built by JavaScript (${why}) and no browser is available (CHROMIUM_PATH)`, referer);
    await deps.failed(new FetchError('needs_browser', why), url);
  };

  /** Runs a page in the browser, or without one records that it needs one. */
  const browse = async (url: string, depth: number, why: string) => {
    if (deps.renderer) await deps.addRequests([renderRequest(deps, url, depth)]);
    else await needsBrowser(url, why, null);
  };

  /**
   * A page whose list its scripts build: ask the list APIs its sources name or an earlier crawl remembered (each
   * falls back to the browser if it answers with nothing), else run it in the browser — or, without one, record
   * that it needs one. A shell that is not a report column waits (deferShell).
   */
  const readShell = async (url: string, text: string, data: ListData, shell: ShellVerdict) => {
    const remembered = (await deps.listApis.all()).filter((a) => a.pageUrl === url);
    const named = pattern.readShell({ text, url }, site);
    const requests = [
      ...remembered.map((a) => listRequest(deps, { ...a, kind: 'data' }, data.depth, { pageUrl: url, plan: true, rememberedId: a.id })),
      ...named.map((r) => listRequest(deps, r, data.depth, { pageUrl: url, plan: true })),
    ];
    if (requests.length) return deps.addRequests(requests);
    if (shell.isReportList) await browse(url, data.depth, shell.reasons.join(', '));
    else deps.deferShell({ url, depth: data.depth, why: shell.reasons.join(', ') });
  };

  router.addHandler(LIST, async ({ request }) => {
    const data = request.userData as ListData;
    let page: Fetched;
    try {
      page = await fetcher.fetch({ url: request.url }, { conditional: true });
    } catch (err) {
      return deps.failed(err, request.url);
    }
    deps.countPage();
    const format = detectFormat(page.body);
    if (format !== 'html' && format !== 'txt') return; // a column link that serves a file: not a list
    const text = decodeText(page.body, page.contentType).text;
    const reading = pattern.readList({ text, url: page.finalUrl }, site);
    await follow(reading, request.url, data.depth);
    if (isEntry(request.url)) await deps.addRequests(pattern.entryRequests(request.url, site).map((r) => listRequest(deps, r, data.depth)));
    // A site whose configuration names its list API reads its lists from there.
    if (site.api) return;
    const shell = judgeShell(text, request.url, { items: reading.items.length, next: reading.next.length, linkText: data.linkText });
    if (shell.isShell) await readShell(request.url, text, data, shell);
  });

  router.addHandler(RENDER, async ({ request }) => {
    const data = request.userData as ListData;
    if (!deps.renderer) return needsBrowser(request.url, `site ${site.id} is configured as pattern: browser`, null);
    let rendered: Rendered;
    try {
      rendered = await deps.renderer.render(request.url, { fetcher, waitFor: site.waitFor, delayMs: site.delayMs });
    } catch (err) {
      return deps.failed(err, request.url);
    }
    deps.countPage();
    deps.countRender();
    for (const url of rendered.disallowed)
      await fetcher.skipped(url, 'robots_disallowed', "robots.txt disallows this URL (asked for by the page's scripts)", request.url);
    await follow(pattern.readList({ text: rendered.html, url: request.url }, site), request.url, data.depth);
    // The data the page's scripts fetched: each response that lists reports is read like an API page, its other pages
    // are asked for directly, and it is remembered so that later crawls need no browser for it.
    for (const r of rendered.responses) {
      const req: PageRequest = { url: r.url, method: r.method, body: r.body, headers: r.headers, kind: 'data' };
      const reports = await readDataPage(decodeText(r.bytes, r.contentType).text, req, { pageUrl: request.url, depth: data.depth, plan: true, from: r.url });
      if (reports > 0) await deps.listApis.remember({ pageUrl: request.url, method: r.method, url: r.url, body: r.body ?? '', headers: r.headers }, reports);
    }
  });

  /** Keys of the API records seen in this crawl: a page of an API without totals that brings none new ends it. */
  const seenRecords = new Set<string>();

  /** Reads one page of a discovered list API; returns how many report records it held. */
  const readDataPage = async (text: string, req: PageRequest, ctx: { pageUrl: string; depth: number; plan: boolean; from: string }): Promise<number> => {
    const page = sortDataPage(pattern.readData({ text, url: req.url }, ctx.pageUrl, site), req, ctx.plan, (key) => !seenRecords.has(key));
    for (const key of [...page.reading.items.map((i) => i.url), ...page.fragments.map((f) => f.url)]) seenRecords.add(key);
    await follow(
      page.reading,
      ctx.from,
      ctx.depth,
      ctx.pageUrl,
      page.fragments.map((f) => f.url),
    );
    for (const f of page.fragments) await recordFragment(f.record, f.url, ctx.pageUrl);
    return page.reports;
  };

  /** Archives a report a list API delivered as HTML in its record, as a document of its own, and queues its files. */
  const recordFragment = async (record: DataRecord, url: string, pageUrl: string) => {
    const bytes = Buffer.from(record.fragment!, 'utf8');
    let stored: { sha256: string; path: string };
    try {
      stored = deps.archive.put(bytes);
    } catch (err) {
      return deps.failed(err, url);
    }
    const meta: Record<string, string> = { ArticleTitle: record.title };
    if (record.date) meta.PubDate = record.date;
    if (record.publisher) meta.ContentSource = record.publisher;
    if (record.id) meta.recordId = record.id;
    await deps.record.fetched(
      {
        url,
        finalUrl: url,
        status: 200,
        outcome: 'ok',
        body: bytes,
        sha256: stored.sha256,
        archivePath: stored.path,
        contentType: 'text/html; charset=utf-8',
        changed: true,
        downloaded: 0,
      },
      { kind: 'fragment', listUrl: pageUrl, linkText: record.title, meta },
    );
    // Its files: those the record lists, and those its HTML links to.
    const own = pattern.readDetail({ text: record.fragment!, url: pageUrl }, site).attachments;
    const listed = record.attachments.filter((a) => !own.some((o) => o.url === a.url)).map((a) => ({ url: a.url, text: a.name, alternates: [] }));
    await queueAttachments([...listed, ...own], url, stored.sha256, { listUrl: pageUrl, title: record.title }, true, pageUrl);
  };

  router.addHandler(API, async ({ request }) => {
    const data = request.userData as ListData;
    const req: PageRequest = { url: request.url, method: data.method, body: data.body, headers: data.headers, kind: data.kind ?? 'json' };
    let res: Fetched;
    try {
      res = await fetcher.fetch(req, { referer: data.headers?.referer ?? data.pageUrl ?? null, conditional: true });
    } catch (err) {
      await apiAnswered(data, request.url, null);
      return deps.failed(err, request.url);
    }
    deps.countPage();
    const text = decodeText(res.body, res.contentType).text;
    if (data.kind === 'data') {
      const reports = await readDataPage(text, req, { pageUrl: data.pageUrl ?? request.url, depth: data.depth, plan: data.plan ?? false, from: request.url });
      return apiAnswered(data, request.url, reports);
    }
    let read: ReturnType<Pattern['readApi']>;
    try {
      read = pattern.readApi({ text, url: request.url }, data.kind === 'json' ? 'json' : 'hanweb-xml', site);
    } catch (err) {
      return deps.failed(new FetchError('unsupported', (err as Error).message), request.url);
    }
    await follow({ ...sortEntries(read.links), next: read.next, columns: [] }, request.url, data.depth);
  });

  /**
   * After the first page of a list API named by a shell page (or remembered): a remembered API is marked as answered
   * or not, and one that gave no report sends the page to the browser after all (or records that it needs one).
   */
  const apiAnswered = async (data: ListData, url: string, reports: number | null) => {
    if (!data.plan || !data.pageUrl) return;
    if (data.rememberedId !== undefined) await deps.listApis.answered(data.rememberedId, reports || null);
    if (!reports) await browse(data.pageUrl, data.depth, `its list API ${url} gave no report`);
  };

  router.addHandler(DETAIL, async ({ request }) => {
    const data = request.userData as DetailData;
    const recent = await fetcher.recentlyFetched(request.url, deps.recheckAfterMs);
    // A crawl killed between fetching a page and recording it leaves a recent fetch but no document: fetch it again
    // (a conditional GET: the body comes from the archive) so that it is recorded.
    const known = recent ? await pageFollowUp(deps.db, recent.sha256, request.url, deps.followUpRecent) : null;
    if (recent && known?.recorded) {
      await deps.record.seenAgain([
        {
          sha256: recent.sha256,
          url: request.url,
          alsoAt: data.alsoAt ?? [],
          source: { kind: 'detail', listUrl: data.listUrl, linkText: data.title, meta: {} },
        },
      ]);
      // The page is not asked for again, but its attachments may never have been recorded: a crawl killed between
      // archiving the page and recording them. Read them from the archived page and queue those not recorded (a
      // conditional GET makes one already archived cheap). One that was asked and failed waits, like the page, for
      // the recheck window or --full.
      const bytes = deps.followUpRecent ? deps.archive.get(recent.sha256) : null;
      if (bytes && detectFormat(bytes) === 'html') {
        const detail = pattern.readDetail({ text: decodeText(bytes, known.contentType).text, url: known.finalUrl }, site);
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
      return deps.failed(err, request.url);
    }
    if (detectFormat(page.body) !== 'html') {
      // The list links straight to the report file.
      await deps.record.fetched(page, { kind: 'file', listUrl: data.listUrl, linkText: data.title, meta: {} });
      await deps.record.alsoAt(page.sha256, page.finalUrl, data.alsoAt ?? [], { kind: 'file', listUrl: data.listUrl, linkText: data.title, meta: {} });
      return;
    }
    const detail = pattern.readDetail({ text: decodeText(page.body, page.contentType).text, url: page.finalUrl }, site);
    // A page too deep or too large to read is still recorded (its reader refuses it in turn), with why on its source.
    const meta = detail.refused ? { ...detail.meta, refused: detail.refused } : detail.meta;
    await deps.record.fetched(page, { kind: 'detail', listUrl: data.listUrl, linkText: data.title, meta });
    await deps.record.alsoAt(page.sha256, page.finalUrl, data.alsoAt ?? [], { kind: 'detail', listUrl: data.listUrl, linkText: data.title, meta });
    await queueAttachments(detail.attachments, request.url, page.sha256, data);
  });

  router.addHandler(ATTACHMENT, async ({ request }) => {
    const data = request.userData as AttachmentData;
    let file: Fetched | undefined;
    let lastError: unknown;
    // The link, then the OLDSRC address TRS keeps for the same file, when the link answers with an HTTP error.
    // An image of the page is bounded tighter than a file: a table legible at 200 dpi fits in a few MB.
    const maxBytes = data.imageSrc !== undefined ? MAX_IMAGE_BYTES : undefined;
    for (const url of [request.url, ...data.alternates]) {
      try {
        file = await fetcher.fetch({ url }, { referer: data.referer ?? data.parentUrl, conditional: true, maxBytes });
        break;
      } catch (err) {
        lastError = err;
        if (!(err instanceof FetchError) || err.outcome !== 'http_error') break;
      }
    }
    if (!file) return deps.failed(lastError, request.url);
    // An image of the page's report is kept as part of the page (kind 'image', with its src as written): the page is
    // read with it in place, and it is never read as a report of its own.
    await deps.record.fetched(file, {
      kind: data.imageSrc !== undefined ? 'image' : 'attachment',
      listUrl: data.listUrl,
      linkText: data.text || data.title,
      parentUrl: data.parentUrl,
      parentSha256: data.parentSha256,
      meta: data.imageSrc !== undefined ? { title: data.title, src: data.imageSrc } : { title: data.title },
    });
  });

  return { router, browse };
}
