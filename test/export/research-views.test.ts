// The research views are generated from the dataset declarations and the key list; the committed migration must be what the generator writes
// today, so that adding a key without a new migration fails here rather than leaving the view behind the code.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { researchViewsSql } from '../../export/research-views.js';
import { codebookMarkdown } from '../../export/codebook.js';
import { KEY_COLUMNS, PANEL_COLUMNS } from '../../export/panel.js';
import { KEYS } from '../../domain/codebook.js';
import { GRADE_MEANINGS, GRADES } from '../../domain/values.js';
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

it('defines the grades once: docs/parsed-report.md and the codebook print the same meaning for each', () => {
  const doc = fs.readFileSync('docs/parsed-report.md', 'utf8');
  const codebook = codebookMarkdown();
  for (const g of GRADES) {
    expect(doc, g).toContain(`| ${g} | ${GRADE_MEANINGS[g]} |`);
    expect(codebook, g).toContain(`| ${g} | ${GRADE_MEANINGS[g]} |`);
  }
  // No other wording of a grade survives in the documents a researcher reads.
  for (const file of ['docs/parsed-report.md', 'docs/querying.md', 'README.md']) {
    expect(fs.readFileSync(file, 'utf8'), file).not.toMatch(/D \(many problems\)|`B` only warnings|D many problems/);
  }
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
    for (const view of ['report_facts_long', 'coverage', 'site_health', 'report_identity', 'expected_agencies']) {
      expect((await db().query(`select * from ${view} limit 1`)).rows).toEqual([]);
    }
  });

  it('comment every view and every column (what \\d+ and DBeaver show)', async () => {
    const { rows } = await db().query<{ view: string; column: string | null; comment: string | null }>(
      `select c.relname as view, a.attname as column, col_description(c.oid, a.attnum) as comment
         from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid and a.attnum > 0
        where n.nspname = 'public' and c.relkind = 'v'
       union all
       select c.relname, null, obj_description(c.oid, 'pg_class') from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'v'`,
    );
    expect(new Set(rows.map((r) => r.view))).toEqual(
      new Set(['report_identity', 'report_panel', 'report_facts_long', 'expected_agencies', 'coverage', 'site_health']),
    );
    expect(rows.filter((r) => !r.comment).map((r) => `${r.view}.${r.column}`)).toEqual([]);
    expect(rows.find((r) => r.view === 'report_panel' && r.column === 't3.new_received.natural_person')!.comment).toBe(
      '一、本年新收政府信息公开申请数量 / 自然人: applications received this year: natural persons (table 3, row 一、本年新收政府信息公开申请数量, column 自然人; templates 2019 2021; 件)',
    );
  });
});
