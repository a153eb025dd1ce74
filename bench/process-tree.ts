// Runs a command as a child process and samples the resident memory of its whole process tree (the process, its
// threads, which share its RSS, and every descendant such as Chromium) from /proc every 100 ms, as `top` would see a
// user's run. For the benches and the end-to-end tests; Linux only (reads /proc). Measures, never limits.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface TreeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, ms. */
  ms: number;
  /** Highest sum of VmRSS over the tree seen by a sample, bytes. */
  peakRss: number;
  /** The most processes seen in the tree at once. */
  peakProcesses: number;
  /** At the peak: each process of the tree (its command name) and its RSS in bytes, largest first. */
  atPeak: { name: string; rss: number }[];
  samples: number;
  /** CPU time (user + system) of the tree's processes as last sampled, ms: a lower bound (up to one interval short). */
  cpuMs: number;
}

/** Clock ticks a second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux builds). */
const TICKS = 100;

/** Parent pid of every live process, from /proc/<pid>/stat (the field after the parenthesised name). */
function parents(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue; // exited between readdir and read
    }
    // The name may hold spaces and parentheses: the fields start after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  return children;
}

interface ProcessSample {
  pid: number;
  name: string;
  rss: number;
  /** utime + stime, clock ticks. */
  cpu: number;
}

function sampleOf(pid: number): ProcessSample {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'latin1');
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the name: state is field 3, utime 14 and stime 15 (1-based over the whole line).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return { pid, name: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?', rss: m ? Number(m[1]) * 1024 : 0, cpu: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return { pid, name: '?', rss: 0, cpu: 0 };
  }
}

/** The RSS summed over `root` and all its descendants now, and each process's part. */
export function treeRss(root: number): { rss: number; processes: ProcessSample[] } {
  const children = parents();
  const processes: ProcessSample[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    processes.push(sampleOf(pid));
    stack.push(...(children.get(pid) ?? []));
  }
  return { rss: processes.reduce((s, p) => s + p.rss, 0), processes };
}

/** Spawns `command args` with `env` and resolves when it exits, with its output and the tree's peak RSS. */
export function runMeasured(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; intervalMs?: number; timeoutMs?: number } = {},
): Promise<TreeRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let peakRss = 0;
    let peakProcesses = 0;
    let atPeak: { name: string; rss: number }[] = [];
    let samples = 0;
    const cpu = new Map<number, number>();
    const sample = () => {
      if (child.pid === undefined) return;
      const t = treeRss(child.pid);
      if (t.rss === 0) return; // the process is gone
      samples++;
      for (const p of t.processes) cpu.set(p.pid, Math.max(cpu.get(p.pid) ?? 0, p.cpu));
      peakProcesses = Math.max(peakProcesses, t.processes.length);
      if (t.rss <= peakRss) return;
      peakRss = t.rss;
      atPeak = t.processes.sort((a, b) => b.rss - a.rss).map((p) => ({ name: p.name, rss: p.rss }));
    };
    const timer = setInterval(sample, options.intervalMs ?? 100);
    const killer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : null;
    child.on('error', (err) => {
      clearInterval(timer);
      if (killer) clearTimeout(killer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      if (killer) clearTimeout(killer);
      resolve({
        code,
        signal,
        stdout,
        stderr,
        ms: Date.now() - started,
        peakRss,
        peakProcesses,
        atPeak,
        samples,
        cpuMs: ([...cpu.values()].reduce((a, b) => a + b, 0) * 1000) / TICKS,
      });
    });
  });
}
