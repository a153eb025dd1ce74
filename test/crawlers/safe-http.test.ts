// The HTTP layer refuses what a crawler of the open web must refuse, against real local servers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchError } from '../../crawlers/errors.js';
import { httpFetch, isPrivateAddress } from '../../crawlers/fetch/safe-http.js';

let server: http.Server;
let origin = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/loop-a') return res.writeHead(302, { location: '/loop-b' }).end();
    if (req.url === '/loop-b') return res.writeHead(302, { location: '/loop-a' }).end();
    if (req.url === '/away') return res.writeHead(302, { location: 'http://elsewhere.example/' }).end();
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      return res.end(Buffer.alloc(200_000));
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const opts = (o: Partial<Parameters<typeof httpFetch>[1]> = {}) => ({
  timeoutMs: 2000,
  maxBytes: 100_000,
  allowPrivate: true,
  isAllowedHost: (h: string) => h.startsWith('127.0.0.1'),
  ...o,
});
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e as FetchError).outcome,
  );

describe('httpFetch', () => {
  it('fetches', async () => {
    const r = await httpFetch({ url: `${origin}/` }, opts());
    expect([r.status, r.body.toString()]).toEqual([200, 'ok']);
  });
  it('refuses loopback unless allowed', async () => {
    expect(await outcome(httpFetch({ url: `${origin}/` }, opts({ allowPrivate: false })))).toBe('private_address');
  });
  it('refuses a name that resolves to loopback unless allowed', async () => {
    const port = (server.address() as AddressInfo).port;
    expect(await outcome(httpFetch({ url: `http://localhost:${port}/` }, opts({ allowPrivate: false, isAllowedHost: () => true })))).toBe('private_address');
  });
  it('reports a redirect loop', async () => {
    expect(await outcome(httpFetch({ url: `${origin}/loop-a` }, opts()))).toBe('redirect_loop');
  });
  it('does not follow a redirect off the site', async () => {
    expect(await outcome(httpFetch({ url: `${origin}/away` }, opts()))).toBe('off_site');
  });
  it('stops a body over the size limit', async () => {
    expect(await outcome(httpFetch({ url: `${origin}/big` }, opts()))).toBe('too_large');
  });
  it('fetches only http(s)', async () => {
    expect(await outcome(httpFetch({ url: 'file:///etc/passwd' }, opts({ isAllowedHost: () => true })))).toBe('unsupported');
  });
  it.each([
    ['127.0.0.1', true],
    ['10.0.0.8', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['::1', true],
    ['::ffff:10.0.0.1', true],
    ['114.114.114.114', false],
  ])('isPrivateAddress(%s) = %s', (a, expected) => {
    expect(isPrivateAddress(a)).toBe(expected);
  });
});
