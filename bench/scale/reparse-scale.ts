// The scale reparse: `gongkai reparse --all` on N archived reports of the scale replica's agencies (SCALE_REPARSE_DOCS,
// default 10,000), run as a user runs it, pinned to one core and then to every core (taskset: the parse pool sizes to
// the cores the process may use; the Postgres backends serving it are pinned with it), reports/s end to end and the speed-up against the target (2 cores ~1.8x one).
// Archives once into a scratch directory kept between runs (per N). Measures; asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Archive, archivePath } from '../../crawlers/fetch/archive.js';
import { type DbHandle, openDb } from '../../db/client.js';
import { upsertDocument } from '../../db/queries/documents.js';
import { scaleDocs } from './load-scale.js';
import { profileArgs, scratchDb } from './processes.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const GONGKAI = path.join(ROOT, 'bin', 'gongkai.js');

interface Reparse {
  ms: number;
  cpuS: number;
  peakRssMb: number;
  /** CPU of the main thread (database, orchestration) and of the others (reading threads, GC, libuv), last sampled. */
  mainCpuS: number;
  otherCpuS: number;
  /** CPU of the Postgres server's backends serving this run's database (0 on the embedded one, inside the process). */
  serverCpuS: number;
  documents: number;
  loaded: Record<string, number>;
  failed: number;
}

/**
 * CPU seconds of each thread of a process so far (/proc/PID/task/TID/stat, utime + stime in clock ticks of 1/100 s),
 * by thread id; empty once the process has gone.
 */
function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    // Gone between the listing and the read: its last sample stands.
  }
  return out;
}

/**
 * CPU seconds of each Postgres backend serving database `name` so far, by pid: the server's processes are named
 * `postgres: USER DB HOST(PORT) STATE` on Linux, so /proc finds them without a query to the server being measured.
 */
function serverCpu(name: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres: ') || !cmd.includes(` ${name} `)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // Gone between the listing and the read: its last sample stands.
    }
  }
  return out;
}

