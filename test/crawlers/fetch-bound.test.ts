// A fetch's own byte bound (a page's picture: routes.ts MAX_IMAGE_BYTES) against a real local server: tighter than the
// site's, it refuses a larger body as too_large; it never loosens the site's bound.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FetchError } from '../../crawlers/errors.js';
import { Fetcher, NO_STORE } from '../../crawlers/fetch/fetcher.js';
import { LocalPoliteness } from '../../crawlers/fetch/politeness.js';

let server: http.Server;
let origin: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/robots.txt') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(50_000, 1));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

function fetcher(siteMaxBytes: number): Fetcher {
  return new Fetcher({
    store: NO_STORE,
    archive: { put: () => ({ sha256: 'x', path: 'x' }), get: () => null, has: () => false },
    politeness: new LocalPoliteness(),
    log: pino({ level: 'silent' }),
    runId: null,
    siteId: 'test',
    domains: [new URL(origin).host],
    delayMs: 0,
    concurrency: 1,
    options: { userAgent: 'gongkai-test', allowPrivate: true, timeoutMs: 2000, maxBytes: siteMaxBytes, retries: 0, backoffMs: 10 },
  });
}

const outcome = (p: Promise<{ body: Buffer }>) =>
  p.then(
    (r) => r.body.length,
    (e: FetchError) => e.outcome,
  );

it.each([
  [1_000_000, undefined, 50_000],
  [1_000_000, 10_000, 'too_large'],
  [10_000, 1_000_000, 'too_large'],
])('site bound %s, fetch bound %s → %s', async (site, own, expected) => {
  expect(await outcome(fetcher(site).fetch({ url: `${origin}/p.jpg` }, { maxBytes: own }))).toBe(expected);
});
