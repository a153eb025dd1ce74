// bench/export: a synthetic dataset of 100,000 reports (2021 template, every statutory cell filled, as in a real
// national collection) exported to CSV: rows per second for the panel (one row per report, ~340 columns) and for
// facts (one row per cell), and the peak memory of the exporting process. On PGlite the database runs inside the
// process, so its memory is counted too; on the Postgres server (TEST_DATABASE_URL) only the exporter's.
// BENCH_EXPORT_REPORTS overrides the size; the in-memory PGlite gets BENCH_EXPORT_PGLITE_REPORTS (default 10,000:
// it holds the whole database in the process, about 1.5 GB per 5,000 such reports).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDb, type DbHandle } from '../db/client.js';
import { exportDatasets } from '../export/export-datasets.js';
import { statutoryKeys } from '../domain/codebook.js';

const REPORTS = Number(process.env.BENCH_EXPORT_REPORTS ?? 100_000);
const PGLITE_REPORTS = Number(process.env.BENCH_EXPORT_PGLITE_REPORTS ?? 10_000);
const CHUNK = 5_000;

export async function fill(handle: DbHandle, n: number): Promise<number> {
  const keys = statutoryKeys('2021').map((k) => k.key);
  await handle.query(`insert into agencies (name, level) select '合成机关' || g, 'department' from generate_series(1, $1::int) g`, [Math.ceil(n / 5)]);
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    await handle.query(
      `insert into documents (sha256, bytes, format, archive_path, parse_status)
       select md5(g::text) || md5((-g)::text), 20000, 'html', 'bench/' || g, 'parsed' from generate_series($1::int, $2::int) g`,
      [from, to],
    );
    await handle.query(
      `insert into document_sources (sha256, url, kind, link_text)
       select md5(g::text) || md5((-g)::text), 'http://bench.example/' || g || '.html', 'detail', '合成机关' || ((g - 1) / 5 + 1) || '年度报告'
         from generate_series($1::int, $2::int) g`,
      [from, to],
    );
    await handle.query(
      `insert into reports (agency_id, year, version, document_sha256, source_group, template, title, parser_version, grade, is_current)
       select (g - 1) / 5 + 1, 2020 + (g - 1) % 5, 1, md5(g::text) || md5((-g)::text), md5(g::text) || md5((-g)::text), '2021',
              '合成机关' || ((g - 1) / 5 + 1) || (2020 + (g - 1) % 5) || '年政府信息公开工作年度报告', 'bench', 'A', true
         from generate_series($1::int, $2::int) g`,
      [from, to],
    );
    await handle.query(
      `insert into report_facts (report_id, key, value, raw, provenance)
       select r.id, k.key, (r.id * 7 + k.i) % 50, ((r.id * 7 + k.i) % 50)::text, jsonb_build_object('block', 4, 'row', k.i, 'col', 2)
         from reports r cross join unnest($3::text[]) with ordinality as k(key, i)
        where r.id between $1 and $2`,
      [from, to, keys],
    );
  }
  return keys.length;
}

async function measure(handle: DbHandle, dataset: string): Promise<{ rows: number; seconds: number; peakMb: number; mb: number }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-export-'));
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  try {
    const r = await exportDatasets(handle, { outDir: out, datasets: [dataset], format: 'csv', bom: false });
    const seconds = (performance.now() - t0) / 1000;
    return { rows: r.files[0]!.rows, seconds, peakMb: Math.round(peak / 1048576), mb: Math.round(fs.statSync(r.files[0]!.file).size / 1048576) };
  } finally {
    clearInterval(timer);
    fs.rmSync(out, { recursive: true, force: true });
  }
}

async function benchOn(label: string, handle: DbHandle, reports: number, figures: Record<string, number | string>): Promise<void> {
  let t0 = performance.now();
  const keys = await fill(handle, reports);
  figures[`${label}: build ${reports} reports × ${keys} facts s`] = Math.round((performance.now() - t0) / 1000);
  figures[`${label}: RSS before export MB`] = Math.round(process.memoryUsage().rss / 1048576);
  for (const dataset of ['panel', 'facts']) {
    t0 = performance.now();
    const m = await measure(handle, dataset);
    figures[`${label}: ${dataset} rows/s`] = Math.round(m.rows / m.seconds);
    figures[`${label}: ${dataset} rows, file MB`] = `${m.rows}, ${m.mb}`;
    figures[`${label}: ${dataset} peak RSS MB`] = m.peakMb;
  }
}

export async function benchExport(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `gongkai_bench_export_${process.pid}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const handle = await openDb({ databaseUrl: u.toString() });
    try {
      await benchOn('Postgres', handle, REPORTS, figures);
    } finally {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  } else figures.Postgres = 'skipped: set TEST_DATABASE_URL to a server';
  const pglite = await openDb({ memory: true });
  try {
    await benchOn('PGlite', pglite, PGLITE_REPORTS, figures);
  } finally {
    await pglite.close();
  }
  return figures;
}
