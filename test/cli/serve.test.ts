// `gongkai serve` as a user runs it: the real executable on a fresh data directory, listening on 127.0.0.1 by
// default, answering its pages, stopping cleanly on Ctrl-C; a port that is not a number is a usage error.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/replica-crawl.js';

it('serves the web app on 127.0.0.1, answers its pages and stops on Ctrl-C with exit code 0', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: tempDir('gongkai-serve-'), GONGKAI_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.resolve('bin/gongkai.js'), 'serve', '--port', '0'], { env });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /read-only at (http:\S+)/.exec(out);
        if (m && out.includes('Ctrl-C stops')) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    for (const page of ['', 'coverage', 'trends', 'findings', 'sites', 'sql']) {
      const res = await fetch(new URL(page, url));
      expect(res.status, page).toBe(200);
      expect(res.headers.get('content-security-policy'), page).toContain("default-src 'self'");
    }
    const home = await (await fetch(url)).text();
    expect(home).toContain('<strong>0</strong> agency-years');
    expect((await fetch(new URL('vendor/uplot/uPlot.iife.min.js', url))).status).toBe(200);
    expect((await fetch(new URL('vendor/pdfjs/build/pdf.worker.min.mjs', url))).status).toBe(200);
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
  expect(err).toBe('');
}, 120_000);

it('refuses a port that is not a number (exit 2)', async () => {
  const r = await runCli(['serve', '--port', 'abc'], { env: { GONGKAI_DATA_DIR: tempDir('gongkai-serve-') } });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--port wants a whole number from 0 to 65535, got "abc"');
});
