// The crawling commands as a user runs them: probe a site without storing anything, crawl one site of a registry
// file, export the documents dataset.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openDb } from '../../db/client.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/replica-crawl.js';
import { type Replica, startReplica } from '../../replica/server.js';

describe('gongkai sites / crawl / export on the replica', () => {
  let replica: Replica;
  let registry: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    replica = await startReplica();
    const dir = tempDir('gongkai-cli-crawl-');
    registry = path.join(dir, 'sites.yaml');
    fs.writeFileSync(registry, stringify({ sites: replica.sites.map((s) => s.config) }));
    env = { GONGKAI_DATA_DIR: path.join(dir, 'data'), GONGKAI_FETCH_TIMEOUT_MS: '2000' };
  });
  afterAll(async () => {
    await replica?.close();
  });

  it('checks a site without storing anything', async () => {
    const r = await runCli(['sites', '--registry', registry, 'check', 'replica-trs', '--allow-private', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { status: string; cms: string[]; reportsFound: number };
    expect(report).toMatchObject({ status: 'ok', reportsFound: 24 });
    expect(report.cms).toContain('trs');
    expect(fs.existsSync(path.join(env.GONGKAI_DATA_DIR!, 'pglite'))).toBe(false);
  });

  it('reports a blocked site as blocked, with exit code 1', async () => {
    const r = await runCli(['sites', '--registry', registry, 'check', 'replica-blocked', '--allow-private'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/status\s+blocked/);
  });

  it('crawls one site of a registry file and exports its documents', async () => {
    const crawl = await runCli(['crawl', '--registry', registry, '--site', 'replica-hanweb', '--allow-private'], { env });
    expect(crawl.code, crawl.stderr).toBe(0);
    expect(crawl.stdout).toMatch(/replica-hanweb\s+ok\s+3\s+17\s+20/);
    const out = path.join(env.GONGKAI_DATA_DIR!, '..', 'exports');
    const exp = await runCli(['export', '--dataset', 'documents', '--out', out], { env });
    expect(exp.code, exp.stderr).toBe(0);
    const rows = parse(fs.readFileSync(path.join(out, 'documents.csv')), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(20);
    expect(Object.keys(rows[0]!)).toEqual([
      'url',
      'final_url',
      'sha256',
      'content_type',
      'format',
      'bytes',
      'kind',
      'local_path',
      'source_note',
      'site_id',
      'list_url',
      'link_text',
      'parent_url',
      'first_seen',
      'last_seen',
      'parse_status',
      'parse_error',
    ]);
    const handle = await openDb({ dataDir: env.GONGKAI_DATA_DIR });
    const db = (
      await handle.query<{ url: string; sha256: string; bytes: string }>(
        'select s.url, s.sha256, d.bytes from document_sources s join documents d using (sha256) order by s.id',
      )
    ).rows;
    await handle.close();
    expect(rows.map((r) => [r.url, r.sha256, Number(r.bytes)])).toEqual(db.map((r) => [r.url, r.sha256, Number(r.bytes)]));
    expect(
      rows.filter((r) => r.kind === 'attachment').every((r) => (r.parent_url ?? '').startsWith(replica.sites.find((s) => s.id === 'replica-hanweb')!.origin)),
    ).toBe(true);
  }, 180_000);

  it('refuses an unknown site with exit code 2', async () => {
    const r = await runCli(['crawl', '--registry', registry, '--site', 'no-such-site'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gongkai: no site "no-such-site" in the registry (gongkai sites list shows them)\n');
  });
});
