// bench/pipeline: the whole nightly run on the replica (every site, the demo's politeness delay) into an in-memory
// PGlite — its time, split into crawl and parse+load — and then load throughput alone: the run's documents, parsed
// once in memory, loaded into fresh databases (PGlite, and the Postgres server at TEST_DATABASE_URL if set), in
// facts per second. Loading is one transaction per document (agency resolution, versions, twins, facts, findings).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { pino } from 'pino';
import { openDb, type DbHandle } from '../db/client.js';
import { documentContext, type DocumentContext } from '../db/queries/reports.js';
import { documents } from '../db/schema/index.js';
import { defineSite } from '../crawlers/define-site.js';
import { collect } from '../jobs/collect.js';
import { inProcessQueue } from '../jobs/work-queue.js';
import { loadReport } from '../pipeline/load/load-report.js';
import { readReport } from '../pipeline/read-report.js';
import type { ParsedReport } from '../pipeline/types.js';
import { startReplica } from '../replica/server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LIMITS = { maxBytes: 50 * 1024 * 1024, maxPages: 200, timeoutMs: 120_000 };

interface Parsed {
  ctx: DocumentContext;
  report: ParsedReport;
  status: 'parsed' | 'needs_ocr';
}

async function parseAll(handle: DbHandle, archiveRoot: string): Promise<Parsed[]> {
  const { rows } = await handle.query<{ sha256: string }>(
    `select sha256 from documents where parse_status in ('parsed', 'needs_ocr') order by first_seen_at, sha256`,
  );
  const out: Parsed[] = [];
  for (const { sha256 } of rows) {
    const ctx = (await documentContext(handle.db, sha256))!;
    const { doc, report } = await readReport(fs.readFileSync(path.join(archiveRoot, ctx.archivePath)), { contentType: ctx.contentType, ...LIMITS });
    out.push({ ctx, report, status: doc.needsOcr ? 'needs_ocr' : 'parsed' });
  }
  return out;
}

/** Loads every parsed document into a fresh database; returns facts per second. */
async function loadInto(target: DbHandle, source: DbHandle, parsed: Parsed[]): Promise<{ facts: number; ms: number }> {
  const docs = await source.db.select().from(documents);
  for (let i = 0; i < docs.length; i += 500)
    await target.db.insert(documents).values(docs.slice(i, i + 500).map((d) => ({ ...d, parseStatus: 'pending' as const })));
  const t0 = performance.now();
  for (const p of parsed) await loadReport(target.db, p.ctx, p.report, p.status);
  const ms = performance.now() - t0;
  const { rows } = await target.query<{ n: number }>('select count(*)::int as n from report_facts');
  return { facts: rows[0]!.n, ms };
}

async function withServerDb<T>(url: string, body: (handle: DbHandle) => Promise<T>): Promise<T> {
  const name = `gongkai_bench_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: u.toString() });
  try {
    return await body(handle);
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

export async function benchPipeline(): Promise<Record<string, number | string>> {
  const replica = await startReplica({ delayMs: 30, slowMs: 4000 });
  const handle = await openDb({ memory: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-pipeline-'));
  const figures: Record<string, number | string> = {};
  try {
    const sites = replica.sites.filter((s) => fs.existsSync(CHROMIUM) || s.config.pattern !== 'browser').map((s) => defineSite(s.config));
    const t0 = performance.now();
    const log = pino({ level: 'silent' });
    const queue = inProcessQueue({
      handle,
      log,
      dataDir,
      fetcher: { userAgent: 'gongkai-bench', allowPrivate: true, timeoutMs: 2000, maxBytes: LIMITS.maxBytes, retries: 2, backoffMs: 100 },
      chromiumPath: CHROMIUM,
      limits: LIMITS,
    });
    const run = await collect({ handle, log, kind: 'run', trigger: 'bench', queue, sites, recheckAfterMs: 0 });
    const totalMs = performance.now() - t0;
    figures.sites = sites.length;
    figures['documents archived'] = run.crawl.totals.documentsNew;
    figures['reports loaded'] = run.process.loaded.inserted;
    figures['facts loaded'] = run.process.facts;
    figures['end-to-end run s'] = Math.round(totalMs / 100) / 10;
    figures['  crawl s'] = Math.round((totalMs - run.process.ms) / 100) / 10;
    figures['  parse + load s'] = Math.round(run.process.ms / 100) / 10;

    const parsed = await parseAll(handle, path.join(dataDir, 'archive'));
    const pglite = await openDb({ memory: true });
    try {
      const r = await loadInto(pglite, handle, parsed);
      figures['load PGlite facts/s'] = Math.round(r.facts / (r.ms / 1000));
      figures['load PGlite documents/s'] = Math.round(parsed.length / (r.ms / 1000));
    } finally {
      await pglite.close();
    }
    const url = process.env.TEST_DATABASE_URL;
    if (url) {
      const r = await withServerDb(url, (server) => loadInto(server, handle, parsed));
      figures['load Postgres facts/s'] = Math.round(r.facts / (r.ms / 1000));
      figures['load Postgres documents/s'] = Math.round(parsed.length / (r.ms / 1000));
    } else figures['load Postgres'] = 'skipped: set TEST_DATABASE_URL to a server';
    return figures;
  } finally {
    await handle.close();
    await replica.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
