// Fetches for one site's crawl: robots.txt, politeness, conditional GET (ETag / Last-Modified, then sha256),
// retries with backoff on 429/5xx/timeouts, challenge pages recorded as blocked; every body archived by sha256
// before it is used, and every fetch recorded in `fetches` (in batches: db/queries/fetch-log.ts). Every request (each
// retry too) is asked of the crawl's budget first, and every byte downloaded counted to it.
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { flushFetchLog, type GoodFetch, lastGoodFetch, lastGoodFetches, type NewFetch, recordFetch } from '../../db/queries/fetch-log.js';
import type { CrawlBudget } from '../budget.js';
import { isSiteHost } from '../define-site.js';
import { FetchError } from '../errors.js';
import { isChallenge } from '../patterns/challenge.js';
import type { Archive } from './archive.js';
import type { Politeness } from './politeness.js';
import { RobotsCache } from './robots.js';
import { httpFetch, type HttpRequest, type HttpResponse } from './safe-http.js';

export interface FetcherOptions {
  userAgent: string;
  allowPrivate: boolean;
  timeoutMs: number;
  maxBytes: number;
  retries: number;
  /** First retry waits this long, then twice as long each time (a Retry-After header wins, up to a minute). */
  backoffMs: number;
  /** Tests and the replica only: connect every request to this loopback host:port (see safe-http.ts). */
  connectTo?: string;
}

/** Where fetches are remembered: the database, or nowhere (`gongkai sites check` stores nothing). */
export interface FetchStore {
  lastGoodFetch(url: string): Promise<GoodFetch | undefined>;
  /** lastGoodFetch of many URLs at once, by URL (those never fetched well are absent). */
  lastGoodFetches(urls: readonly string[]): Promise<Map<string, GoodFetch>>;
  /** Records a fetch; the row may be written later (in a batch), but the reads above see it at once. */
  recordFetch(row: NewFetch): Promise<void>;
  /** Writes every row recorded so far (and waits for them); throws when writing one failed. */
  flush(): Promise<void>;
}

export function databaseStore(db: Database): FetchStore {
  return {
    lastGoodFetch: (url) => lastGoodFetch(db, url),
    lastGoodFetches: (urls) => lastGoodFetches(db, urls),
    recordFetch: (row) => recordFetch(db, row),
    flush: () => flushFetchLog(db),
  };
}

export const NO_STORE: FetchStore = {
  lastGoodFetch: async () => undefined,
  lastGoodFetches: async () => new Map(),
  recordFetch: async () => {},
  flush: async () => {},
};

export interface FetcherContext {
  store: FetchStore;
  archive: Pick<Archive, 'put' | 'get' | 'has'>;
  politeness: Pick<Politeness, 'run'>;
  log: Logger;
  runId: number | null;
  siteId: string;
  domains: string[];
  delayMs: number;
  concurrency: number;
  options: FetcherOptions;
  /** The crawl's budget: asked before each request (throws BudgetSpentError once spent). None: no budget. */
  budget?: Pick<CrawlBudget, 'beforeRequest' | 'countBytes'>;
}

export interface Fetched {
  url: string;
  finalUrl: string;
  status: number;
  /** 'not_modified' when the server said 304 (the body is then the archived copy). */
  outcome: 'ok' | 'not_modified';
  body: Buffer;
  sha256: string;
  archivePath: string;
  contentType: string | null;
  /** The body differs from what this URL gave last time (or there was no last time). */
  changed: boolean;
  /** Bytes that came over the network for this fetch (0 for a 304). */
  downloaded: number;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);

export class Fetcher {
  private readonly robots: RobotsCache;
  bytesDownloaded = 0;

