// `gongkai sites list` shows each entry's evidence and hosts; `gongkai sites check --all` prints, per site, robots,
// entry pages, columns, reports per year and what differs from the registry — run here against the Beijing replica
// (the real host names on loopback), with one entry made wrong on purpose to show what a person would act on.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadRegistry } from '../../crawlers/registry.js';
import { type BeijingReplica, startBeijingReplica } from '../../replica/beijing/server.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/replica-crawl.js';

let replica: BeijingReplica;
let registry: string;
const dir = tempDir('gongkai-sites-check-');
const env = { GONGKAI_DATA_DIR: path.join(dir, 'data'), GONGKAI_FETCH_TIMEOUT_MS: '2000' };

beforeAll(async () => {
  replica = await startBeijingReplica();
  registry = path.join(dir, 'sites.yaml');
  const sites = loadRegistry().sites.map((s) =>
    // 东城 pointed at a year column that does not exist: the check must say so.
    s.id === 'beijing-dongcheng' ? { ...s, delayMs: 0, entry: ['https://www.bjdch.gov.cn/zfxxgkzl/zfxxgknb/2099nb/'] } : { ...s, delayMs: 0 },
  );
  fs.writeFileSync(registry, stringify({ sites }));
});

afterAll(async () => {
  await replica?.close();
});

it('lists each site with its evidence and hosts', async () => {
  const r = await runCli(['sites', 'list'], { env });
  expect(r.code, r.stderr).toBe(0);
  const line = (id: string) => r.stdout.split('\n').find((l) => l.startsWith(`${id} `))!;
  expect(line('beijing-haidian')).toMatch(
    /generic\s+enabled\s+stored pages 2026-11\s+zyk\.bjhd\.gov\.cn xxgk\.bjhd\.gov\.cn www\.bjhd\.gov\.cn\s+https:\/\/zyk\.bjhd\.gov\.cn\/jbdt\//,
  );
  expect(line('beijing-fangshan')).toMatch(/enabled\s+unverified\s+www\.bjfsh\.gov\.cn/);
  expect(r.stdout).toContain('(17 sites)');
});

it('checks every site and prints what differs from the registry, exiting 1 while some site is not ok', async () => {
  const r = await runCli(['sites', '--registry', registry, 'check', '--all', '--allow-private', '--connect-to', replica.address], { env });
  expect(r.code, r.stderr).toBe(1);
  const row = (id: string) =>
    r.stdout
      .split('\n')
      .find((l) => l.startsWith(`${id} `))!
      .trim()
      .split(/\s{2,}/);
  expect(row('beijing-haidian')).toEqual(['beijing-haidian', 'ok', 'allowed', '6/6 ok', '6', '6', '2016:1 2017:1 2018:2 2023:1 2024:1', '0']);
  expect(row('beijing-municipal')).toEqual([
    'beijing-municipal',
    'ok',
    'allowed',
    '2/2 ok',
    '8',
    '14',
    '2012:2 2013:1 2014:1 2016:2 2017:3 2018:2 2019:2 2024:1',
    '0',
  ]);
  expect(row('beijing-shunyi')).toEqual(['beijing-shunyi', 'disallowed', 'disallowed', '0/1 ok', '0', '0', '1']);
  expect(row('beijing-dongcheng')).toEqual(['beijing-dongcheng', 'unreachable', 'allowed', '0/1 ok', '0', '0', '2']);
  expect(r.stdout).toContain('(17 sites, 11 ok)');
  const notes = r.stdout.slice(r.stdout.indexOf('what differs from the registry'));
  expect(notes).toMatch(
    /beijing-dongcheng\n {2}- entry https:\/\/www\.bjdch\.gov\.cn\/zfxxgkzl\/zfxxgknb\/2099nb\/: http_error \(HTTP 404[^\n]*\)\n {2}- no report found, where the registry expects some\n/,
  );
  expect(notes).toContain('beijing-shunyi\n  - robots.txt of https://www.bjshy.gov.cn: disallowed\n');
  expect(notes).toMatch(
    /beijing-yanqing\n {2}- robots\.txt of http:\/\/www\.bjyq\.gov\.cn: unreachable\n {2}- entry http:\/\/www\.bjyq\.gov\.cn\/: network_error/,
  );
});

it('refuses a check naming no site, and --connect-to without --allow-private', async () => {
  expect((await runCli(['sites', 'check'], { env })).stderr).toMatch(/name one site, or --all/);
  expect((await runCli(['sites', 'check', '--all', '--connect-to', '127.0.0.1:1'], { env })).stderr).toMatch(/--connect-to needs --allow-private/);
});
