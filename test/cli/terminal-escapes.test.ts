// Text from documents never drives the terminal: escape sequences in a query result or a parsed report are printed
// as visible \xNN, in tables, JSON (as \u escapes, the value unchanged) and the report view; piped CSV keeps its data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Window title, clear screen, and a one-byte C1 CSI (U+009B) setting red: what a hostile page title would carry.
const HOSTILE = `E'\\x1b]0;owned\\x07\\x1b[2J' || chr(155) || '31m区政府'`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('terminal escape sequences from documents', () => {
  const env: Record<string, string> = {};
  beforeAll(async () => {
    env.GONGKAI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-esc-'));
    expect((await runCli(['db', 'migrate'], { env })).code).toBe(0);
  });

  it('are shown, not obeyed, in a query table', async () => {
    const r = await runCli(['query', `select ${HOSTILE} as title`], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('\\x1b]0;owned\\x07\\x1b[2J\\x9b31m区政府');
  });

  it('stay escaped but equal in JSON, and untouched in piped CSV', async () => {
    const json = await runCli(['query', '--format', 'json', `select ${HOSTILE} as title`], { env });
    expect(json.stdout).not.toMatch(RAW);
    expect(JSON.parse(json.stdout)).toEqual([{ title: '\u001b]0;owned\u0007\u001b[2J\u009b31m区政府' }]);
    const csv = await runCli(['query', '--format', 'csv', `select ${HOSTILE} as title`], { env });
    expect(csv.stdout).toBe('title\n\u001b]0;owned\u0007\u001b[2J\u009b31m区政府\n');
  });

  it('are shown, not obeyed, when a parsed report is printed', async () => {
    const file = path.join(env.GONGKAI_DATA_DIR!, 'hostile.txt');
    const seed = fs.readFileSync('test/pipeline/reports/seed-miyun-district-2021/source.txt', 'utf8');
    fs.writeFileSync(file, seed.replace('北京市密云区人民政府', '北京市密云区人民政府\u001b]0;owned\u0007\u009b2J'));
    const r = await runCli(['parse', file], { env });
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stdout).toContain('北京市密云区');
  });
});