  constructor(private readonly ctx: FetcherContext) {
    this.robots = new RobotsCache('gongkai', async (url) => {
      try {
        const res = await this.exchange({ url }, null);
        await this.record({
          url,
          finalUrl: res.finalUrl,
          httpStatus: res.status,
          outcome: res.status < 400 ? 'ok' : 'http_error',
          bytes: res.body.length,
          error:
            res.status === 429 || res.status >= 500
              ? 'robots.txt unreachable: nothing on this host is fetched'
              : res.status >= 400
                ? 'no robots.txt: everything allowed'
                : null,
        });
        return { status: res.status, body: res.body.toString('utf8') };
      } catch (err) {
        if (!(err instanceof FetchError)) throw err;
        await this.record({
          url,
          outcome: err.outcome,
          error: `${err.message} (robots.txt unreachable: nothing on this host is fetched)`,
          httpStatus: err.httpStatus,
        });
        return { error: err };
      }
    });
  }

  /**
   * Every fetch recorded so far is in the store once this resolves (rows are written in batches): called when the
   * site's crawl ends, so that its fetch log is complete when its crawl is recorded as finished.
   */
  flush(): Promise<void> {
    return this.ctx.store.flush();
  }

  isAllowedHost = (host: string): boolean => isSiteHost(this.ctx.domains, host);

  /** What the robots.txt of `url`'s origin says about it (fetched once per origin, as for a fetch). */
  async robotsState(url: string): Promise<'allowed' | 'disallowed' | 'unreachable'> {
    const rules = await this.robots.rulesFor(url);
    return rules.unreachable ? 'unreachable' : rules.isAllowed(url) ? 'allowed' : 'disallowed';
  }

  private async record(row: Partial<NewFetch> & { url: string; outcome: NewFetch['outcome'] }): Promise<void> {
    await this.ctx.store.recordFetch({ runId: this.ctx.runId, siteId: this.ctx.siteId, ...row });
  }

