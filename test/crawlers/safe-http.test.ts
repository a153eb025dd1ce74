// The HTTP layer refuses what a crawler of the open web must refuse, against real local servers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
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
    const page = Buffer.from('<p>2021年政府信息公开工作年度报告</p>');
    const encoded: Record<string, [string, Buffer]> = {
      '/gzip': ['gzip', zlib.gzipSync(page)],
      '/deflate': ['deflate', zlib.deflateSync(page)],
      '/raw-deflate': ['deflate', zlib.deflateRawSync(page)],
      '/br': ['br', zlib.brotliCompressSync(page)],
      '/gzip-then-br': ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(page))],
      '/says-gzip': ['gzip', page],
      '/gzip-bomb': ['gzip', zlib.gzipSync(Buffer.alloc(5_000_000))],
      '/corrupt': ['gzip', Buffer.concat([zlib.gzipSync(page).subarray(0, 12), Buffer.from('garbage')])],
      '/zstd': ['zstd', page],
    };
    const hit = encoded[req.url!];
    if (hit) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': hit[0] }).end(hit[1]);
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
  it.each([['[::127.0.0.1]'], ['[::ffff:127.0.0.1]'], ['[0:0:0:0:0:ffff:7f00:1]'], ['[64:ff9b::7f00:1]'], ['[2002:7f00:1::]']])(
    'refuses the literal %s before connecting',
    async (host) => {
      const port = (server.address() as AddressInfo).port;
      expect(await outcome(httpFetch({ url: `http://${host}:${port}/` }, opts({ allowPrivate: false, isAllowedHost: () => true })))).toBe('private_address');
    },
  );
  it.each([['/gzip'], ['/deflate'], ['/raw-deflate'], ['/br'], ['/gzip-then-br'], ['/says-gzip']])('stores %s decompressed', async (p) => {
    const r = await httpFetch({ url: `${origin}${p}` }, opts());
    expect(r.body.toString()).toBe('<p>2021年政府信息公开工作年度报告</p>');
  });
  it.each([
    ['/gzip-bomb', 'too_large'],
    ['/corrupt', 'unsupported'],
    ['/zstd', 'unsupported'],
  ])('refuses %s as %s', async (p, expected) => {
    expect(await outcome(httpFetch({ url: `${origin}${p}` }, opts()))).toBe(expected);
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
    // IPv4 inside IPv6, every spelling (issue 15: [::127.0.0.1] passed as public).
    ['::127.0.0.1', true],
    ['::7f00:1', true],
    ['0:0:0:0:0:0:127.0.0.1', true],
    ['::10.0.0.1', true],
    ['::7272:7272', true], // ::114.114.114.114 as the URL parser writes it (compatible, not mapped)
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['0:0:0:0:0:ffff:a9fe:a9fe', true],
    ['::ffff:0:127.0.0.1', true],
    ['64:ff9b::127.0.0.1', true],
    ['64:ff9b::a00:1', true],
    ['64:ff9b:1::c0a8:101', true],
    ['2002:7f00:1::', true],
    ['2002:c0a8:101::1', true],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', true],
    ['::', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['64:ff9b::7272:7272', false],
    ['2002:7272:7272::1', false],
    ['::ffff:114.114.114.114', false],
    ['2400:3200::1', false],
  ])('isPrivateAddress(%s) = %s', (a, expected) => {
    expect(isPrivateAddress(a)).toBe(expected);
  });
});
