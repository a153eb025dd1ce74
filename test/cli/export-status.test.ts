// `gongkai export`, `gongkai status` and `gongkai db grant-readonly` as a user runs them, on a data directory (PGlite)
// and on the Postgres server.
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '../../db/client.js';
import { runCli } from '../helpers/cli.js';
import { databaseUrlOf, freshDb } from '../helpers/db.js';
import { loadCases } from '../helpers/load-cases.js';
import { tempDir } from '../helpers/replica-crawl.js';

const HAS_SERVER = Boolean(process.env.TEST_DATABASE_URL);

for (const backend of ['pglite', 'postgres'] as const) {
  const available = backend === 'pglite' || HAS_SERVER;
  describe.skipIf(!available)(
    available ? `export and status from the CLI [${backend}]` : 'export and status from the CLI [postgres: skipped, TEST_DATABASE_URL not set]',
    () => {
      let env: Record<string, string>;
      let server: DbHandle | undefined;

      beforeAll(async () => {
        const dataDir = tempDir('gongkai-cli-export-');
        env = { GONGKAI_DATA_DIR: dataDir };
        if (backend === 'postgres') {
          server = await freshDb('postgres');
          env.DATABASE_URL = databaseUrlOf(server)!;
          await loadCases(server);
        } else {
          const h = await openDb({ dataDir });
          await loadCases(h);
          await h.close();
        }
      }, 120_000);

      afterAll(async () => {
        await server?.close();
      });

      it('exports every dataset with its codebook, filtered, with a BOM when asked', async () => {
        const out = tempDir('gongkai-cli-out-');
        const r = await runCli(['export', '--out', out, '--year', '2019-2021', '--bom'], { env });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/^panel\s+\d+ rows/m);
        expect(fs.readdirSync(out).sort()).toEqual([
          'codebook.csv',
          'codebook.md',
          'coverage.csv',
          'documents.csv',
          'facts.csv',
          'findings.csv',
          'manifest.json',
          'panel.csv',
        ]);
        const panel = parse(fs.readFileSync(path.join(out, 'panel.csv')), { columns: true, bom: true }) as Record<string, string>[];
        expect(panel.length).toBeGreaterThan(5);
        expect(new Set(panel.map((p) => p.year))).toEqual(new Set(['2019', '2020', '2021']));
        expect(fs.readFileSync(path.join(out, 'facts.csv')).subarray(0, 3).toString('hex')).toBe('efbbbf');
      });

      it('writes JSON lines and refuses bad filters with exit code 2', async () => {
        const out = tempDir('gongkai-cli-out-');
        const ok = await runCli(['export', '--out', out, '--dataset', 'panel', '--format', 'jsonl', '--level', 'township', '--min-grade', 'B'], { env });
        expect(ok.code, ok.stderr).toBe(0);
        const rows = fs
          .readFileSync(path.join(out, 'panel.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { agency_level: string; grade: string });
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((r) => r.agency_level === 'township' && ['A', 'B'].includes(r.grade))).toBe(true);
        for (const bad of [
          ['--year', '20x1'],
          ['--year', '2022-2019'],
          ['--region', 'beijing'],
          ['--min-grade', 'E'],
          ['--dataset', 'everything'],
        ]) {
          const r = await runCli(['export', '--out', out, ...bad], { env });
          expect({ bad, code: r.code }).toEqual({ bad, code: 2 });
          expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
        }
      });

      it('shows the status: runs, sites, coverage by year and level, frequent findings', async () => {
        const json = await runCli(['status', '--json'], { env });
        expect(json.code, json.stderr).toBe(0);
        const s = JSON.parse(json.stdout) as {
          totals: { currentReports: number };
          runs: unknown[];
          coverage: { year: number; level: string; found: number }[];
          findings: { rule: string }[];
        };
        expect(s.totals.currentReports).toBeGreaterThan(10);
        expect(s.runs).toEqual([]);
        expect(s.coverage.reduce((n, c) => n + c.found, 0)).toBeGreaterThan(10);
        expect(s.findings.map((f) => f.rule)).toContain('cells.blank');
        const text = await runCli(['status'], { env });
        expect(text.code, text.stderr).toBe(0);
        expect(text.stdout).toContain('coverage (roster agency-years: found / unreadable = found but unreadable / missing = none found)');
        expect(text.stdout).toContain('cells.blank');
      });

      if (backend === 'pglite') {
        it('explains that the embedded database has no roles', async () => {
          const r = await runCli(['db', 'grant-readonly', 'researcher'], { env });
          expect(r.code).toBe(2);
          expect(r.stderr).toMatch(/embedded database has no roles/);
        });
      } else {
        it('creates a read-only role that can read every view and change nothing', async () => {
          const role = `gongkai_ro_${process.pid}`;
          const r = await runCli(['db', 'grant-readonly', role, '--password', 'read-only pw'], { env });
          expect(r.code, r.stderr).toBe(0);
          expect(r.stdout).toContain(`created role ${role}`);
          const again = await runCli(['db', 'grant-readonly', role], { env });
          expect(again.stdout).toContain(`updated role ${role}`);
          const u = new URL(env.DATABASE_URL!);
          u.username = role;
          u.password = 'read-only pw';
          const sql = postgres(u.toString(), { max: 1, onnotice: () => {} });
          try {
            const panel = await sql`select count(*)::int as n from report_panel`;
            expect(panel[0]!.n).toBeGreaterThan(10);
            await expect(sql`insert into db_meta (key, value) values ('x', 'y')`).rejects.toThrow(/read-only transaction|permission denied/);
            await expect(sql.unsafe('begin read write; insert into db_meta (key, value) values ($1, $2); commit', ['x', 'y'])).rejects.toThrow(
              /permission denied|cannot insert multiple commands/,
            );
            // Even with read-only sessions switched off, the role has no right to write or create.
            await sql`set default_transaction_read_only = off`;
            await expect(sql`insert into db_meta (key, value) values ('x', 'y')`).rejects.toThrow(/permission denied/);
            await expect(sql`create table t (x int)`).rejects.toThrow(/permission denied/);
          } finally {
            await sql.end();
            await server!.close();
            server = undefined;
            const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
            await admin.unsafe(`drop role if exists ${role}`);
            await admin.end();
          }
        });
      }
    },
  );
}