  /** One polite exchange with retries; throws FetchError when no usable response came. */
  private async exchange(req: HttpRequest, referer: string | null, delayMs = this.ctx.delayMs, maxBytes = this.ctx.options.maxBytes): Promise<HttpResponse> {
    const { options } = this.ctx;
    const host = new URL(req.url).host;
    const headers: Record<string, string> = {
      'user-agent': options.userAgent,
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf,*/*;q=0.8',
      'accept-language': 'zh-CN,zh;q=0.9',
      'accept-encoding': 'gzip, deflate, br',
      ...(referer ? { referer } : {}),
      ...req.headers,
    };
    let attempt = 0;
    for (;;) {
      let wait = 0;
      await this.ctx.budget?.beforeRequest();
      try {
        const res = await this.ctx.politeness.run(host, delayMs, this.ctx.concurrency, () =>
          httpFetch(
            { ...req, headers },
            {
              timeoutMs: options.timeoutMs,
              maxBytes: Math.min(maxBytes, options.maxBytes),
              allowPrivate: options.allowPrivate,
              isAllowedHost: this.isAllowedHost,
              connectTo: options.connectTo,
            },
          ),
        );
        if (!RETRY_STATUS.has(res.status) || attempt >= options.retries) return res;
        const retryAfter = Number(res.headers['retry-after']);
        wait = Number.isFinite(retryAfter) ? Math.min(60_000, retryAfter * 1000) : options.backoffMs * 2 ** attempt;
      } catch (err) {
        const e = err as FetchError;
        // A name that does not resolve will not resolve in a second either.
        const transient = e.outcome === 'timeout' || (e.outcome === 'network_error' && !/ENOTFOUND/.test(e.message));
        if (!transient || attempt >= options.retries) throw err;
        wait = options.backoffMs * 2 ** attempt;
      }
      attempt++;
      this.ctx.log.debug({ site: this.ctx.siteId, url: req.url, attempt }, 'retrying');
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /**
   * GETs (or POSTs) a URL politely. With `conditional`, sends the validators of the last fetch and, on 304,
   * returns the archived body. Records the fetch; throws FetchError for robots, blocked, HTTP errors, limits.
   */
  async fetch(req: HttpRequest, opts: { referer?: string | null; conditional?: boolean; maxBytes?: number } = {}): Promise<Fetched> {
    const url = req.url;
    const started = Date.now();
    const fail = async (e: FetchError): Promise<never> => {
      await this.record({
        url,
        outcome: e.outcome,
        error: e.message,
        httpStatus: e.httpStatus,
        durationMs: Date.now() - started,
        referrer: opts.referer ?? null,
      });
      throw e;
    };
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return fail(new FetchError('unsupported', `not a URL: ${url}`));
    }
    if (!this.isAllowedHost(host)) return fail(new FetchError('off_site', `${host} is not one of the site's domains`));
    const robots = await this.robots.rulesFor(url);
    if (robots.unreachable) return fail(robots.unreachable);
    if (!robots.isAllowed(url)) return fail(new FetchError('robots_disallowed', 'robots.txt disallows this URL'));
    const previous = opts.conditional && (req.method ?? 'GET') === 'GET' ? await this.lastGoodOf(url) : undefined;
    const conditional: Record<string, string> = {};
    if (previous?.sha256 && this.ctx.archive.has(previous.sha256)) {
      if (previous.etag) conditional['if-none-match'] = previous.etag;
      if (previous.lastModified) conditional['if-modified-since'] = previous.lastModified;
    }
    let res: HttpResponse;
    try {
      // A Crawl-delay longer than the site's own pause wins.
      res = await this.exchange(
        { ...req, headers: { ...req.headers, ...conditional } },
        opts.referer ?? null,
        Math.max(this.ctx.delayMs, robots.delayMs),
        opts.maxBytes,
      );
    } catch (err) {
      if (err instanceof FetchError) return fail(err);
      throw err;
    }
    const contentType = res.headers['content-type'] ?? null;
    const common = {
      url,
      finalUrl: res.finalUrl,
      httpStatus: res.status,
      etag: res.headers.etag ?? null,
      lastModified: res.headers['last-modified'] ?? null,
      contentType,
      durationMs: Date.now() - started,
      referrer: opts.referer ?? null,
    };
    this.bytesDownloaded += res.body.length;
    this.ctx.budget?.countBytes(res.body.length);
    if (res.status === 304 && previous?.sha256) {
      const body = this.ctx.archive.get(previous.sha256)!;
      await this.record({
        ...common,
        outcome: 'not_modified',
        sha256: previous.sha256,
        bytes: body.length,
        etag: common.etag ?? previous.etag,
        lastModified: common.lastModified ?? previous.lastModified,
      });
      return {
        url,
        finalUrl: res.finalUrl,
        status: 304,
        outcome: 'not_modified',
        body,
        sha256: previous.sha256,
        archivePath: '',
        contentType,
        changed: false,
        downloaded: 0,
      };
    }
    if (isChallenge(res.status, res.headers, res.body)) {
      return fail(new FetchError('blocked', `the server answered with a JavaScript challenge (HTTP ${res.status})`, res.status));
    }
    if (res.status >= 400) return fail(new FetchError('http_error', `HTTP ${res.status}`, res.status));
    const stored = this.ctx.archive.put(res.body);
    await this.record({ ...common, outcome: 'ok', sha256: stored.sha256, bytes: res.body.length });
    return {
      url,
      finalUrl: res.finalUrl,
      status: res.status,
      outcome: 'ok',
      body: res.body,
      sha256: stored.sha256,
      archivePath: stored.path,
      contentType,
      changed: previous?.sha256 !== stored.sha256,
      downloaded: res.body.length,
    };
  }

  /** The last good fetch of a URL, when it is younger than `maxAgeMs` and its body is in the archive. */
  async recentlyFetched(url: string, maxAgeMs: number): Promise<{ sha256: string } | null> {
    if (maxAgeMs <= 0) return null;
    // Found due by recentlyFetchedMany: still due (nothing has fetched it since).
    if (this.lastGoodRead.has(url)) return null;
    return this.sortRecent(url, await this.ctx.store.lastGoodFetch(url), maxAgeMs);
  }

  /**
   * recentlyFetched for a list page's links at once (one query): the sha256 of each fetched recently, by URL. Those
   * due keep what was read for their fetch, so that neither recentlyFetched nor the fetch asks again.
   */
  async recentlyFetchedMany(urls: readonly string[], maxAgeMs: number): Promise<Map<string, string>> {
    const recent = new Map<string, string>();
    if (maxAgeMs <= 0 || urls.length === 0) return recent;
    const last = await this.ctx.store.lastGoodFetches(urls.filter((u) => !this.lastGoodRead.has(u)));
    for (const url of urls) {
      if (this.lastGoodRead.has(url)) continue;
      const found = this.sortRecent(url, last.get(url), maxAgeMs);
      if (found) recent.set(url, found.sha256);
    }
    return recent;
  }

  private sortRecent(url: string, prev: GoodFetch | undefined, maxAgeMs: number): { sha256: string } | null {
    if (!prev?.sha256 || Date.now() - new Date(prev.fetchedAt).getTime() > maxAgeMs || !this.ctx.archive.has(prev.sha256)) {
      // It is due: the fetch that follows takes its validators from here instead of reading them again.
      this.lastGoodRead.set(url, prev);
      return null;
    }
    return { sha256: prev.sha256 };
  }

  /** Last good fetches read by recentlyFetched for URLs found due, each taken by the URL's next fetch. */
  private readonly lastGoodRead = new Map<string, GoodFetch | undefined>();

  private async lastGoodOf(url: string): ReturnType<FetchStore['lastGoodFetch']> {
    if (this.lastGoodRead.has(url)) {
      const prev = this.lastGoodRead.get(url);
      this.lastGoodRead.delete(url);
      return prev;
    }
    return this.ctx.store.lastGoodFetch(url);
  }

  /**
   * Archives and records what the browser got: a rendered page (its HTML after JavaScript ran) or a data response
   * its scripts fetched. Returns the body's sha256.
   */
  async recordBrowserFetch(r: { url: string; status: number; bytes: Buffer; contentType: string | null; durationMs: number }): Promise<string> {
    const stored = this.ctx.archive.put(r.bytes);
    this.bytesDownloaded += r.bytes.length;
    await this.record({
      url: r.url,
      finalUrl: r.url,
      httpStatus: r.status,
      outcome: 'ok',
      sha256: stored.sha256,
      bytes: r.bytes.length,
      contentType: r.contentType,
      durationMs: r.durationMs,
    });
    return stored.sha256;
  }

  /** Whether robots.txt lets the crawler fetch this URL (false too when the host's robots.txt is unreachable). */
  async robotsAllow(url: string): Promise<boolean> {
    const robots = await this.robots.rulesFor(url);
    return !robots.unreachable && robots.isAllowed(url);
  }

  /** Runs `fn` (a browser render) under the host's politeness, like an HTTP request. */
  async politely<T>(url: string, fn: () => Promise<T>): Promise<T> {
    const robots = await this.robots.rulesFor(url);
    await this.ctx.budget?.beforeRequest();
    return this.ctx.politeness.run(new URL(url).host, Math.max(this.ctx.delayMs, robots.delayMs), this.ctx.concurrency, fn);
  }

  /** Checks robots.txt and the domain for a URL fetched by other means (the browser). */
  async assertAllowed(url: string): Promise<void> {
    if (!this.isAllowedHost(new URL(url).host)) throw new FetchError('off_site', "not one of the site's domains");
    const robots = await this.robots.rulesFor(url);
    if (robots.unreachable) throw robots.unreachable;
    if (!robots.isAllowed(url)) throw new FetchError('robots_disallowed', 'robots.txt disallows this URL');
  }

  /** Records a link that was not followed (off-site, a trap, over the budget …) so that nothing is silently dropped. */
  async skipped(
    url: string,
    outcome: 'off_site' | 'unsupported' | 'robots_disallowed' | 'needs_browser' | 'trap' | 'over_budget',
    reason: string,
    referer: string | null,
  ): Promise<void> {
    await this.record({ url, outcome, error: reason, referrer: referer });
  }
}
