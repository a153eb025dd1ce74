// The scale replica's servers: one HTTP server per site, each bound to its own loopback address (127.0.0.2 …), so
// politeness is per host exactly as with real portals; pages rendered on demand from the plan in scale-sites.ts,
// with ETag/304, per-site latency, and the slow, failing (500), blocked (412 challenge) and down (nothing listening)
// sites of the plan. Every server closes by itself after `lifetimeMs`. Started by the scale bench, not by tests.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { SiteConfigInput } from '../../crawlers/types.js';
import { detailPage, entryPath, ITEMS_PER_PAGE, itemOfPath, listPage, type ScaleSite, scaleSites } from './scale-sites.js';

export interface ScaleReplicaOptions {
  /** Sites to serve (at least 300 for the bench). */
  count: number;
  /** Politeness delay written into the site configurations. */
  delayMs: number;
  /** Every server closes after this long, whatever happens to the process that started it. */
  lifetimeMs: number;
}

export interface ScaleReplica {
  sites: { site: ScaleSite; config: SiteConfigInput }[];
  /** Requests served per site id since the last reset. */
  hits(): Record<string, number>;
  resetHits(): void;
  close(): Promise<void>;
}

const SITES_ROOT = path.join(import.meta.dirname, '..', 'sites');
const LAST_MODIFIED = new Date('2026-03-01T08:00:00Z').toUTCString();

/** The office files of the small replica, reused as the attachments of the scale sites (one per format is enough). */
function attachmentTemplates(): Record<'pdf' | 'doc' | 'docx', Buffer[]> {
  const out: Record<'pdf' | 'doc' | 'docx', Buffer[]> = { pdf: [], doc: [], docx: [] };
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const ext = path.extname(e.name).slice(1) as keyof typeof out;
        if (ext in out) out[ext].push(fs.readFileSync(p));
      }
    }
  };
  walk(SITES_ROOT);
  return out;
}

interface Answer {
  status: number;
  type: string;
  body: Buffer;
}

const html = (s: string): Answer => ({ status: 200, type: 'text/html; charset=utf-8', body: Buffer.from(s) });
const NOT_FOUND: Answer = {
  status: 404,
  type: 'text/html; charset=utf-8',
  body: Buffer.from('<html><body><h1>404</h1><p>您访问的页面不存在</p></body></html>'),
};
const CHALLENGE: Answer = {
  status: 412,
  type: 'text/html',
  body: Buffer.from(
    '<html><head><script>$_ts=window[\'$_ts\'];if(!$_ts)$_ts={};$_ts.nsd=12345;</script><script src="/x7Qp/abc.js"></script></head><body></body></html>',
  ),
};

function answer(site: ScaleSite, pathname: string, templates: ReturnType<typeof attachmentTemplates>, attempts: Map<string, number>): Answer {
  if (site.behaviour === 'blocked') return CHALLENGE;
  if (pathname === '/robots.txt') return { status: 200, type: 'text/plain', body: Buffer.from('User-agent: *\nDisallow: /private/\n') };
  if (site.behaviour === 'failing') return { status: 500, type: 'text/plain', body: Buffer.from('Internal Server Error') };
  const list = /^\/zwgk\/zfxxgknb\/(?:index(?:_(\d+))?\.html)?$/.exec(pathname);
  if (list) {
    const page = Number(list[1] ?? 0);
    return page < site.depth ? html(listPage(site, page)) : NOT_FOUND;
  }
  const found = itemOfPath(site, pathname);
  if (!found) return NOT_FOUND;
  const { item, part } = found;
  if (part === 'page') {
    if (site.flakyEvery && item.n % site.flakyEvery === 0 && !attempts.has(pathname)) {
      attempts.set(pathname, 1);
      return { status: 503, type: 'text/plain', body: Buffer.from('Service Unavailable') };
    }
    return html(detailPage(site, item));
  }
  const ext = item.attachment!.split('.').pop() as 'pdf' | 'doc' | 'docx';
  const pool = templates[ext];
  const base = pool[(site.index + item.n) % pool.length]!;
  // A PDF reader ignores what follows %%EOF: each site's PDF is its own document (its own sha256).
  const body = ext === 'pdf' ? Buffer.concat([base, Buffer.from(`\n% ${site.id} ${item.n}\n`)]) : base;
  const types = { pdf: 'application/pdf', doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
  return { status: 200, type: types[ext], body };
}

export async function startScaleReplica(options: ScaleReplicaOptions): Promise<ScaleReplica> {
  const templates = attachmentTemplates();
  const hits = new Map<string, number>();
  const servers: http.Server[] = [];
  const out: ScaleReplica['sites'] = [];
  for (const site of scaleSites(options.count)) {
    const attempts = new Map<string, number>();
    let origin = `http://${site.address}:9`;
    if (site.behaviour !== 'down') {
      const server = http.createServer((req, res) => {
        hits.set(site.id, (hits.get(site.id) ?? 0) + 1);
        setTimeout(() => {
          let a: Answer;
          try {
            a = answer(site, new URL(req.url ?? '/', 'http://x').pathname, templates, attempts);
          } catch (err) {
            a = { status: 500, type: 'text/plain', body: Buffer.from(String(err)) };
          }
          const etag = `"${crypto.createHash('sha1').update(a.body).digest('hex').slice(0, 16)}"`;
          if (a.status === 200 && req.headers['if-none-match'] === etag) {
            res.writeHead(304, { etag, 'last-modified': LAST_MODIFIED });
            res.end();
            return;
          }
          const validators = a.status === 200 ? { etag, 'last-modified': LAST_MODIFIED } : {};
          res.writeHead(a.status, { 'content-type': a.type, 'content-length': a.body.length, ...validators });
          res.end(req.method === 'HEAD' ? undefined : a.body);
        }, site.latencyMs);
      });
      server.keepAliveTimeout = 5000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, site.address, () => resolve());
      });
      servers.push(server);
      origin = `http://${site.address}:${(server.address() as AddressInfo).port}`;
    }
    out.push({
      site,
      config: {
        id: site.id,
        name: site.name,
        regionCode: site.regionCode,
        entry: [`${origin}${entryPath()}`],
        pattern: 'trs',
        delayMs: options.delayMs,
        // A deep list is the whole 年报 column: the page budget must not cut it.
        maxPages: Math.max(2000, site.depth * (ITEMS_PER_PAGE + 2) * 2),
        expectReports: site.behaviour === 'ok' || site.behaviour === 'slow',
      },
    });
  }
  const close = async () => {
    clearTimeout(timer);
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r(undefined)))));
  };
  const timer = setTimeout(() => void close(), options.lifetimeMs);
  timer.unref();
  return {
    sites: out,
    hits: () => Object.fromEntries(hits),
    resetHits: () => hits.clear(),
    close,
  };
}