/** The node process /usr/bin/time started (its only child), once it has. */
function childOf(pid: number): number | undefined {
  try {
    const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return kids ? Number(kids.split(' ')[0]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `gongkai reparse --all` on `cpus` (taskset list) under /usr/bin/time, for its CPU time and peak RSS; samples the
 * CPU time of its main thread (the database side) apart from its other threads (the reading threads, GC, libuv). The
 * Postgres backends serving the run are pinned to the same cores as they appear: "one core" is then the whole work on
 * one core, server included (unpinned, the server ran free on the other core and flattered the 1-core run).
 */
function reparseAll(cpus: string, env: Record<string, string>, dbName: string | undefined): Promise<Reparse> {
  const t0 = performance.now();
  const args = ['-c', cpus, '/usr/bin/time', '-f', 'TIME %U %S %M', process.execPath, ...profileArgs(), GONGKAI, 'reparse', '--all', '--json'];
  const child = spawn('taskset', args, {
    cwd: ROOT,
    env: { ...process.env, GONGKAI_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  let node: number | undefined;
  const threads = new Map<number, number>();
  const backends = new Map<number, number>();
  const timer = setInterval(() => {
    node ??= childOf(child.pid!);
    if (node !== undefined) for (const [tid, s] of threadCpu(node)) threads.set(tid, s);
    if (dbName)
      for (const [pid, s] of serverCpu(dbName)) {
        if (!backends.has(pid)) spawnSync('taskset', ['-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
        backends.set(pid, s);
      }
  }, 200);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const ms = performance.now() - t0;
      const mainCpuS = threads.get(node ?? -1) ?? 0;
      const otherCpuS = [...threads].filter(([tid]) => tid !== node).reduce((sum, [, s]) => sum + s, 0);
      const time = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (code !== 0 || !time) return reject(new Error(`gongkai reparse --all exited ${code}: ${stderr.slice(-2000)}`));
      const summary = JSON.parse(stdout) as { documents: number; loaded: Record<string, number>; failed: number };
      resolve({
        ms,
        cpuS: Number(time[1]) + Number(time[2]),
        peakRssMb: Math.round(Number(time[3]) / 1024),
        mainCpuS,
        otherCpuS,
        serverCpuS: [...backends.values()].reduce((sum, s) => sum + s, 0),
        documents: summary.documents,
        loaded: summary.loaded,
        failed: summary.failed,
      });
    });
  });
}

/** The archive of `count` reports in a scratch directory, written once (a marker says it is complete). */
function archiveDir(count: number): { dir: string; shas: string[] } {
  const dir = path.join(os.tmpdir(), `gongkai-bench-reparse-${count}`);
  const marker = path.join(dir, 'documents.json');
  if (fs.existsSync(marker)) return { dir, shas: JSON.parse(fs.readFileSync(marker, 'utf8')) as string[] };
  process.stderr.write(`bench/scale reparse: making and archiving ${count} reports in ${dir}\n`);
  const archive = new Archive(path.join(dir, 'archive'));
  const shas = new Set<string>();
  for (const d of scaleDocs(count)) shas.add(archive.put(d.bytes).sha256);
  fs.writeFileSync(marker, JSON.stringify([...shas]));
  return { dir, shas: [...shas] };
}

/** The documents rows the crawl would have written, in a fresh database (not timed). */
async function archiveRows(handle: DbHandle, dir: string, shas: string[]): Promise<void> {
  const seenAt = new Date(Date.UTC(2026, 0, 1));
  for (const sha256 of shas) {
    const bytes = fs.statSync(path.join(dir, 'archive', archivePath(sha256))).size;
    await upsertDocument(handle.db, { sha256, bytes, contentType: 'text/html', format: 'html', archivePath: archivePath(sha256), seenAt });
  }
}

const rate = (n: number, ms: number) => Math.round((n / (ms / 1000)) * 10) / 10;

export async function benchReparseScale(databaseUrl: string | undefined): Promise<Record<string, string>> {
  const count = Number(process.env.SCALE_REPARSE_DOCS ?? 10_000);
  const { dir, shas } = archiveDir(count);
  const cores = os.availableParallelism();
  const all = `0-${cores - 1}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-reparse-data-'));
  fs.symlinkSync(path.join(dir, 'archive'), path.join(dataDir, 'archive'));
  const name = `gongkai_bench_reparse_${process.pid}`;
  const server = databaseUrl ? await scratchDb(databaseUrl, name) : undefined;
  const label = server ? 'Postgres' : 'PGlite';
  const url = databaseUrl ? Object.assign(new URL(databaseUrl), { pathname: `/${name}` }).toString() : undefined;
  const env: Record<string, string> = { GONGKAI_DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url } : {}) };
  /** The database between runs (the embedded one is opened only while no gongkai process holds it). */
  const withDb = async (body: (h: DbHandle) => Promise<void>) => {
    const h = server ?? (await openDb({ dataDir }));
    try {
      await body(h);
    } finally {
      if (!server) await h.close();
    }
  };
  // Every report as if read by an older parser: reparse then rewrites all of them (the case researchers wait for).
  const olderParser = () =>
    withDb(async (h) => {
      await h.query(`update reports set parser_version = '0'`);
      await h.query(`update documents set parser_version = '0'`);
    });
  const say = (what: string) => process.stderr.write(`bench/scale reparse (${label}, ${shas.length} reports): ${what}\n`);
  const line = (r: Reparse) =>
    `${rate(r.documents, r.ms)} reports/s  (${r.documents} in ${(r.ms / 1000).toFixed(1)} s wall, ${r.cpuS.toFixed(1)} s CPU: main thread ${r.mainCpuS.toFixed(1)} s, other threads ${r.otherCpuS.toFixed(1)} s${server ? `, Postgres backends ${r.serverCpuS.toFixed(1)} s` : ''}; peak RSS ${r.peakRssMb} MB; ${JSON.stringify(r.loaded)}, ${r.failed} failed; load average after ${os.loadavg()[0]!.toFixed(2)})`;
  const figures: Record<string, string> = {};
  try {
    await withDb((h) => archiveRows(h, dir, shas));
    say(`first reading on ${cores} cores (every report inserted)`);
    figures[`reparse --all ${label}, first, ${cores} cores`] = line(await reparseAll(all, env, server && name));
    await olderParser();
    say('1 core');
    const one = await reparseAll('0', env, server && name);
    figures[`reparse --all ${label}, 1 core`] = line(one);
    await olderParser();
    say(`${cores} cores`);
    const many = await reparseAll(all, env, server && name);
    // What the split of the work allows on idle cores, whatever the load while measuring: the run cannot be shorter
    // than its busiest thread (the main thread) nor than all its CPU (the server's backends included, pinned with it)
    // spread over every core.
    const work = one.mainCpuS + one.otherCpuS + one.serverCpuS;
    const bound = work / Math.max(one.mainCpuS, work / cores);
    figures[`reparse --all ${label}, ${cores} cores`] =
      `${line(many)}; ${(one.ms / many.ms).toFixed(2)}x one core by wall time (target ~${(cores * 0.9).toFixed(1)}x); at most ${bound.toFixed(2)}x on ${cores} idle cores by the 1-core run's split of CPU between the main thread and the others${server ? " (the Postgres backends' CPU counted, on the same cores)" : ''}`;
  } finally {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
