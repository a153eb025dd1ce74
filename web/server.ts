// `gongkai serve`: a read-only web app for researchers on the gongkai database — coverage, reports with the source of
// every number, trends, site health and runs, and read-only SQL. Server-rendered pages on node:http; the browser
// gets our own small scripts, uPlot for charts and pdf.js for PDF pages, served from node_modules (no network, no
// build step). Reads only: every query is a read, and researcher SQL goes through db/readonly's checker.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import type { DbHandle } from '../db/client.js';
import {
  agenciesNamed,
  agencyTrend,
  coverageDistricts,
  coverageMatrix,
  defaultYears,
  districtTrend,
  findingCounts,
  findingsOfRule,
  holdsDemo,
  lastRuns,
  siteHealthRows,
} from '../db/queries/browse.js';
import { documentBySha, reportDetail } from '../db/queries/report-detail.js';
import { readStatus } from '../db/queries/status.js';
import { KEY_BY_NAME } from '../domain/codebook.js';
import { fileExtension } from '../domain/detect-format.js';
import type { DocumentFormat } from '../domain/values.js';
import { AGENCY_LEVELS, COVERAGE_STATUSES } from '../domain/values.js';
import { cellValue, neutralise } from '../export/write-csv.js';
import type { DocText } from '../pipeline/types.js';
import { html, layout } from './html.js';
import { coveragePage } from './pages/coverage.js';
import { FINDINGS_SHOWN, findingsPage } from './pages/findings.js';
import { homePage } from './pages/home.js';
import { reportPage } from './pages/report.js';
import { framePage, highlightCell, pdfView, readView, type SourceTarget } from './pages/source.js';
import { sitesPage } from './pages/sites.js';
import { sqlPage } from './pages/sql.js';
import { trendsIndex, trendsPage } from './pages/trends.js';

/** How the app reads a document the way gongkai does (pipeline/extract), handed in by the CLI. */
export interface DocumentReaders {
  /** The archived HTML page with each table cell marked by its position (`data-gk="block:row:col"`). */
  annotateHtml(bytes: Uint8Array, contentType: string | null): string;
  /** The document as gongkai reads it. */
  readDocText(bytes: Uint8Array, contentType: string | null): Promise<DocText>;
}

export interface WebOptions {
  handle: DbHandle;
  /** The archive root (`<data dir>/archive`). */
  archiveDir: string;
  host: string;
  port: number;
  readers: DocumentReaders;
  /** Called with each failed request (the CLI logs it). */
  onError?: (err: Error, url: string) => void;
}

export interface WebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const require = createRequire(import.meta.url);
/** Files of packages the browser loads, by URL prefix: only these directories, only plain file names. */
const VENDOR: Record<string, string> = {
  '/vendor/uplot/': path.dirname(require.resolve('uplot')),
  '/vendor/pdfjs/': path.dirname(require.resolve('pdfjs-dist/package.json')),
};

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.icc': 'application/octet-stream',
};

const DOCUMENT_TYPES: Partial<Record<DocumentFormat, string>> = {
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  wps: 'application/vnd.ms-works',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
  zip: 'application/zip',
};

/** Our pages: scripts and styles of our own origin only (no inline script), frames of our own origin. */
const PAGE_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";
/** An archived page: shown, never run — sandboxed, no script, nothing loaded from anywhere. */
const ARCHIVED_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A small cache of what reading documents gave (they are re-read when a person clicks through a report's numbers). */
class Cache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  constructor(private readonly size: number) {}
  get(key: string, make: () => Promise<T>): Promise<T> {
    let hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    hit = make();
    hit.catch(() => this.entries.delete(key));
    this.entries.set(key, hit);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return hit;
  }
}

const intParam = (v: string | null, fallback: number, min: number, max: number): number => {
  if (v === null || v === '') return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new HttpError(400, `not a number from ${min} to ${max}: "${v}"`);
  return Number(v);
};

