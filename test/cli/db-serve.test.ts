// `gongkai db serve` as a user runs it: on its default port, read-only unless --write (psql's \d works, writes and the
// red team's statements are refused over both protocols, the data stays as it was), loopback unless --host comes
// with a password, and clients without the password turned away.
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { lockHolder } from '../../db/dir-lock.js';
import { runCli } from '../helpers/cli.js';
import { RED_TEAM } from '../db/readonly/red-team.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

interface Served {
  child: ChildProcessWithoutNullStreams;
  out: string;
  stop(): Promise<number | null>;
}

async function serve(dataDir: string, args: string[], extraEnv: Record<string, string> = {}): Promise<Served> {
  const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: dataDir, GONGKAI_LOG_LEVEL: 'warn', ...extraEnv };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.resolve('bin/gongkai.js'), 'db', 'serve', ...args], { env });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ctrl-C stops')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`db serve exited with ${code}: ${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    child,
    out,
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

const DOCUMENTS = `insert into documents (sha256, bytes, archive_path) select md5(i::text) || md5(i::text), i, 'x/' || i from generate_series(1, 83) i`;

let template: string | undefined;

/** A data directory holding a migrated database with 83 documents (made once, then copied: initdb is slow). */
async function seededDataDir(): Promise<string> {
  if (!template) {
    template = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-serve-template-'));
    const handle = await openDb({ dataDir: template });
    await handle.query(DOCUMENTS);
    await handle.close();
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-serve-'));
  fs.cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

describe('gongkai db serve', () => {
  it('listens on its default port 5433 when --port is not given', async () => {
    const dataDir = await seededDataDir();
    const served = await serve(dataDir, []);
    try {
      expect(served.out).toContain('read-only on 127.0.0.1:5433');
      expect(served.out).toContain('psql "postgresql://postgres@127.0.0.1:5433/postgres?sslmode=disable"');
      const sql = postgres('postgresql://postgres@127.0.0.1:5433/postgres', { max: 1, ssl: false, onnotice: () => {} });
      expect(await sql`select full_name from regions where code = '110118114'`).toEqual([{ full_name: '北京市密云区北庄镇' }]);
      await sql.end();
    } finally {
      expect(await served.stop()).toBe(0);
    }
    expect(lockHolder(path.join(dataDir, 'pglite'))).toBeUndefined();
  });

  describe('read-only by default', () => {
    let dataDir: string;
    let served: Served;
    let url: string;
    let sql: postgres.Sql;
    beforeAll(async () => {
      dataDir = await seededDataDir();
      const port = await freePort();
      served = await serve(dataDir, ['--port', String(port)]);
      url = `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
      sql = postgres(url, { max: 1, ssl: false, onnotice: () => {} });
    });
    afterAll(async () => {
      await sql?.end();
      expect(await served?.stop()).toBe(0);
    });

    it('answers psql, \\d included, as the read-only role', async () => {
      const run = promisify(execFile);
      const { stdout } = await run('psql', [url, '-X', '-A', '-t', '-c', 'select current_user', '-c', '\\d documents', '-c', '\\dv']);
      expect(stdout).toMatch(/^gongkai_reader\n/);
      expect(stdout).toContain('sha256|text||not null|');
      expect(stdout).toContain('public|report_panel|view|postgres');
    });

    it('refuses a write, then goes on answering (extended protocol)', async () => {
      await expect(sql`insert into db_meta (key, value) values ('x', 'y')`).rejects.toThrow(
        'read-only server: it is INSERT, and gongkai runs only a plain SELECT (start gongkai db serve --write to change data)',
      );
      expect(await sql`select count(*)::int as n from documents`).toEqual([{ n: 83 }]);
    });

    it.each(RED_TEAM.map((a) => [a.name, a] as const))('refuses %s over both protocols', async (_name, attack) => {
      const statement = attack.sql({ documentsFile: '/pglite/data/base/5/16400', marker: path.join(dataDir, 'ran'), victimPid: 1 });
      for (const simple of [false, true]) {
        const err = await sql.unsafe(statement, [], { simple } as never).then(
          () => null,
          (e: unknown) => e as Error,
        );
        expect(err?.message ?? 'ran').toMatch(attack.refusal === 'database' ? /permission denied/ : /^read-only server: /);
      }
      expect(await sql`select count(*)::int as n, min(bytes)::int as lo, max(bytes)::int as hi from documents`).toEqual([{ n: 83, lo: 1, hi: 83 }]);
      expect(fs.existsSync(path.join(dataDir, 'ran'))).toBe(false);
    });

    it('lets clients set what they set on connecting, and nothing that reopens writing', async () => {
      await sql.unsafe(`set application_name = 'dbeaver'`, [], { simple: true } as never);
      await expect(sql.unsafe('set default_transaction_read_only = off', [], { simple: true } as never)).rejects.toThrow(
        /SET default_transaction_read_only is not one of the client settings/,
      );
      await expect(sql.unsafe('begin read write', [], { simple: true } as never)).rejects.toThrow(/READ WRITE transaction/);
      await expect(sql.unsafe('reset all', [], { simple: true } as never)).rejects.toThrow(/read-only server/);
    });
  });

  it('lets clients write with --write', async () => {
    const dataDir = await seededDataDir();
    const port = await freePort();
    const served = await serve(dataDir, ['--port', String(port), '--write']);
    try {
      expect(served.out).toContain(`READ-WRITE on 127.0.0.1:${port}`);
      const sql = postgres(`postgresql://postgres@127.0.0.1:${port}/postgres`, { max: 1, ssl: false, onnotice: () => {} });
      await sql`insert into db_meta (key, value) values ('note', 'written')`;
      expect(await sql`select value from db_meta where key = 'note'`).toEqual([{ value: 'written' }]);
      await sql.end();
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it('asks clients for the password when one is set', async () => {
    const dataDir = await seededDataDir();
    const port = await freePort();
    const served = await serve(dataDir, ['--port', String(port)], { GONGKAI_SERVE_PASSWORD: 'serve pw' });
    try {
      expect(served.out).toContain(`psql "postgresql://postgres:…@127.0.0.1:${port}/postgres?sslmode=disable"`);
      for (const password of [undefined, 'wrong']) {
        const sql = postgres(`postgresql://postgres@127.0.0.1:${port}/postgres`, { max: 1, ssl: false, password, onnotice: () => {}, connect_timeout: 10 });
        await expect(sql`select 1`).rejects.toThrow(/password|authentication|SASL|closed/i);
        await sql.end().catch(() => {});
      }
      const sql = postgres(`postgresql://postgres@127.0.0.1:${port}/postgres`, { max: 1, ssl: false, password: 'serve pw', onnotice: () => {} });
      expect(await sql`select count(*)::int as n from documents`).toEqual([{ n: 83 }]);
      await sql.end();
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it.each([
    [['db', 'serve', '--host', '0.0.0.0'], /^gongkai: --host 0\.0\.0\.0 is reachable from other machines: give --password/],
    [['db', 'serve', '--port', '5433x'], /--port wants a whole number from 1 to 65535, got "5433x"/],
    [['db', 'serve', '--port', '70000'], /--port wants a whole number from 1 to 65535, got "70000"/],
    [['status', '--runs', 'abc'], /--runs wants a whole number of at least 1, got "abc"/],
    [['sites', 'check', 'x', '--max-pages', '0'], /--max-pages wants a whole number of at least 1, got "0"/],
    [['worker', '--concurrency', '1.5'], /--concurrency wants a whole number of at least 1, got "1.5"/],
    [['crawl', '--parallel-sites', '0'], /--parallel-sites wants a whole number from 1 to 4096, got "0"/],
    [['run', '--parallel-sites', '8x'], /--parallel-sites wants a whole number from 1 to 4096, got "8x"/],
    [['run', '--enqueue', '--parallel-sites', '8'], /--parallel-sites sets the crawl in this process: with --enqueue the workers crawl/],
  ])('exits 2 on %j', async (args, message) => {
    const r = await runCli(args, { env: { GONGKAI_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-serve-args-')) } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
