// The hostile corpus (replica/hostile.ts) through the real `gongkai run` executable, as a user runs it: the replica
// sites on 127.0.0.1, a registry file naming them, `gongkai run --json` in a child process (twice), and the peak RSS
// of its whole process tree sampled from /proc. For `npm run bench -- hostile` and the end-to-end test; measures only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { RunReport } from '../domain/run-report.js';
import { startHostileSites } from '../replica/hostile.js';
import { runMeasured, type TreeRun } from './process-tree.js';

const BIN = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../bin/gongkai.js');

export interface HostileCliRun extends TreeRun {
  /** The run report `gongkai run --json` printed, null when it printed none. */
  report: RunReport | null;
}

export interface HostileCliOptions {
  scale: number;
  /** A Postgres database to run on; the embedded database in the data directory when absent. */
  databaseUrl?: string;
  /** Requests each site may make (the long list must stop at it). */
  siteRequests?: number;
  /** How many runs, one after the other on the same database (the second must read nothing again). */
  runs?: number;
  /** Killed past this (ms), so that a hung run fails its test instead of holding it. */
  timeoutMs?: number;
}

/** Serves the hostile sites, runs `gongkai run` over them `runs` times, and returns each run with its tree's peak RSS. */
export async function runHostileCli(options: HostileCliOptions): Promise<{ runs: HostileCliRun[]; dataDir: string }> {
  const sites = await startHostileSites({ scale: options.scale, delayMs: 0 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-hostile-cli-'));
  try {
    const registry = path.join(dataDir, 'hostile-sites.yaml');
    fs.writeFileSync(registry, stringify({ sites: sites.sites.map((s) => ({ ...s.config, maxPages: options.siteRequests ?? 300 })) }));
    const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: dataDir, GONGKAI_LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
    const runs: HostileCliRun[] = [];
    for (let i = 0; i < (options.runs ?? 2); i++) {
      const r = await runMeasured(process.execPath, [BIN, 'run', '--registry', registry, '--allow-private', '--full', '--json'], {
        env,
        timeoutMs: options.timeoutMs,
      });
      let report: RunReport | null = null;
      try {
        report = JSON.parse(r.stdout) as RunReport;
      } catch {
        // no report: the exit code and stderr say why
      }
      runs.push({ ...r, report });
    }
    return { runs, dataDir };
  } finally {
    await sites.close();
  }
}
