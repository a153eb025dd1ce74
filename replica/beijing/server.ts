// The Beijing replica's server: one local HTTP server answering for every real host name of the registry (the
// crawler connects all of them to it with FetcherOptions.connectTo), serving beijing/pages.ts by Host header and
// path, robots.txt per host (顺义 disallows everything, as its domain notes say), and beijing.gov.cn's /gate/big5/
// gateway converting any page to traditional characters. Hosts it does not know are closed unanswered (unreachable).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as OpenCC from 'opencc-js';
import { beijingPages, keyOf, type ServedPage } from './pages.js';

export interface BeijingReplica {
  /** `127.0.0.1:PORT`: what FetcherOptions.connectTo is set to. */
  address: string;
  pages: Map<string, ServedPage>;
  /** Requests served, by host + path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Hosts that answer only robots.txt: the registry's 顺义 entry (robots.txt Disallow: / per its domain notes). */
const DISALLOWING = new Set(['www.bjshy.gov.cn']);
const GATE = /^\/gate\/big5\/([^/]+)(\/.*)?$/;

const toTraditional: (s: string) => string = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** The gateway's copy: the page in traditional characters, its site-absolute links kept inside the gateway. */
export function big5Copy(page: ServedPage, host: string): string {
  return toTraditional(page.body).replace(/href="\/(?!gate\/)/g, `href="/gate/big5/${host}/`);
}

export async function startBeijingReplica(): Promise<BeijingReplica> {
  const pages = beijingPages();
  const hosts = new Set([...pages.keys()].map((k) => k.slice(0, k.indexOf('/'))));
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (!hosts.has(host) && !DISALLOWING.has(host)) {
      // A host the replica does not serve: no answer at all, as for a name that does not resolve.
      req.socket.destroy();
      return;
    }
    const key = `${host}${url.pathname}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    if (url.pathname === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(DISALLOWING.has(host) ? 'User-agent: *\nDisallow: /\n' : 'User-agent: *\nDisallow: /search/\n');
      return;
    }
    const gate = GATE.exec(url.pathname);
    const target = gate ? `http://${gate[1]}${gate[2] ?? '/'}${url.search}` : `http://${host}${url.pathname}${url.search}`;
    const page = pages.get(keyOf(target));
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body><h1>404</h1><p>您访问的页面不存在</p></body></html>');
      return;
    }
    const body = Buffer.from(gate ? big5Copy(page, gate[1]!.toLowerCase()) : page.body, 'utf8');
    res.writeHead(200, { 'content-type': page.contentType, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    pages,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
