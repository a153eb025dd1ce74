// The replica: one local HTTP server per fictional site (127.0.0.1, its own port, so every site is its own host),
// serving the files built by build-replica.ts with ETag/Last-Modified and 304s, plus the behaviours real sites have:
// Hanweb's dataproxy POST, a JSON list API, a JavaScript-only list, a 412 challenge site, flaky 500s, a slow page,
// a redirect loop, a huge file, a mirror on another host, attachments that need a Referer, and a report replaced
// in phase 2. With `discovery`, also the sites whose lists only discovery finds (build-discovery.ts: gkmlpt, a Vue
// rebuild, an API of HTML fragments, a list written by script), configured with nothing but their home page. Used by
// the tests, `gongkai demo` and `gongkai replica serve`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { SiteConfigInput } from '../crawlers/types.js';
import type { DiscoveryTruth } from './build-discovery.js';
import type { Truth, TruthReport } from './build-replica.js';
import { DISCOVERY_APIS } from './discovery-server.js';

const ROOT = path.join(import.meta.dirname, 'sites');

export interface ReplicaOptions {
  /** Added before every response (the bench's network latency). */
  latencyMs?: number;
  /** How long the slow page takes to answer. */
  slowMs?: number;
  /** Size of the huge attachment, streamed without being stored. */
  hugeBytes?: number;
  /** Politeness delay written into the site configurations (tests: small; the bench: the default 1000). */
  delayMs?: number;
  /** Also serve the discovery sites (replica/build-discovery.ts), each configured with its home page only. */
  discovery?: boolean;
}

export interface ReplicaSite {
  id: string;
  origin: string;
  config: SiteConfigInput;
}

export interface Replica {
  sites: ReplicaSite[];
  mirrorOrigin: string;
  truth: Truth;
  /** The discovery sites' ground truth (empty unless started with `discovery`). */
  discoveryTruth: DiscoveryTruth;
  /** Phase 2 serves the corrected version of the replaced report. */
  setPhase(phase: 1 | 2): void;
  /** Requests served per site (path → count), for tests. */
  hits: Map<string, Map<string, number>>;
  /** When each request of a site arrived, when its answer was sent (epoch ms) and its status, in arrival order, for tests. */
  timings: Map<string, RequestTiming[]>;
  /** The URL of a report's detail page. */
  urlOf(report: TruthReport): string;
  close(): Promise<void>;
}

export interface RequestTiming {
  arrivedAt: number;
  answeredAt: number;
  status: number;
}

export function loadTruth(): Truth {
  return JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'ground-truth.json'), 'utf8')) as Truth;
}

export function loadDiscoveryTruth(): DiscoveryTruth {
  return JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'discovery-truth.json'), 'utf8')) as DiscoveryTruth;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.shtml': 'text/html',
  '.htm': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const LAST_MODIFIED = new Date('2025-03-01T08:00:00Z').toUTCString();

interface Ctx {
  site: string;
  origin: () => string;
  mirrorOrigin: () => string;
  phase: () => 1 | 2;
  options: Required<ReplicaOptions>;
  attempts: Map<string, number>;
}

