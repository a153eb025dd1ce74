// What the scale bench needs to run gongkai as a user does: the scale replica in a child process of its own, the
// `gongkai` CLI and `gongkai worker` processes with their wall time and peak RSS (VmHWM, read from /proc while they
// run), and throwaway databases on the Postgres server. Measures nothing itself.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { type DbHandle, openDb } from '../../db/client.js';
import type { SiteConfigInput } from '../../crawlers/types.js';
import type { ScaleSite } from '../../replica/scale/scale-sites.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const GONGKAI = path.join(ROOT, 'bin', 'gongkai.js');

export interface ScaleChild {
  sites: { site: ScaleSite; config: SiteConfigInput }[];
  hits(): Promise<Record<string, number>>;
  resetHits(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the scale replica in its own process; it stops when this process goes away or after `lifetimeMs`. */
export async function startScaleChild(count: number, delayMs: number, lifetimeMs: number): Promise<ScaleChild> {
  const child = fork(path.join(ROOT, 'replica', 'scale', 'serve-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SCALE_SITES: String(count), SCALE_DELAY_MS: String(delayMs), SCALE_LIFETIME_MS: String(lifetimeMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(op: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { op: string } & T) => {
        if (m.op !== op) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      const onExit = (code: number | null) => reject(new Error(`the scale replica exited (${code}) before answering ${op}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next<{ sites: ScaleChild['sites'] }>('ready');
  return {
    sites: ready.sites,
    async hits() {
      const answer = next<{ hits: Record<string, number> }>('hits');
      child.send({ op: 'hits' });
      return (await answer).hits;
    },
    async resetHits() {
      const answer = next('reset');
      child.send({ op: 'reset' });
      await answer;
    },
    async close() {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.send({ op: 'close' });
      await gone;
    },
  };
}

/** CPU time (user + system, with its waited-for children) a running process has used so far, in ms (0 once it has gone). */
export function cpuMs(pid: number): number {
  try {
    // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    return Math.round((ticks * 1000) / CLOCK_TICKS);
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every Linux this runs on). */
const CLOCK_TICKS = 100;

/** Peak resident memory of a running process so far, in MB (0 once it has gone). */
export function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

export interface CliRun {
  ms: number;
  peakRssMb: number;
  /** CPU time of the process, sampled every 200 ms until it exits (so up to 200 ms short). */
  cpuMs: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

/** SCALE_CPU_PROF_DIR=DIR: each gongkai process writes a V8 CPU profile there (node refuses --cpu-prof in NODE_OPTIONS). */
export function profileArgs(): string[] {
  const dir = process.env.SCALE_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
}

/** Runs `gongkai ARGS` to its end, sampling its peak RSS until it exits. */
export function runGongkai(args: string[], env: Record<string, string>): Promise<CliRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...profileArgs(), GONGKAI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let peak = 0;
  let cpu = 0;
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setInterval(() => {
    peak = Math.max(peak, peakRssMb(child.pid!));
    cpu = Math.max(cpu, cpuMs(child.pid!));
  }, 200);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      // 0 ok, 1 failed, 3 partial (the replica has failing, blocked and down sites): each a finished run with its report.
      if (code !== 0 && code !== 1 && code !== 3) return reject(new Error(`gongkai ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      resolve({ ms: performance.now() - t0, peakRssMb: peak, cpuMs: cpu, stdout, stderr, code });
    });
  });
}

export interface Workers {
  /** Peak RSS of each worker so far. */
  peaks(): number[];
  /** CPU time all the workers have used so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Starts `gongkai worker` processes; stop() ends them with SIGTERM (they finish cleanly) and waits. */
export async function startWorkers(n: number, args: string[], env: Record<string, string>): Promise<Workers> {
  const children: ChildProcess[] = [];
  const peaks: number[] = Array(n).fill(0);
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, [GONGKAI, 'worker', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (c: Buffer) => {
        err += c.toString();
        if (/waiting for jobs/.test(err)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${err.slice(-2000)}`)));
    });
  }
  const timer = setInterval(() => children.forEach((c, i) => (peaks[i] = Math.max(peaks[i]!, peakRssMb(c.pid!)))), 200);
  return {
    peaks: () => [...peaks],
    cpuMs: () => children.reduce((sum, c) => sum + cpuMs(c.pid!), 0),
    async stop() {
      clearInterval(timer);
      await Promise.all(
        children.map((c) => {
          if (c.exitCode !== null) return Promise.resolve();
          const gone = new Promise((r) => c.once('exit', r));
          c.kill('SIGTERM');
          return gone;
        }),
      );
    },
  };
}

/** A fresh database on the server at `url`, dropped after `body`. */
/** A new, migrated database on the server; closing the handle drops it. */
export async function scratchDb(url: string, name: string): Promise<DbHandle> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: u.toString() });
  const close = handle.close.bind(handle);
  handle.close = async () => {
    await close();
    const a = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await a.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await a.end();
    }
  };
  return handle;
}

export async function withScratchDatabase<T>(url: string, name: string, body: (databaseUrl: string) => Promise<T>): Promise<T> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  try {
    return await body(u.toString());
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}
