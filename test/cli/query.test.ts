// `gongkai query` prints rows in three formats and refuses anything but one SELECT on both backends (the statement
// check, then a reader login or role in a read-only transaction); on a server it needs a reader login.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { roleSetup, type RoleSetup } from '../helpers/pg-roles.js';

const LUCHENG = `select code, full_name from regions where name = '潞城镇' order by code`;

for (const backend of ['pglite', 'postgres'] as const) {
  const available = backend === 'pglite' || Boolean(process.env.TEST_DATABASE_URL);
  describe.skipIf(!available)(available ? `gongkai query [${backend}]` : 'gongkai query [postgres: skipped, TEST_DATABASE_URL not set]', () => {
    const env: Record<string, string> = {};
    let dataDir = '';
    let server: RoleSetup | undefined;
    afterAll(async () => {
      await server?.cleanup();
    });
    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-'));
      env.GONGKAI_DATA_DIR = dataDir;
      if (backend === 'postgres') {
        server = await roleSetup('superuser');
        env.DATABASE_URL = server.databaseUrl;
        env.GONGKAI_READER_URL = server.readerUrl;
      } else {
        const migrate = await runCli(['db', 'migrate'], { env });
        expect(migrate.code, migrate.stderr).toBe(0);
        expect(migrate.stdout).toMatch(/schema is up to date .* \(44700 regions loaded\)/);
      }
    });

    it('prints an aligned table', async () => {
      const r = await runCli(['query', LUCHENG], { env });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        [
          'code       full_name',
          '─────────  ────────────────────────',
          '110112119  北京市通州区潞城镇',
          '140524106  山西省晋城市陵川县潞城镇',
          '(2 rows)',
          '',
        ].join('\n'),
      );
    });

    it('prints CSV and JSON', async () => {
      const csv = await runCli(['query', '--format', 'csv', LUCHENG], { env });
      expect(csv.stdout).toBe('code,full_name\n110112119,北京市通州区潞城镇\n140524106,山西省晋城市陵川县潞城镇\n');
      const json = await runCli(['query', '--format', 'json', LUCHENG], { env });
      expect(JSON.parse(json.stdout)).toEqual([
        { code: '110112119', full_name: '北京市通州区潞城镇' },
        { code: '140524106', full_name: '山西省晋城市陵川县潞城镇' },
      ]);
    });

    it('prints bigint and numeric values as JSON numbers, and a numeric too long for a double as text', async () => {
      const json = await runCli(
        [
          'query',
          '--format',
          'json',
          `select count(*) as n, 373.91::numeric as fee, (2^52)::bigint as big, (2^53)::bigint as huge, 1234567890.123456789::numeric as long`,
        ],
        { env },
      );
      expect(json.stderr).toBe('');
      expect(JSON.parse(json.stdout)).toEqual([{ n: 1, fee: 373.91, big: 4503599627370496, huge: '9007199254740992', long: '1234567890.123456789' }]);
    });

    it('reads the statement from stdin', async () => {
      const r = await runCli(['query', '--format', 'csv'], { env, input: `select name from regions where code = '110118'` });
      expect(r.stdout).toBe('name\n密云区\n');
    });

    it.each([
      [`insert into db_meta (key, value) values ('x', 'y')`, /^gongkai: query refused: it is INSERT, and gongkai runs only a plain SELECT/],
      [`drop table regions`, /^gongkai: query refused: it is DROP/],
      [`select 1; commit; drop table regions`, /^gongkai: query refused: it holds 3 statements/],
    ])('refuses a write: %s', async (statement, message) => {
      const r = await runCli(['query', statement], { env });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('refuses copy … to program and runs nothing', async () => {
      const marker = path.join(dataDir, 'copied');
      const r = await runCli(['query', `copy (select 1) to program 'touch ${marker}'`], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^gongkai: query refused: it is COPY/);
      expect(fs.existsSync(marker)).toBe(false);
      const still = await runCli(['query', '--format', 'csv', `select count(*) as n from regions`], { env });
      expect(still.stdout).toBe('n\n44700\n');
    });

    if (backend === 'postgres') {
      it('runs nothing on a server without a reader login, and says how to make one', async () => {
        const r = await runCli(['query', 'select 1'], { env: { ...env, GONGKAI_READER_URL: undefined } });
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(
          /^gongkai: gongkai query runs researcher SQL only on a login that cannot write, and DATABASE_URL's login "postgres" is a superuser; create a reader once with `gongkai db grant-readonly gongkai_query --password …` and set GONGKAI_READER_URL=/,
        );
      });
    }
  });
}

describe('gongkai usage errors', () => {
  it.each([[['--no-such-flag']], [['query', '--format', 'xml', 'select 1']], [['no-such-command']]])('exits 2 on %j', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
  });

  it('exits 2 on a bad environment variable, in one line', async () => {
    const r = await runCli(['query', 'select 1'], { env: { DATABASE_URL: 'mysql://x' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gongkai: environment variable DATABASE_URL: must start with postgres:// or postgresql://\n');
  });

  it('lists its commands', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/query \[options\] \[sql\]/);
  });
});
