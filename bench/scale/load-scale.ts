// The scale load and parse: HTML reports of the scale replica's agencies, read by gongkai against the htmlparser2
// floor (the parse of the same bytes alone), then loaded — one document per transaction, and in batches — against
// the COPY floor: the very rows gongkai wrote (agencies, reports, facts, findings), copied into an empty database.
// On the embedded database and on the Postgres server (TEST_DATABASE_URL). Measures; asserts nothing.
import crypto from 'node:crypto';
import { parseDocument } from 'htmlparser2';
import { type DbHandle, openDb } from '../../db/client.js';
import { documents } from '../../db/schema/index.js';
import { type LoadItem, loadReport, loadReports } from '../../pipeline/load/load-report.js';
import { readReport } from '../../pipeline/read-report.js';
import { generateReport } from '../../replica/generate-report.js';
import { renderHtml } from '../../replica/render-report.js';
import { scaleItem, scaleSites } from '../../replica/scale/scale-sites.js';
import { scratchDb } from './processes.js';

/** Tables a load writes, in the order their rows can be copied. */
const TABLES = ['agencies', 'reports', 'report_facts', 'findings'] as const;
const BATCH = 50;

interface Doc {
  bytes: Buffer;
  sha256: string;
  url: string;
  firstSeenAt: Date;
}

/** `count` HTML reports of the scale replica's agencies (its sites' report items, in their styles). */
export function scaleDocs(count: number): Doc[] {
  const out: Doc[] = [];
  const sites = scaleSites(300);
  for (let n = 0; out.length < count; n++) {
    for (const site of sites) {
      const item = scaleItem(site, n);
      if (!item.isReport || out.length >= count) continue;
      const spec = generateReport(site.index * 1000 + n, item.agency, item.year, { applications: 50, decisions: 2000 });
      const bytes = Buffer.from(renderHtml(spec, { style: n % 3 === 0 ? 'word' : 'plain', chrome: n % 2 === 0 }));
      const sha256 = crypto.createHash('sha256').update(bytes).update(`${site.id}/${n}`).digest('hex');
      out.push({ bytes, sha256, url: `http://${site.id}.scale.test${item.path}`, firstSeenAt: new Date(Date.UTC(2026, 0, 1, 0, out.length)) });
    }
  }
  return out;
}

const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const ratio = (x: number) => Math.round(x * 100) / 100;

