// `gongkai import` as a user runs it, on a data directory: the dry run's table and JSON (nothing stored), the flags
// that name what a file does not, the import's table, summary and exit code, `gongkai status` showing the run, the
// usage mistakes refused with exit 2, and the progress bar drawn on a terminal only.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/replica-crawl.js';

const FIXTURES = 'test/jobs/import';
const LUCHENG = '北京市通州区潞城镇人民政府';

describe('gongkai import from the command line', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = tempDir('gongkai-import-cli-');
    env = { GONGKAI_DATA_DIR: path.join(dir, 'data') };
    // 通州区/潞城镇/2021年报.docx: the document names no agency, its folders do; a meeting note beside it.
    fs.mkdirSync(path.join(dir, '通州区/潞城镇'), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'lucheng-2021.docx'), path.join(dir, '通州区/潞城镇/2021年报.docx'));
    fs.writeFileSync(path.join(dir, '通州区/潞城镇/会议纪要.txt'), '潞城镇党政办公室会议纪要\n\n会议研究了春季防火工作。\n');
    // A report saved under a name that says nothing.
    fs.mkdirSync(path.join(dir, 'misc'));
    fs.copyFileSync(path.join(FIXTURES, 'lucheng-2021.html'), path.join(dir, 'misc/report.html'));
  });

  it('prints what a dry run would load and leave out, stores nothing, and exits 1 when a file would be left out', async () => {
    const r = await runCli(['import', '--dry-run', path.join(dir, '通州区')], { env });
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`dry run: nothing was stored (${path.join(dir, '通州区')})`);
    expect(lines.find((l) => l.startsWith('通州区/潞城镇/2021年报.docx'))!.split(/\s{2,}/)).toEqual([
      '通州区/潞城镇/2021年报.docx',
      'would load',
      LUCHENG,
      '2021',
      'A',
    ]);
    expect(
      lines
        .find((l) => l.startsWith('通州区/潞城镇/会议纪要.txt'))!
        .split(/\s{2,}/)
        .slice(0, 2),
    ).toEqual(['通州区/潞城镇/会议纪要.txt', 'LEFT OUT']);
    expect(r.stdout).toContain('2 files: 1 would be loaded, 0 duplicates, 1 left out, 0 skipped');
    // The reason, whole, below the table.
    expect(r.stdout).toContain('  通州区/潞城镇/会议纪要.txt: no agency named in the document, and it is not recognisably an annual report');
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
  }, 120_000);

  it('takes the agency a file and its folders do not name from --agency and --region, in JSON', async () => {
    const without = await runCli(['import', '--dry-run', '--json', path.join(dir, 'misc/report.html')], { env });
    expect(without.code, without.stderr).toBe(1);
    expect(JSON.parse(without.stdout).files.map((f: Record<string, unknown>) => [f.path, f.outcome, f.agency, f.year, f.reason])).toEqual([
      ['misc/report.html', 'left_out', null, null, 'no agency named in the document, its file name or folders, or --agency'],
    ]);
    const flagged = await runCli(['import', '--dry-run', '--json', '--agency', '潞城镇', '--region', '110112', path.join(dir, 'misc/report.html')], { env });
    expect(flagged.code, flagged.stderr).toBe(0);
    expect(JSON.parse(flagged.stdout).files.map((f: Record<string, unknown>) => [f.path, f.outcome, f.agency, f.year, f.grade])).toEqual([
      ['misc/report.html', 'loaded', LUCHENG, 2021, 'A'],
    ]);
  }, 120_000);

  it('imports as a recorded run, exits 1 when a file was left out, and 0 when importing it again finds it loaded', async () => {
    const r = await runCli(['import', '--source-note', 'from a colleague', path.join(dir, '通州区')], { env });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(
      /^import run 1: partial, \d+ s — 2 documents new, 0 already archived; 2 read: 1 reports new, 0 updated, 0 unchanged, 1 not reports, 0 unreadable$/,
    );
    expect(
      r.stdout
        .split('\n')
        .find((l) => l.startsWith('通州区/潞城镇/2021年报.docx'))!
        .split(/\s{2,}/),
    ).toEqual(['通州区/潞城镇/2021年报.docx', 'loaded', LUCHENG, '2021', 'A', 'new report']);
    expect(r.stdout).toContain('Files left out are not in the dataset');

    const again = await runCli(['import', '--json', path.join(dir, '通州区/潞城镇/2021年报.docx')], { env });
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout);
    expect([report.runId, report.status]).toEqual([2, 'ok']);
    expect(report.import.files.map((f: Record<string, unknown>) => [f.path, f.outcome, f.agency, f.year])).toEqual([
      ['潞城镇/2021年报.docx', 'loaded', LUCHENG, 2021],
    ]);

    const status = await runCli(['status', '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).runs.map((run: Record<string, unknown>) => [run.id, run.kind, run.status, run.errors])).toEqual([
      [2, 'import', 'ok', 0],
      [1, 'import', 'partial', 1],
    ]);
  }, 180_000);

  it('refuses what it cannot do with exit 2', async () => {
    for (const [args, message] of [
      [['import', path.join(dir, 'nothing-here')], `no such file or directory: ${path.join(dir, 'nothing-here')}`],
      [['import', '--year', '1999', path.join(dir, 'misc')], '--year'],
      [['import', '--region', '999999', path.join(dir, 'misc')], '--region wants a GB/T 2260 division code'],
      [['import', '--agency', ' ', path.join(dir, 'misc')], '--agency wants the name of an agency'],
    ] as const) {
      const r = await runCli([...args], { env });
      expect([r.code, r.stderr], args.join(' ')).toEqual([2, expect.stringContaining(message)]);
    }
  }, 60_000);

  it('draws its progress bar on stderr only when stderr is a terminal', async () => {
    const file = path.join(dir, 'misc/report.html');
    const piped = await runCli(['import', '--dry-run', '--agency', LUCHENG, file], { env });
    expect(piped.stderr).toBe('');
    // `script` gives the command a terminal; stdout goes to a file, so what the terminal shows is stderr alone.
    const out = path.join(dir, 'stdout.txt');
    const command = `node bin/gongkai.js import --dry-run --agency ${LUCHENG} '${file}' > '${out}'`;
    const terminal = execFileSync('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...env, GONGKAI_LOG_LEVEL: 'warn' } }).toString();
    expect(terminal).toContain('\r\x1b[Kreading 1');
    expect(terminal.endsWith('\r\x1b[K')).toBe(true);
    expect(fs.readFileSync(out, 'utf8')).toContain('1 file: 1 would be loaded');
  }, 60_000);
});
