// The crawl's router: one thin crawlee handler per label. Each fetches (politely, through the fetcher), decodes
// through domain/, asks the site's pattern to read the page, records what it found and queues what comes next.
// Built per site crawl by makeRouter (never a module singleton); the reading itself is in crawlers/patterns.
import { type BasicCrawlingContext, Router } from 'crawlee';
import type { Database } from '../db/client.js';
import { pageFollowUp, urlsThatFailed } from '../db/queries/documents.js';
import { decodeText } from '../domain/decode-text.js';
import { detectFormat } from '../domain/detect-format.js';
import { FetchError } from './errors.js';
import type { Archive } from './fetch/archive.js';
import type { Fetched, Fetcher } from './fetch/fetcher.js';
import type { Renderer } from './fetch/render.js';
import { API, ATTACHMENT, type AttachmentData, DETAIL, type DetailData, LIST, type ListData, RENDER } from './labels.js';
import type { Attachment } from './patterns/detail-page.js';
import type { Pattern } from './patterns/pattern.js';
import { judgeTitle } from './patterns/report-title.js';
import type { DocumentRecorder } from './record-document.js';
import { stripSessionIds } from './trap-detector.js';
import type { PageReading, PageRequest, SiteConfig } from './types.js';

type Kind = 'html' | 'hanweb-xml' | 'json';

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
  archive: Pick<Archive, 'get'>;
  record: DocumentRecorder;
  renderer?: Renderer;
  /** Report pages fetched more recently than this are not asked for again (0: every one). */
  recheckAfterMs: number;
  /** Keys list and report pages to this crawl (see crawl-site.ts): a resumed crawl reads them again. */
  generation: string;
  addRequests(requests: QueuedRequest[]): Promise<void>;
  /** Why a list page would be a crawler trap (trap-detector.ts), or null; a trap is recorded once and not followed. */
  trapIn(url: string): string | null;
  /** Counts a list page read. */
  countPage(): void;
  /** Report entries, look-alikes and unmatched links seen. */
  countReading(reading: PageReading): void;
  /** A request that ended in a FetchError (or a spent budget): counted and recorded; anything else is a bug and is thrown. */
  failed(err: unknown, url: string): void | Promise<void>;
}