/** Wall and CPU milliseconds of one pass. */
async function timePass(pass: () => Promise<void> | void): Promise<{ ms: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await pass();
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * The parse: gongkai's reading of every document against htmlparser2's parse of the same bytes, in SCALE_PARSE_ROUNDS
 * (default 3) rounds of one pass of each, the ratio the median of the rounds' ratios. CPU time beside wall time: on a
 * loaded machine the wall clock counts other processes' turns; and a pass of each in every round meets the same load.
 */
async function parseAll(docs: Doc[]): Promise<{ items: LoadItem[]; figures: Record<string, string> }> {
  // Warm both paths (JIT, region index).
  for (const d of docs.slice(0, 20)) {
    await readReport(d.bytes, { contentType: 'text/html' });
    parseDocument(d.bytes.toString('utf8'));
  }
  const items: LoadItem[] = [];
  const read = async (keep: boolean) => {
    for (const d of docs) {
      const { doc, report } = await readReport(d.bytes, { contentType: 'text/html' });
      if (!keep) continue;
      items.push({
        ctx: {
          sha256: d.sha256,
          archivePath: `${d.sha256.slice(0, 2)}/${d.sha256}`,
          contentType: 'text/html',
          url: d.url,
          kind: 'detail',
          linkText: report.title,
          parentSha256: null,
          meta: {},
          siteRegionCode: null,
          firstSeenAt: d.firstSeenAt,
        },
        report,
        status: doc.needsOcr ? 'needs_ocr' : 'parsed',
      });
    }
  };
  const rounds: { floor: { ms: number; cpuMs: number }; read: { ms: number; cpuMs: number } }[] = [];
  for (let r = 0; r < Math.max(1, Number(process.env.SCALE_PARSE_ROUNDS ?? 3)); r++) {
    const floor = await timePass(() => {
      for (const d of docs) parseDocument(d.bytes.toString('utf8'));
    });
    rounds.push({ floor, read: await timePass(() => read(r === 0)) });
  }
  const ms = median(rounds.map((r) => r.read.ms));
  const cpuMs = median(rounds.map((r) => r.read.cpuMs));
  const byWall = median(rounds.map((r) => r.read.ms / r.floor.ms));
  const byCpu = median(rounds.map((r) => r.read.cpuMs / r.floor.cpuMs));
  const floorMs = median(rounds.map((r) => r.floor.ms));
  const floorCpuMs = median(rounds.map((r) => r.floor.cpuMs));
  const mb = docs.reduce((s, d) => s + d.bytes.length, 0) / 1048576;
  return {
    items,
    figures: {
      'parse HTML reports/s (1 core)': `${rate(docs.length, ms)}  (floor htmlparser2 ${rate(docs.length, floorMs)}/s; ${ratio(byWall)}x the floor by wall time, ${ratio(byCpu)}x by CPU time (${(cpuMs / 1000).toFixed(2)} s against ${(floorCpuMs / 1000).toFixed(2)} s), medians of ${rounds.length} rounds; target ≤ 2x; ${docs.length} reports, ${mb.toFixed(1)} MB)`,
    },
  };
}

/** The documents rows the crawl would have written (not timed). */
async function archive(handle: DbHandle, docs: Doc[]): Promise<void> {
  const rows = docs.map((d) => ({
    sha256: d.sha256,
    contentType: 'text/html',
    bytes: d.bytes.length,
    format: 'html' as const,
    archivePath: `${d.sha256.slice(0, 2)}/${d.sha256}`,
    firstSeenAt: d.firstSeenAt,
    lastSeenAt: d.firstSeenAt,
  }));
  for (let i = 0; i < rows.length; i += 500) await handle.db.insert(documents).values(rows.slice(i, i + 500));
}

/** A table's rows in COPY's text format, from the embedded database (postgres.js's COPY TO stream did not end here). */
async function copyOut(handle: DbHandle, table: string): Promise<Uint8Array> {
  const r = await handle.pglite!.query(`copy ${table} to '/dev/blob'`);
  return new Uint8Array(await r.blob!.arrayBuffer());
}

async function copyIn(handle: DbHandle, table: string, data: Uint8Array): Promise<void> {
  if (handle.pglite) {
    await handle.pglite.query(`copy ${table} from '/dev/blob'`, [], { blob: new Blob([new Uint8Array(data)]) });
    return;
  }
  const writable = await handle.sql!.unsafe(`copy ${table} from stdin`).writable();
  await new Promise<void>((resolve, reject) => {
    writable.on('error', reject);
    writable.on('finish', resolve);
    writable.end(data);
  });
}

/**
 * Loads the documents into three fresh databases: one per transaction, in batches, and the batch's rows by COPY —
 * those the embedded load wrote (`rows`, the same on every database: same documents, same order), or its own.
 */
async function loadFigures(
  label: string,
  open: () => Promise<DbHandle>,
  docs: Doc[],
  items: LoadItem[],
  rows?: Uint8Array[],
): Promise<{ figures: Record<string, string>; rows: Uint8Array[] }> {
  const timed = async (body: (h: DbHandle) => Promise<void>) => {
    const h = await open();
    try {
      await archive(h, docs);
      const t0 = performance.now();
      await body(h);
      return { ms: performance.now() - t0, handle: h };
    } catch (err) {
      await h.close();
      throw err;
    }
  };
  const say = (what: string) => process.stderr.write(`bench/scale load ${label}: ${what}\n`);
  say('one document per transaction');
  const single = await timed(async (h) => {
    for (const it of items) await loadReport(h.db, it.ctx, it.report, it.status);
  });
  await single.handle.close();
  say(`batches of ${BATCH}`);
  const batched = await timed(async (h) => {
    for (let i = 0; i < items.length; i += BATCH) await loadReports(h.db, items.slice(i, i + BATCH));
  });
  const counts: Record<string, number> = {};
  const data: Uint8Array[] = [];
  try {
    for (const t of TABLES) {
      counts[t] = Number((await batched.handle.query<{ n: number }>(`select count(*)::int as n from ${t}`)).rows[0]!.n);
      if (!rows) data.push(await copyOut(batched.handle, t));
    }
  } finally {
    await batched.handle.close();
  }
  say('COPY');
  const copied = await timed(async (h) => {
    for (const [i, t] of TABLES.entries()) await copyIn(h, t, (rows ?? data)[i]!);
  });
  const n = Number((await copied.handle.query<{ n: number }>(`select count(*)::int as n from report_facts`)).rows[0]!.n);
  await copied.handle.close();
  if (n !== counts.report_facts) throw new Error(`COPY wrote ${n} facts, the load ${counts.report_facts}`);
  const facts = counts.report_facts!;
  const figures = {
    [`load ${label}: rows`]: `${items.length} documents: ${counts.agencies} agencies, ${counts.reports} reports, ${facts} facts, ${counts.findings} findings`,
    [`load ${label}: batches of ${BATCH} facts/s`]: `${rate(facts, batched.ms)}  (${rate(items.length, batched.ms)} documents/s; floor COPY ${rate(facts, copied.ms)} facts/s: ${Math.round((copied.ms / batched.ms) * 100)}% of COPY, target ≥ 25%)`,
    [`load ${label}: 1 per transaction facts/s`]: `${rate(facts, single.ms)}  (${rate(items.length, single.ms)} documents/s; ${Math.round((copied.ms / single.ms) * 100)}% of COPY; batches ${ratio(single.ms / batched.ms)}x faster)`,
  };
  return { figures, rows: rows ?? data };
}

export async function benchLoadScale(databaseUrl: string | undefined): Promise<Record<string, string>> {
  const docs = scaleDocs(Number(process.env.SCALE_LOAD_DOCS ?? 2000));
  process.stderr.write(`bench/scale load: ${docs.length} documents made; parsing\n`);
  const { items, figures } = await parseAll(docs);
  const embedded = await loadFigures('PGlite', () => openDb({ memory: true }), docs, items);
  Object.assign(figures, embedded.figures);
  if (!databaseUrl) {
    figures['load Postgres'] = 'skipped: set TEST_DATABASE_URL to a server';
    return figures;
  }
  let k = 0;
  const open = () => scratchDb(databaseUrl, `gongkai_bench_load_${process.pid}_${k++}`);
  Object.assign(figures, (await loadFigures('Postgres', open, docs, items, embedded.rows)).figures);
  return figures;
}