function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, ctx: Ctx, typeOverride?: string): void {
  let body = fs.readFileSync(file);
  if (file.endsWith('.html') && ctx.site === 'replica-trs' && body.includes('MIRROR_ORIGIN')) {
    body = Buffer.from(body.toString('utf8').replaceAll('MIRROR_ORIGIN', ctx.mirrorOrigin()));
  }
  // Absolute and protocol-relative links of the discovery sites name the host they are served on.
  if (body.includes('SITE_HOST') || body.includes('SITE_ORIGIN')) {
    body = Buffer.from(body.toString('utf8').replaceAll('SITE_ORIGIN', ctx.origin()).replaceAll('SITE_HOST', new URL(ctx.origin()).host));
  }
  const etag = `"${crypto.createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  const type = typeOverride ?? TYPES[path.extname(file.replace(/\.v2$/, ''))] ?? 'application/octet-stream';
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag, 'last-modified': LAST_MODIFIED });
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, etag, 'last-modified': LAST_MODIFIED });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<html><body><h1>404</h1><p>您访问的页面不存在</p></body></html>');
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, ctx: Ctx): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.origin());
  let rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const dir = path.join(ROOT, ctx.site);
  const file = path.join(dir, rel);
  if (!file.startsWith(dir)) return notFound(res);
  const key = `${req.method} ${url.pathname}`;

  if (ctx.site === 'replica-blocked') {
    // 瑞数-style challenge on every path.
    res.writeHead(412, { 'content-type': 'text/html' });
    res.end(
      '<html><head><script>$_ts=window[\'$_ts\'];if(!$_ts)$_ts={};$_ts.nsd=12345;</script><script src="/x7Qp/abc.js"></script></head><body></body></html>',
    );
    return;
  }
  if (ctx.site === 'replica-trs' && /\/P0\d+\.pdf$/.test(url.pathname) && !(req.headers.referer ?? '').startsWith(ctx.origin())) {
    // Attachments served only with the detail page as Referer (as Qingdao's server does).
    res.writeHead(501, { 'content-type': 'text/plain' });
    res.end('Not Implemented');
    return;
  }
  if (ctx.site === 'replica-trs-gbk' && url.pathname === '/tzzfxxgk/c100004/zn/') {
    await new Promise((r) => setTimeout(r, ctx.options.slowMs));
  }
  if (ctx.site === 'replica-trs-gbk' && url.pathname === '/tzzfxxgk/c100002n/') {
    // A GBK page whose header says UTF-8.
    return sendFile(req, res, file, ctx, 'text/html; charset=utf-8');
  }
  if (ctx.site === 'replica-hanweb' && url.pathname === '/module/web/jpage/dataproxy.jsp' && req.method === 'POST') {
    await readBody(req);
    const records = JSON.parse(fs.readFileSync(path.join(dir, '_records.json'), 'utf8')) as string[];
    const start = Number(url.searchParams.get('startrecord') ?? 1);
    const end = Number(url.searchParams.get('endrecord') ?? records.length);
    // Each group after the first repeats the last record of the one before (seen on real Hanweb sites).
    const group = records.slice(Math.max(0, start - 2), end);
    const xml = `<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>${records.length}</totalrecord><totalpage>${Math.ceil(records.length / 5)}</totalpage><recordset>${group.map((r) => `<record><![CDATA[${r}]]></record>`).join('')}</recordset></datastore>`;
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(xml);
    return;
  }
  if (ctx.site === 'replica-hanweb' && url.pathname.startsWith('/module/download/downfile.jsp')) {
    const name = url.searchParams.get('filename') ?? '';
    const f = path.join(dir, 'module/download', path.basename(name));
    if (!fs.existsSync(f)) return notFound(res);
    return sendFile(req, res, f, ctx);
  }
  if (ctx.site === 'replica-hanweb' && /art_1229_4011103\.html$/.test(url.pathname)) {
    // Flaky: the first two requests fail with 500.
    const n = (ctx.attempts.get(key) ?? 0) + 1;
    ctx.attempts.set(key, n);
    if (n <= 2) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
      return;
    }
  }
  if (ctx.site === 'replica-json' && url.pathname.startsWith('/gkmlpt/api/all/2629')) {
    const articles = JSON.parse(fs.readFileSync(path.join(dir, '_articles.json'), 'utf8')) as unknown[];
    const pageNo = Number(url.searchParams.get('page') ?? 1);
    const body = JSON.stringify({ total: articles.length, articles: articles.slice((pageNo - 1) * 10, pageNo * 10) });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
    return;
  }
  if (ctx.site === 'replica-json' && url.pathname.startsWith('/xxgk/loop/')) {
    // Two URLs that redirect to each other.
    const other = url.pathname.endsWith('post_999.html') ? '/xxgk/loop/content/post_999b.html' : '/xxgk/loop/content/post_999.html';
    res.writeHead(302, { location: other });
    res.end();
    return;
  }
  if (ctx.site === 'replica-js' && url.pathname === '/files/scan-archive.pdf') {
    // Larger than any document limit: streamed, never stored.
    res.writeHead(200, { 'content-type': 'application/pdf' });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    chunk.write('%PDF-1.4\n');
    let sent = 0;
    const push = () => {
      while (sent < ctx.options.hugeBytes) {
        sent += chunk.length;
        if (!res.write(chunk)) return res.once('drain', push);
      }
      res.end();
    };
    res.on('close', () => (sent = Number.POSITIVE_INFINITY));
    push();
    return;
  }
  const api = DISCOVERY_APIS[ctx.site];
  if (api?.(url, req, req.method === 'POST' ? await readBody(req) : '', res, ctx.origin())) return;
  if (ctx.phase() === 2 && fs.existsSync(`${file}.v2`)) return sendFile(req, res, `${file}.v2`, ctx);
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) return notFound(res);
  // Files without an extension (gkmlpt's /gkmlpt/index, /gkmlpt/annualreport) are pages.
  const type =
    ctx.site === 'replica-trs-gbk' && /\.(s?html)$/.test(file)
      ? 'text/html'
      : ctx.site.startsWith('replica-') && !path.extname(file)
        ? 'text/html; charset=utf-8'
        : undefined;
  return sendFile(req, res, file, ctx, type);
}

async function listen(handler: http.RequestListener): Promise<http.Server> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

export async function startReplica(options: ReplicaOptions = {}): Promise<Replica> {
  const opts: Required<ReplicaOptions> = { latencyMs: 0, slowMs: 10_000, hugeBytes: 64 * 1024 * 1024, delayMs: 0, discovery: false, ...options };
  const truth = loadTruth();
  const discoveryTruth: DiscoveryTruth = opts.discovery ? loadDiscoveryTruth() : { sites: [], reports: [], lookAlikes: [], forbidden: [] };
  let phase: 1 | 2 = 1;
  const servers: http.Server[] = [];
  const origins = new Map<string, string>();
  const hits = new Map<string, Map<string, number>>();
  const timings = new Map<string, RequestTiming[]>();
  let mirrorOrigin = '';
  for (const s of [...truth.sites.map((x) => x.id), ...discoveryTruth.sites.map((x) => x.id), 'mirror']) {
    const ctx: Ctx = {
      site: s === 'mirror' ? 'replica-trs' : s,
      origin: () => origins.get(s)!,
      mirrorOrigin: () => mirrorOrigin,
      phase: () => phase,
      options: opts,
      attempts: new Map(),
    };
    const counts = new Map<string, number>();
    hits.set(s, counts);
    const times: RequestTiming[] = [];
    timings.set(s, times);
    const server = await listen((req, res) => {
      counts.set(req.url ?? '/', (counts.get(req.url ?? '/') ?? 0) + 1);
      const time = { arrivedAt: Date.now(), answeredAt: Number.NaN, status: 0 };
      times.push(time);
      res.once('finish', () => {
        time.answeredAt = Date.now();
        time.status = res.statusCode;
      });
      const go = () =>
        handle(req, res, ctx).catch((err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        });
      if (opts.latencyMs > 0) setTimeout(go, opts.latencyMs);
      else void go();
    });
    servers.push(server);
    origins.set(s, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  mirrorOrigin = origins.get('mirror')!;
  const sites: ReplicaSite[] = truth.sites.map((s) => ({
    id: s.id,
    origin: origins.get(s.id)!,
    config: {
      id: s.id,
      name: s.name,
      regionCode: s.regionCode,
      entry: [new URL(s.entry, origins.get(s.id)!).toString()],
      pattern: s.pattern as SiteConfigInput['pattern'],
      ...(s.api ? { api: s.api as SiteConfigInput['api'] } : {}),
      ...(s.waitFor ? { waitFor: s.waitFor } : {}),
      delayMs: opts.delayMs,
      expectReports: s.id !== 'replica-blocked',
    },
  }));
  // The discovery sites: their home page and nothing else, as a user starting from a URL gives them.
  for (const s of discoveryTruth.sites) {
    sites.push({
      id: s.id,
      origin: origins.get(s.id)!,
      config: {
        id: s.id,
        name: s.name,
        regionCode: s.regionCode,
        entry: [new URL(s.entry, origins.get(s.id)!).toString()],
        delayMs: opts.delayMs,
        expectReports: true,
      },
    });
  }
  return {
    sites,
    mirrorOrigin,
    truth,
    discoveryTruth,
    hits,
    timings,
    setPhase: (p) => (phase = p),
    urlOf: (r) => new URL(`/${r.detailPath}`, origins.get(r.site)!).toString(),
    async close() {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r(undefined)))));
    },
  };
}
