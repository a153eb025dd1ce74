// The exit codes of `gongkai crawl` and `gongkai run` as cron sees them (README, "Exit codes"), from real processes
// against the replica: 0 all collected, 3 partial, 1 failed — an unreachable site, a JavaScript-built list without a
// browser, a blocked site — each also shown in the run summary and in `gongkai status`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EXIT_CODES } from '../../cli/exit-codes.js';
import { type Replica, startReplica } from '../../replica/server.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/replica-crawl.js';

describe('exit codes of crawl and run', () => {
  let replica: Replica;
  let registry: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    replica = await startReplica({ discovery: true });
    const dir = tempDir('gongkai-exit-codes-');
    registry = path.join(dir, 'sites.yaml');
    fs.writeFileSync(registry, stringify({ sites: replica.sites.map((s) => s.config) }));
    // No browser: the JavaScript-built list must come out as needing one.
    env = { GONGKAI_DATA_DIR: path.join(dir, 'data'), GONGKAI_FETCH_TIMEOUT_MS: '2000', CHROMIUM_PATH: '/nonexistent/chromium' };
  });
  afterAll(async () => {
    await replica?.close();
  });

  it('declares distinct codes', () => {
    expect(EXIT_CODES).toEqual({ ok: 0, failed: 1, usage: 2, partial: 3 });
  });

  it('exits 1 for a start URL nobody answers, saying it is unreachable', async () => {
    const r = await runCli(['crawl', '--start-url', 'http://127.0.0.1:9/', '--agency', '某区人民政府', '--allow-private'], { env });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/adhoc-127-0-0-1-9\s+unreachable/);
    expect(r.stdout).toMatch(/run \d+: failed;/);
  }, 240_000);

  it('exits 1 for a list built by JavaScript when no browser is installed: needs_browser, not empty', async () => {
    const vue = replica.sites.find((s) => s.id === 'replica-vue')!;
    const r = await runCli(['crawl', '--start-url', vue.config.entry[0]!, '--agency', '北京市昌平区人民政府', '--allow-private', '--json'], { env });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { status: string; sites: { status: string; message: string }[] };
    expect(report.status).toBe('failed');
    expect(report.sites).toHaveLength(1);
    expect(report.sites[0]!.status).toBe('needs_browser');
    expect(report.sites[0]!.message).toMatch(/no browser \(install chromium or set CHROMIUM_PATH\)/);
  }, 240_000);

  it('exits 3 when some sites are collected and others fail, naming the failures', async () => {
    const r = await runCli(['crawl', '--registry', registry, '--site', 'replica-hanweb', 'replica-blocked', '--allow-private'], { env });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/site errors/);
    expect(r.stdout).toMatch(/replica-blocked\s+blocked/);
    expect(r.stdout).toMatch(/run \d+: partial;/);
  }, 240_000);

  it('exits 1 when a nightly run collects nothing, and status lists every failed site with why', async () => {
    const r = await runCli(['run', '--registry', registry, '--site', 'replica-blocked', '--allow-private'], { env });
    expect(r.code, r.stderr).toBe(1);
    const status = await runCli(['status'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/replica-blocked\s+blocked/);
    expect(status.stdout).toMatch(/adhoc-127-0-0-1-\d+\s+needs_browser: no reports found/);
    expect(status.stdout).toMatch(/adhoc-127-0-0-1-9\s+unreachable/);
  }, 240_000);

  it('exits 0 when every site is collected', async () => {
    const r = await runCli(['crawl', '--registry', registry, '--site', 'replica-hanweb', '--allow-private'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/run \d+: ok;/);
  }, 240_000);
});