export async function startWebServer(options: WebOptions): Promise<WebServer> {
  const { handle } = options;
  const demo = await holdsDemo(handle);
  const docTexts = new Cache<DocText>(8);
  const annotated = new Cache<string>(8);

  const send = (res: http.ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>) => {
    res.writeHead(status, { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', ...headers });
    res.end(body);
  };
  const sendPage = (
    res: http.ServerResponse,
    title: string,
    body: ReturnType<typeof html>,
    extra: { active?: string; scripts?: string[]; head?: ReturnType<typeof html> } = {},
    status = 200,
  ) => send(res, status, layout({ title, demo, body, ...extra }), { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP });

  async function documentFile(sha: string) {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new HttpError(404, 'no such document');
    const found = await documentBySha(handle, sha);
    if (!found.document) throw new HttpError(404, `no archived document ${sha}`);
    const file = path.join(options.archiveDir, found.document.archivePath);
    if (!fs.existsSync(file)) throw new HttpError(404, `document ${sha} is recorded but missing from the archive`);
    return { ...found.document, bytes: fs.readFileSync(file) };
  }

  function serveFile(res: http.ServerResponse, root: string, rel: string): void {
    const parts = rel.split('/');
    if (parts.some((p) => !/^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/.test(p))) throw new HttpError(404, 'not found');
    const file = path.join(root, ...parts);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) throw new HttpError(404, 'not found');
    send(res, 200, fs.readFileSync(file), {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'public, max-age=3600',
    });
  }

  /** Where a fact was read, as a URL of the source frame. */
  async function sourceUrl(reportId: number, key: string): Promise<string> {
    const d = await reportDetail(handle, reportId);
    if (!d) throw new HttpError(404, `no report ${reportId}`);
    const fact = d.facts.find((f) => f.key === key);
    if (!fact?.provenance) throw new HttpError(404, `report ${reportId} has no ${key}`);
    const p = fact.provenance as Record<string, unknown>;
    const sha = d.document.sha256;
    const label = `${KEY_BY_NAME.get(key)?.label ?? key} = ${fact.value ?? '∅'}${fact.raw !== null ? ` (read from “${fact.raw}”)` : ''}`;
    const q = new URLSearchParams({ key: label });
    if (typeof p.page === 'number' && Array.isArray(p.box) && d.document.format === 'pdf') {
      q.set('page', String(p.page));
      q.set('box', (p.box as number[]).join(','));
      return `/document/${sha}/pdf?${q}`;
    }
    q.set('block', String(p.block));
    if (Array.isArray(p.span)) q.set('span', (p.span as number[]).join(','));
    else if (typeof p.row === 'number' && typeof p.col === 'number' && p.col >= 0) {
      const cell = `${p.block}:${p.row}:${p.col}`;
      if (d.document.format === 'html') return `/document/${sha}/view?${new URLSearchParams({ cell, key: label })}#gk-target`;
      q.set('row', String(p.row));
      q.set('col', String(p.col));
    }
    return `/document/${sha}/read?${q}`;
  }

  const target = (u: URL): SourceTarget => {
    const nums = (name: string) => (u.searchParams.get(name) ?? '').split(',').filter(Boolean).map(Number);
    const t: SourceTarget = { block: intParam(u.searchParams.get('block'), -1, 0, 1e6) };
    if (u.searchParams.has('row')) t.row = intParam(u.searchParams.get('row'), 0, 0, 1e6);
    if (u.searchParams.has('col')) t.col = intParam(u.searchParams.get('col'), 0, 0, 1e6);
    const span = nums('span');
    if (span.length === 2) t.span = span as [number, number];
    if (u.searchParams.has('page')) t.page = intParam(u.searchParams.get('page'), 1, 1, 100_000);
    const box = nums('box');
    if (box.length === 4 && box.every(Number.isFinite)) t.box = box as [number, number, number, number];
    return t;
  };

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'this app only reads');
    const u = new URL(req.url ?? '/', 'http://localhost');
    let p: string;
    try {
      p = decodeURIComponent(u.pathname);
    } catch {
      throw new HttpError(400, `not a valid address: ${u.pathname}`);
    }
    let m: RegExpExecArray | null;

    if (p === '/') {
      const status = await readStatus(handle, { runs: 5 });
      return sendPage(res, 'gongkai', homePage(status), { active: '/' });
    }
    if (p === '/coverage') {
      const years = await defaultYears(handle);
      const first = intParam(u.searchParams.get('from'), years.first, 1990, 2100);
      const last = intParam(u.searchParams.get('to'), years.last, first, Math.min(2100, first + 50));
      const districts = await coverageDistricts(handle, { first, last });
      const asked = u.searchParams.get('district');
      const district = asked === null ? (districts[0]?.code ?? null) : asked === '' ? null : asked;
      const level = u.searchParams.get('level') || undefined;
      const status = u.searchParams.get('status') || undefined;
      if (level && !(AGENCY_LEVELS as readonly string[]).includes(level)) throw new HttpError(400, `no level ${level}`);
      if (status && !(COVERAGE_STATUSES as readonly string[]).includes(status)) throw new HttpError(400, `no status ${status}`);
      const rows = await coverageMatrix(handle, { district, years: { first, last }, level, status });
      return sendPage(res, 'Coverage', coveragePage(districts, rows, { district, first, last, level, status }), { active: '/coverage' });
    }
    m = /^\/report\/(\d+)$/.exec(p);
    if (m) {
      const d = await reportDetail(handle, Number(m[1]));
      if (!d) throw new HttpError(404, `no report ${m[1]}`);
      return sendPage(res, `${d.agency.name} ${d.year}`, reportPage(d), { active: '/coverage' });
    }
    m = /^\/report\/(\d+)\/source\/([a-z0-9_.]+)$/.exec(p);
    if (m) {
      res.writeHead(302, { Location: await sourceUrl(Number(m[1]), m[2]!) });
      res.end();
      return;
    }
    m = /^\/document\/([0-9a-f]{64})\/(download|raw|view|read|pdf)$/.exec(p);
    if (m) {
      const sha = m[1]!;
      const action = m[2]!;
      const label = u.searchParams.get('key') ?? '';
      if (action === 'pdf') return send(res, 200, framePage('PDF page', pdfView(sha, target(u), label), ['/static/pdf-view.mjs']), pageHeaders());
      const doc = await documentFile(sha);
      if (action === 'download' || action === 'raw') {
        const ext = fileExtension(doc.format as DocumentFormat, doc.bytes);
        return send(res, 200, doc.bytes, {
          'Content-Type': DOCUMENT_TYPES[doc.format as DocumentFormat] ?? 'application/octet-stream',
          // Raw is what pdf.js fetches; a download is saved under its hash with the extension its format has.
          'Content-Disposition': `${action === 'download' ? 'attachment' : 'inline'}; filename="${sha}.${ext}"`,
          'Content-Security-Policy': ARCHIVED_CSP,
        });
      }
      if (action === 'view') {
        if (doc.format !== 'html') throw new HttpError(404, 'only HTML documents are shown as pages');
        const cell = /^(\d+):(\d+):(\d+)$/.exec(u.searchParams.get('cell') ?? '');
        const page = await annotated.get(sha, async () => options.readers.annotateHtml(doc.bytes, null));
        const body = cell ? highlightCell(page, { block: Number(cell[1]), row: Number(cell[2]), col: Number(cell[3]) }).html : page;
        return send(res, 200, body, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': ARCHIVED_CSP });
      }
      const text = await docTexts.get(sha, () => options.readers.readDocText(doc.bytes, null));
      return send(res, 200, framePage('as read', readView(text, target(u), label), ['/static/frame-scroll.js']), pageHeaders());
    }
    if (p === '/trends') {
      const q = (u.searchParams.get('q') ?? '').trim();
      const years = await defaultYears(handle);
      const [districts, agencies] = await Promise.all([coverageDistricts(handle, years), agenciesNamed(handle, q)]);
      return sendPage(res, 'Trends', trendsIndex(districts, agencies, q), { active: '/trends' });
    }
    m = /^\/agency\/(.+)$/.exec(p);
    if (m) {
      const { agency, points } = await agencyTrend(handle, m[1]!);
      if (!agency) throw new HttpError(404, `no agency ${m[1]}`);
      const sub = html`<code>${agency.key}</code> · ${agency.level ?? ''} · ${points.length} years with a report · <a href="/coverage?district=${agency.regionCode?.slice(0, 6) ?? ''}">coverage</a>`;
      return sendPage(res, agency.name, trendsPage(agency.name, sub, points, 'agency'), { active: '/trends', ...trendAssets() });
    }
    m = /^\/district\/(\d{6})$/.exec(p);
    if (m) {
      const { name, points } = await districtTrend(handle, m[1]!);
      if (!name) throw new HttpError(404, `no district ${m[1]}`);
      const sub = html`All agencies of the district with a current report: sums per year. <a href="/coverage?district=${m[1]}">coverage</a>`;
      return sendPage(res, name, trendsPage(name, sub, points, 'district'), { active: '/trends', ...trendAssets() });
    }
    if (p === '/findings') {
      const rule = u.searchParams.get('rule') || null;
      const [counts, rows] = await Promise.all([findingCounts(handle), rule ? findingsOfRule(handle, rule, FINDINGS_SHOWN) : []]);
      return sendPage(res, 'Findings', findingsPage(counts, rule, rows), { active: '/findings' });
    }
    if (p === '/sites') {
      const [health, runs] = await Promise.all([siteHealthRows(handle), lastRuns(handle, 20)]);
      return sendPage(res, 'Sites and runs', sitesPage(health, runs), { active: '/sites' });
    }
    if (p === '/sql' || p === '/sql.csv') {
      const sql = (u.searchParams.get('q') ?? '').trim().replace(/;\s*$/, '');
      let result: { columns: string[]; rows: Record<string, unknown>[] } | null = null;
      let error: string | null = null;
      if (sql) {
        try {
          result = await handle.readOnlyQuery(sql);
        } catch (err) {
          error = (err as Error).message;
        }
      }
      if (p === '/sql.csv') {
        if (!result) throw new HttpError(400, error ?? 'no statement: /sql.csv?q=select …');
        const r = result;
        const body = stringify([
          r.columns,
          ...r.rows.map((row) => r.columns.map((c) => (typeof row[c] === 'number' ? cellValue(row[c]) : neutralise(cellValue(row[c]))))),
        ]);
        return send(res, 200, body, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="gongkai-query.csv"' });
      }
      return sendPage(res, 'SQL', sqlPage(sql, result, error), { active: '/sql' }, error ? 400 : 200);
    }
    m = /^\/static\/(.+)$/.exec(p);
    if (m) return serveFile(res, STATIC_DIR, m[1]!);
    for (const [prefix, root] of Object.entries(VENDOR)) if (p.startsWith(prefix)) return serveFile(res, root, p.slice(prefix.length));
    throw new HttpError(404, `no page ${p}`);
  }

  const pageHeaders = () => ({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP });
  const trendAssets = () => ({
    scripts: ['/vendor/uplot/uPlot.iife.min.js', '/static/trends.js'],
    head: html`<link rel="stylesheet" href="/vendor/uplot/uPlot.min.css">`,
  });

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: Error) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (!(err instanceof HttpError)) options.onError?.(err, req.url ?? '');
      if (res.headersSent) {
        res.end();
        return;
      }
      sendPage(
        res,
        `${status}`,
        html`<h1>${status === 404 ? 'Not found' : status === 400 ? 'Bad request' : 'Error'}</h1><p class="error">${err.message}</p>`,
        {},
        status,
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
