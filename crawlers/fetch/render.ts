// Lists that exist only after JavaScript runs are rendered by Playwright in Debian's Chromium (no browser download).
// The page's own requests stay within the site's domains; the render counts as one polite request to the host
// (robots.txt checked first), and its HTML is archived and recorded like any fetch.
import type { Browser } from 'playwright-core';
import { FetchError } from '../errors.js';
import type { Fetcher } from './fetcher.js';

export interface RenderOptions {
  fetcher: Fetcher;
  waitFor?: string;
  delayMs: number;
}

export interface Renderer {
  render(url: string, options: RenderOptions): Promise<string>;
  close(): Promise<void>;
}

export function createRenderer(config: { executablePath: string; timeoutMs: number; userAgent: string }): Renderer {
  let browser: Promise<Browser> | undefined;

  const launch = async () => {
    const { chromium } = await import('playwright-core');
    return chromium.launch({
      executablePath: config.executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  };

  const renderPage = async (url: string, options: RenderOptions): Promise<string> => {
    browser ??= launch();
    const context = await (await browser).newContext({ userAgent: config.userAgent, locale: 'zh-CN' });
    const page = await context.newPage();
    const started = Date.now();
    try {
      await page.route('**/*', (route) => {
        const u = new URL(route.request().url());
        return u.protocol === 'data:' || options.fetcher.isAllowedHost(u.host) ? route.continue() : route.abort();
      });
      const response = await page.goto(url, { timeout: config.timeoutMs, waitUntil: 'domcontentloaded' });
      // Every column page of the site is rendered; only list pages grow the list: wait for the scripts to settle,
      // then briefly for the list itself, and take the page as it is either way.
      await page.waitForLoadState('networkidle', { timeout: config.timeoutMs }).catch(() => {});
      if (options.waitFor) await page.waitForSelector(options.waitFor, { timeout: 2000 }).catch(() => {});
      const status = response?.status() ?? 0;
      if (status >= 400) throw new FetchError(status === 412 ? 'blocked' : 'http_error', `HTTP ${status}`, status);
      const html = await page.content();
      await options.fetcher.recordRendered(url, html, status, Date.now() - started);
      return html;
    } catch (err) {
      if (err instanceof FetchError) throw err;
      throw new FetchError('timeout', `rendering failed: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      await context.close();
    }
  };

  return {
    async render(url, options) {
      await options.fetcher.assertAllowed(url);
      return options.fetcher.politely(url, () => renderPage(url, options));
    },
    async close() {
      if (browser) await (await browser).close().catch(() => {});
    },
  };
}
