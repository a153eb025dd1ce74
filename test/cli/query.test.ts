// `gongkai query` prints rows in three formats and refuses writes on both backends (a read-only transaction).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client.js';
import { runCli } from '../helpers/cli.js';
import { databaseUrlOf, freshDb } from '../helpers/db.js';

const LUCHENG = `select code, full_name from regions where name = '潞城镇' order by code`;

for (const backend of ['pglite', 'postgres'] as const) {
  const available = backend === 'pglite' || Boolean(process.env.TEST_DATABASE_URL);
  describe.skipIf(!available)(available ? `gongkai query [${backend}]` : 'gongkai query [postgres: skipped, TEST_DATABASE_URL not set]', () => {
    const env: Record<string, string> = {};
    let dataDir = '';
    let server: DbHandle | undefined;
    afterAll(async () => {
      await server?.close();
    });
    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-'));
      env.GONGKAI_DATA_DIR = dataDir;
      if (backend === 'postgres') {
        server = await freshDb('postgres');
        env.DATABASE_URL = databaseUrlOf(server)!;
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

    it('reads the statement from stdin', async () => {
      const r = await runCli(['query', '--format', 'csv'], { env, input: `select name from regions where code = '110118'` });
      expect(r.stdout).toBe('name\n密云区\n');
    });

    it.each([
      [`insert into db_meta (key, value) values ('x', 'y')`, /read-only transaction/],
      [`drop table regions`, /read-only transaction/],
      [`select 1; commit; drop table regions`, /multiple commands/],
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
      expect(r.stderr).toMatch(/^gongkai: query failed: .*(COPY to or from an external program|read-only)/);
      expect(fs.existsSync(marker)).toBe(false);
      const still = await runCli(['query', '--format', 'csv', `select count(*) as n from regions`], { env });
      expect(still.stdout).toBe('n\n44700\n');
    });
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
