// robots.txt as RFC 9309 reads it, against real local servers: a robots.txt that hangs, errors or rate-limits closes
// the host (no page is requested); a 404, or a redirect gongkai will not follow, opens it; Crawl-delay spaces the
// requests, up to a cap.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../crawlers/errors.js';
import { Fetcher, NO_STORE } from '../../crawlers/fetch/fetcher.js';
import { LocalPoliteness } from '../../crawlers/fetch/politeness.js';
import { MAX_CRAWL_DELAY_MS, RobotsCache } from '../../crawlers/fetch/robots.js';

const servers: http.Server[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

/** A site whose robots.txt is answered by `robots` (or never, when it returns 'hang'); logs when each page was asked. */
async function site(robots: (res: http.ServerResponse) => undefined | 'hang'): Promise<{ origin: string; pages: { path: string; at: number }[] }> {
  const pages: { path: string; at: number }[] = [];
  const server = http.createServer((req, res) => {
    if (req.url === '/robots.txt') {
      robots(res);
      return;
    }
    pages.push({ path: req.url!, at: Date.now() });
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>${req.url}</p>`);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pages };
}

function fetcherFor(origin: string): Fetcher {
  const bodies = new Map<string, Buffer>();
  return new Fetcher({
    store: NO_STORE,
    archive: {
      put: (b) => {
        bodies.set('x', Buffer.from(b));
        return { sha256: 'x', path: 'x' };
      },
      get: (sha) => bodies.get(sha) ?? null,
      has: (sha) => bodies.has(sha),
    },
    politeness: new LocalPoliteness(),
    log: pino({ level: 'silent' }),
    runId: null,
    siteId: 'test',
    domains: [new URL(origin).host],
    delayMs: 0,
    concurrency: 1,
    options: { userAgent: 'gongkai-test', allowPrivate: true, timeoutMs: 400, maxBytes: 1_000_000, retries: 0, backoffMs: 10 },
  });
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as FetchError,
  );

describe('robots.txt', () => {
  it.each([
    ['hangs', () => 'hang' as const, 'timeout'],
    ['answers 503', (res: http.ServerResponse) => void res.writeHead(503).end(), 'http_error'],
    ['answers 429', (res: http.ServerResponse) => void res.writeHead(429).end(), 'http_error'],
    ['resets the connection', (res: http.ServerResponse) => void res.socket?.destroy(), 'network_error'],
  ])('closes the host when robots.txt %s, and asks for no page', async (_what, robots, outcome) => {
    const s = await site(robots);
    const err = await failure(fetcherFor(s.origin).fetch({ url: `${s.origin}/` }));
    expect(err).toBeInstanceOf(FetchError);
    expect(err!.outcome).toBe(outcome);
    expect(err!.message).toMatch(/^robots\.txt unreachable \(.*\): RFC 9309 says crawl nothing$/);
    expect(s.pages).toEqual([]);
  });

  it('opens the host when robots.txt redirects where gongkai does not follow (like a 4xx: the file is unavailable)', async () => {
    const s = await site((res) => void res.writeHead(302, { location: 'http://elsewhere.example/robots.txt' }).end());
    const page = await fetcherFor(s.origin).fetch({ url: `${s.origin}/a` });
    expect(page.body.toString()).toBe('<p>/a</p>');
  });

  it('opens the host when robots.txt is 404', async () => {
    const s = await site((res) => void res.writeHead(404).end());
    const page = await fetcherFor(s.origin).fetch({ url: `${s.origin}/a` });
    expect(page.body.toString()).toBe('<p>/a</p>');
  });

  it('honours Crawl-delay between requests to the host', async () => {
    const s = await site((res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nCrawl-delay: 1\nDisallow: /private\n'));
    const fetcher = fetcherFor(s.origin);
    await fetcher.fetch({ url: `${s.origin}/a` });
    await fetcher.fetch({ url: `${s.origin}/b` });
    await fetcher.fetch({ url: `${s.origin}/c` });
    expect(s.pages.map((p) => p.path)).toEqual(['/a', '/b', '/c']);
    expect(s.pages[1]!.at - s.pages[0]!.at).toBeGreaterThanOrEqual(950);
    expect(s.pages[2]!.at - s.pages[1]!.at).toBeGreaterThanOrEqual(950);
    expect((await failure(fetcher.fetch({ url: `${s.origin}/private/x` })))!.outcome).toBe('robots_disallowed');
  });

  it.each([
    ['Crawl-delay: 2.5', 2500],
    ['Crawl-delay: 86400', MAX_CRAWL_DELAY_MS],
    ['Crawl-delay: soon', 0],
    ['', 0],
  ])('reads "%s" as %i ms', async (line, ms) => {
    const cache = new RobotsCache('gongkai', async () => ({ status: 200, body: `User-agent: *\n${line}\nDisallow:\n` }));
    expect((await cache.rulesFor('https://example.gov.cn/x')).delayMs).toBe(ms);
  });
});
