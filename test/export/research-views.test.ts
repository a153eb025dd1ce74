// The research views are generated from the dataset declarations and the key list; the committed migration must be what the generator writes
// today, so that adding a key without a new migration fails here rather than leaving the view behind the code.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { researchViewsSql } from '../../export/research-views.js';
import { codebookMarkdown } from '../../export/codebook.js';
import { KEY_COLUMNS, PANEL_COLUMNS } from '../../export/panel.js';
import { KEYS } from '../../domain/codebook.js';
import { describeEachDb } from '../helpers/db.js';

const MIGRATIONS = path.resolve('db/migrations');

/** The statements of a migration: its `--` comment lines name the generator, which moves (db/views → export/). */
const statements = (sql: string) =>
  sql
    .split('\n')
    .filter((l) => !l.startsWith('--'))
    .join('\n');

it('the newest migration that creates the views is what the generator writes now', () => {
  const files = fs
    .readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const latest = files.filter((f) => fs.readFileSync(path.join(MIGRATIONS, f), 'utf8').includes('create view report_panel')).at(-1)!;
  expect(statements(fs.readFileSync(path.join(MIGRATIONS, latest), 'utf8')), 'run `npx tsx export/write-views-migration.ts <name>`').toBe(
    statements(researchViewsSql()),
  );
});

it('docs/codebook.md is the codebook gongkai export writes', () => {
  expect(fs.readFileSync('docs/codebook.md', 'utf8'), 'run `npx tsx export/write-codebook-doc.ts`').toBe(codebookMarkdown());
});

it('has a panel column for every canonical key, each once', () => {
  expect(new Set(PANEL_COLUMNS).size).toBe(PANEL_COLUMNS.length);
  for (const k of KEYS) expect(KEY_COLUMNS.some((c) => c.name === k.key)).toBe(true);
});

describeEachDb('the research views', (db) => {
  it('exist with the panel columns in order', async () => {
    const { rows } = await db().query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'report_panel' order by ordinal_position`,
    );
    expect(rows.map((r) => r.column_name)).toEqual(PANEL_COLUMNS);
    for (const view of ['report_facts_long', 'coverage', 'site_health', 'report_identity']) {
      expect((await db().query(`select * from ${view} limit 1`)).rows).toEqual([]);
    }
  });
});
