// Lists that exist only after JavaScript runs are rendered by Playwright in Debian's Chromium (no browser download),
// launched the first time a page needs it. The page's own requests stay within the site's domains and robots.txt
// (images, fonts and media are not loaded); the data its scripts fetch (JSON, JSONP, XML) is captured and handed back
// with the rendered HTML, so that the crawl can read the list API and call it directly next time. The render counts
// as one polite request to the host; the rendered HTML and each captured response are archived and recorded like
// any fetch. Must not read pages: that is crawlers/patterns' business.
import fs from 'node:fs';
import type { Browser, Response } from 'playwright-core';
import { FetchError } from '../errors.js';
import type { Fetcher } from './fetcher.js';

export interface RenderOptions {
  fetcher: Fetcher;
  waitFor?: string;
  delayMs: number;
}

/** A response the page's scripts asked for that may hold a list (JSON, JSONP, XML). */
export interface CapturedResponse {
  url: string;
  method: 'GET' | 'POST';
  /** The request body the page sent (POST). */
  body?: string;
  /** The request headers a server may need to answer the same way (content-type). */
  headers: Record<string, string>;
  status: number;
  contentType: string | null;
  bytes: Buffer;
  sha256: string;
}

export interface Rendered {
  html: string;
  status: number;
  responses: CapturedResponse[];
  /** Requests of the page that robots.txt disallows: not made. */
  disallowed: string[];
}

export interface Renderer {
  render(url: string, options: RenderOptions): Promise<Rendered>;
  /** How many times a browser was started (0 while no page needed one). */
  readonly launches: number;
  close(): Promise<void>;
}

/** Resource types that never hold a list: not loaded. */
const SKIPPED = new Set(['image', 'media', 'font']);
/** Larger responses are not lists. */
const MAX_CAPTURE = 5 * 1024 * 1024;

/** A data response of the page's scripts (XHR, fetch, or a JSONP script), or null. */
async function captureOf(res: Response, pageUrl: string): Promise<Omit<CapturedResponse, 'sha256'> | null> {
  const req = res.request();
  const type = req.resourceType();
  if (!['xhr', 'fetch', 'script', 'other'].includes(type) || res.status() >= 300 || req.url() === pageUrl) return null;
  const contentType = res.headers()['content-type'] ?? null;
  const bytes = await res.body().catch(() => null);
  if (!bytes || bytes.length === 0 || bytes.length > MAX_CAPTURE) return null;
  const head = bytes
    .subarray(0, 200)
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .trimStart();
  // A script is data only as JSONP (callback({…})); XHR and fetch answers count when they look like data.
  const isData =
    type === 'script' ? /^(\/\*\*\/)?\s*[\w$.]+\s*\(\s*[[{]/.test(head) : /json|xml|javascript|text\/plain/i.test(contentType ?? '') || /^[[{<]/.test(head);
  if (!isData || /^<!doctype html|^<html/i.test(head)) return null;
  const method = req.method() === 'POST' ? 'POST' : 'GET';
  const sent = await req.allHeaders().catch(() => ({}) as Record<string, string>);
  const headers: Record<string, string> = {};
  if (sent['content-type']) headers['content-type'] = sent['content-type'];
  return { url: req.url(), method, body: method === 'POST' ? (req.postData() ?? '') : undefined, headers, status: res.status(), contentType, bytes };
}

export function createRenderer(config: { executablePath: string; timeoutMs: number; userAgent: string }): Renderer {
  let browser: Promise<Browser> | undefined;
  let launches = 0;

  const launch = async () => {
    launches++;
    const { chromium } = await import('playwright-core');
    return chromium.launch({
      executablePath: config.executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  };

  const renderPage = async (url: string, options: RenderOptions): Promise<Rendered> => {
    browser ??= launch();
    const context = await (await browser).newContext({ userAgent: config.userAgent, locale: 'zh-CN' });
    const page = await context.newPage();
    const started = Date.now();
    const pending: Promise<void>[] = [];
    const responses: CapturedResponse[] = [];
    const disallowed: string[] = [];
    try {
      await page.route('**/*', async (route) => {
        const req = route.request();
        const u = new URL(req.url());
        if (u.protocol === 'data:') return route.continue();
        if (SKIPPED.has(req.resourceType()) || !options.fetcher.isAllowedHost(u.host)) return route.abort();
        if (!(await options.fetcher.robotsAllow(req.url()))) {
          disallowed.push(req.url());
          return route.abort();
        }
        return route.continue();
      });
      page.on('response', (res) => {
        pending.push(
          captureOf(res, page.url()).then(async (c) => {
            if (!c) return;
            const sha256 = await options.fetcher.recordBrowserFetch({ ...c, durationMs: 0 });
            responses.push({ ...c, sha256 });
          }),
        );
      });
      const response = await page.goto(url, { timeout: config.timeoutMs, waitUntil: 'domcontentloaded' });
      // Wait for the scripts to settle (the list and its data requests), then briefly for the list itself, and take
      // the page as it is either way.
      await page.waitForLoadState('networkidle', { timeout: config.timeoutMs }).catch(() => {});
      if (options.waitFor) await page.waitForSelector(options.waitFor, { timeout: 2000 }).catch(() => {});
      const status = response?.status() ?? 0;
      if (status >= 400) throw new FetchError(status === 412 ? 'blocked' : 'http_error', `HTTP ${status}`, status);
      const html = await page.content();
      await Promise.all(pending);
      await options.fetcher.recordBrowserFetch({
        url,
        status,
        bytes: Buffer.from(html),
        contentType: 'text/html; charset=utf-8',
        durationMs: Date.now() - started,
      });
      // Sorted, so that the same page gives the same order however its requests raced.
      return { html, status, responses: responses.sort((a, b) => a.url.localeCompare(b.url)), disallowed };
    } catch (err) {
      if (err instanceof FetchError) throw err;
      throw new FetchError('timeout', `rendering failed: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      await Promise.allSettled(pending);
      await context.close();
    }
  };

  return {
    async render(url, options) {
      await options.fetcher.assertAllowed(url);
      return options.fetcher.politely(url, () => renderPage(url, options));
    },
    get launches() {
      return launches;
    },
    async close() {
      if (browser) await (await browser).close().catch(() => {});
    },
  };
}

/**
 * The renderer when a browser is installed at `executablePath`, else undefined: lists built by JavaScript are then
 * recorded as needing a browser. Nothing starts until a page needs it.
 */
export function installedRenderer(config: { executablePath: string; timeoutMs: number; userAgent: string }): Renderer | undefined {
  return fs.existsSync(config.executablePath) ? createRenderer({ ...config, timeoutMs: Math.max(30_000, config.timeoutMs) }) : undefined;
}
