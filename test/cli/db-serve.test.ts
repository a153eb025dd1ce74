// `gongkai db serve` exposes the embedded database so that an ordinary Postgres client (postgres.js here) can query it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('gongkai db serve', () => {
  it('serves the embedded database on a local port until interrupted', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-serve-'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: dataDir, GONGKAI_LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [path.resolve('bin/gongkai.js'), 'db', 'serve', '--port', String(port)], { env });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ctrl-C stops')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`db serve exited with ${code}`)));
    });
    expect(out).toContain(`psql "postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable"`);
    const sql = postgres(`postgresql://postgres@127.0.0.1:${port}/postgres`, { max: 1, ssl: false });
    const rows = await sql`select full_name from regions where code = '110118114'`;
    expect(rows).toEqual([{ full_name: '北京市密云区北庄镇' }]);
    await sql.end();
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pglite', '.gongkai.lock'))).toBe(false);
  });
});