/** The request for a list page (HTML, rendered, or a list API), keyed to this crawl. */
export function listRequest(deps: Pick<RouteDeps, 'site' | 'generation'>, r: PageRequest, depth: number): QueuedRequest {
  const kind: Kind = r.kind ?? 'html';
  return {
    url: r.url,
    uniqueKey: `${deps.generation} ${r.method ?? 'GET'} ${r.url} ${r.body ?? ''}`,
    label: kind === 'html' ? (deps.site.pattern === 'browser' ? RENDER : LIST) : API,
    userData: { depth, method: r.method, body: r.body, headers: r.headers, kind } satisfies ListData,
  };
}

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

  /** Queues a reading's reports, further pages and (within the depth limit) columns; off-site columns are recorded. */
  const follow = async (reading: PageReading, from: string, depth: number) => {
    deps.countReading(reading);
    const requests: QueuedRequest[] = reading.items.map((item) => {
      const url = stripSessionIds(item.url);
      return { url, uniqueKey: `${DETAIL} ${deps.generation} ${url}`, label: DETAIL, userData: { listUrl: from, title: item.title } satisfies DetailData };
    });
    for (const next of reading.next) {
      const r = await unlessTrap(next, from);
      if (r) requests.push(listRequest(deps, r, depth));
    }
    if (depth < site.maxDepth) {
      for (const col of reading.columns) {
        if (!fetcher.isAllowedHost(new URL(col.url).host)) {
          await fetcher.skipped(col.url, 'off_site', `${new URL(col.url).host} is not one of the site's domains`, from);
          continue;
        }
        const r = await unlessTrap({ url: col.url, kind: 'html' }, from);
        if (r) requests.push(listRequest(deps, r, depth + 1));
      }
    }
    if (requests.length) await deps.addRequests(requests);
  };

  /** Queues a page's attachments on the site's domains; others are recorded as skipped (once, when the page is new). */
  const queueAttachments = async (attachments: Attachment[], parentUrl: string, parentSha256: string, data: DetailData, recordSkips = true) => {
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
        userData: { parentUrl, parentSha256, text: a.text, alternates: a.alternates, title: data.title, listUrl: data.listUrl } satisfies AttachmentData,
      });
    }
    if (requests.length) await deps.addRequests(requests);
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
    await follow(pattern.readList({ text, url: page.finalUrl }, site), request.url, data.depth);
    if (isEntry(request.url)) await deps.addRequests(pattern.entryRequests(request.url, site).map((r) => listRequest(deps, r, data.depth)));
  });

  router.addHandler(RENDER, async ({ request }) => {
    const data = request.userData as ListData;
    if (!deps.renderer) throw new Error(`site ${site.id} needs a browser but none is configured`);
    let text: string;
    try {
      text = await deps.renderer.render(request.url, { fetcher, waitFor: site.waitFor, delayMs: site.delayMs });
    } catch (err) {
      return deps.failed(err, request.url);
    }
    deps.countPage();
    await follow(pattern.readList({ text, url: request.url }, site), request.url, data.depth);
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
      return deps.failed(err, request.url);
    }
    deps.countPage();
    let read: ReturnType<Pattern['readApi']>;
    try {
      read = pattern.readApi({ text: decodeText(res.body, res.contentType).text, url: request.url }, data.kind === 'json' ? 'json' : 'hanweb-xml', site);
    } catch (err) {
      return deps.failed(new FetchError('unsupported', (err as Error).message), request.url);
    }
    const reading: PageReading = { items: [], next: read.next, columns: [], unmatched: [], lookAlikes: [] };
    for (const l of read.links) {
      const verdict = judgeTitle(l.title || l.text);
      if (verdict === 'report') reading.items.push({ url: l.url, title: (l.title || l.text).normalize('NFKC').replace(/\s+/g, '') });
      else if (verdict === 'look-alike') reading.lookAlikes.push(l);
      else reading.unmatched.push(l);
    }
    await follow(reading, request.url, data.depth);
  });

  router.addHandler(DETAIL, async ({ request }) => {
    const data = request.userData as DetailData;
    const recent = await fetcher.recentlyFetched(request.url, deps.recheckAfterMs);
    // A crawl killed between fetching a page and recording it leaves a recent fetch but no document: fetch it again
    // (a conditional GET: the body comes from the archive) so that it is recorded.
    const known = recent ? await pageFollowUp(deps.db, recent.sha256, request.url) : null;
    if (recent && known?.recorded) {
      await deps.record.seenAgain(recent.sha256, request.url, { kind: 'detail', listUrl: data.listUrl, linkText: data.title, meta: {} });
      // The page is not asked for again, but its attachments may never have been recorded: a crawl killed between
      // archiving the page and recording them. Read them from the archived page and queue those not recorded (a
      // conditional GET makes one already archived cheap). One that was asked and failed waits, like the page, for
      // the recheck window or --full.
      const bytes = deps.archive.get(recent.sha256);
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
      return;
    }
    const detail = pattern.readDetail({ text: decodeText(page.body, page.contentType).text, url: page.finalUrl }, site);
    await deps.record.fetched(page, { kind: 'detail', listUrl: data.listUrl, linkText: data.title, meta: detail.meta });
    await queueAttachments(detail.attachments, request.url, page.sha256, data);
  });

  router.addHandler(ATTACHMENT, async ({ request }) => {
    const data = request.userData as AttachmentData;
    let file: Fetched | undefined;
    let lastError: unknown;
    // The link, then the OLDSRC address TRS keeps for the same file, when the link answers with an HTTP error.
    for (const url of [request.url, ...data.alternates]) {
      try {
        file = await fetcher.fetch({ url }, { referer: data.parentUrl, conditional: true });
        break;
      } catch (err) {
        lastError = err;
        if (!(err instanceof FetchError) || err.outcome !== 'http_error') break;
      }
    }
    if (!file) return deps.failed(lastError, request.url);
    await deps.record.fetched(file, {
      kind: 'attachment',
      listUrl: data.listUrl,
      linkText: data.text || data.title,
      parentUrl: data.parentUrl,
      parentSha256: data.parentSha256,
      meta: { title: data.title },
    });
  });

  return router;
}
