// The research datasets: every file read back with a CSV parser equals the database cell by cell; the panel's
// values come from report_facts (a blank cell and a key the template lacks are empty, a zero is 0); filters, the
// BOM, formula neutralisation, JSON lines, and the codebook listing every column.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { KEY_COLUMNS } from '../../export/panel.js';
import { exportDatasets } from '../../export/export-datasets.js';
import { describeEachDb } from '../helpers/db.js';
import { loadCases } from '../helpers/load-cases.js';
import { tempDir } from '../helpers/replica-crawl.js';

const FORMULA_TITLE = '=HYPERLINK("http://evil.example","年度报告")';
const read = (file: string): Record<string, string>[] => parse(fs.readFileSync(file), { columns: true, bom: true });
const text = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v));

describeEachDb('exporting the datasets', (db) => {
  let out: string;

  beforeAll(async () => {
    await loadCases(db(), (name, report) => {
      if (name === 'gbk-2020') report.title = FORMULA_TITLE;
    });
    out = tempDir('gongkai-export-');
    await exportDatasets(db(), { outDir: out, datasets: ['panel', 'facts', 'findings', 'coverage', 'documents', 'codebook'], format: 'csv', bom: false });
  }, 120_000);

  it('writes the panel with one row per current agency-year, equal to report_facts cell by cell', async () => {
    const panel = read(path.join(out, 'panel.csv'));
    const { rows: current } = await db().query<{ id: number; agency: string; year: number }>(
      'select r.id, a.name as agency, r.year from reports r join agencies a on a.id = r.agency_id where r.is_current order by r.id',
    );
    expect(panel.map((r) => [Number(r.report_id), r.agency, Number(r.year)])).toEqual(current.map((r) => [r.id, r.agency, r.year]));
    const { rows: facts } = await db().query<{ report_id: number; key: string; value: string | number | null }>(
      'select report_id, key, value from report_facts',
    );
    const byReport = new Map<number, Map<string, string>>();
    for (const f of facts) {
      if (!byReport.has(f.report_id)) byReport.set(f.report_id, new Map());
      byReport.get(f.report_id)!.set(f.key, f.value === null ? '' : String(Number(f.value)));
    }
    let compared = 0;
    for (const row of panel) {
      const own = byReport.get(Number(row.report_id)) ?? new Map<string, string>();
      for (const col of KEY_COLUMNS.filter((c) => c.derivation === 'source')) {
        const cell = row[col.name] === '' ? '' : String(Number(row[col.name]));
        expect({ report: row.report_id, key: col.name, cell }).toEqual({ report: row.report_id, key: col.name, cell: own.get(col.name) ?? '' });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it('keeps empty and zero apart: a blank cell and a key the template lacks are empty, a printed zero is 0', async () => {
    const panel = read(path.join(out, 'panel.csv'));
    const { rows } = await db().query<{ report_id: number; key: string }>(
      `select f.report_id, f.key from report_facts f join reports r on r.id = f.report_id where r.is_current and f.value is null and f.key like 't3.%' order by 1, 2 limit 1`,
    );
    const blank = rows[0]!;
    expect(panel.find((r) => Number(r.report_id) === blank.report_id)![blank.key]).toBe('');
    const { rows: zeros } = await db().query<{ report_id: number; key: string }>(
      `select f.report_id, f.key from report_facts f join reports r on r.id = f.report_id where r.is_current and f.value = 0 and f.key like 't3.%' order by 1, 2 limit 1`,
    );
    expect(panel.find((r) => Number(r.report_id) === zeros[0]!.report_id)![zeros[0]!.key]).toBe('0');
    const r2019 = panel.find((r) => r.template === '2019' && r['t3.other_total.natural_person'] !== '' && r['t3.total.total'] !== '')!;
    expect(r2019['t2.regulations.in_force']).toBe(''); // 2021 only
    expect(r2019['t3.other_no_correction.total']).toBe(''); // 2021 only
    expect(r2019['t3.other_total.natural_person']).toMatch(/^\d+$/);
  });

  it('derives the columns that span both templates, and leaves them empty when a part is unreadable', async () => {
    const panel = read(path.join(out, 'panel.csv'));
    const { rows } = await db().query<{ report_id: number; key: string; value: string | number | null }>(
      `select report_id, key, value from report_facts_long where is_current and key like 't3.%'`,
    );
    const fact = (id: number, key: string) => {
      const f = rows.find((r) => r.report_id === id && r.key === key);
      return f && f.value !== null ? Number(f.value) : null;
    };
    const sumOf = (id: number, keys: string[]) => (keys.some((k) => fact(id, k) === null) ? '' : String(keys.reduce((s, k) => s + fact(id, k)!, 0)));
    let checked2021 = 0;
    for (const row of panel.filter((r) => r.template === '2021')) {
      const id = Number(row.report_id);
      const other = ['other_no_correction', 'other_unpaid_fee', 'other_misc'].map((r) => `t3.${r}.total`);
      expect(row['t3.other_total.total'], row.agency).toBe(sumOf(id, other));
      const orgs = ['org_commercial', 'org_research', 'org_public_interest', 'org_legal_service', 'org_other'].map((c) => `t3.new_received.${c}`);
      expect(row['t3.new_received.org_subtotal']).toBe(sumOf(id, orgs));
      if (row['t3.other_total.total'] !== '') checked2021++;
    }
    expect(checked2021).toBeGreaterThan(3);
    // A report with an unreadable table-3 cell has its derived sums empty, not partial.
    const { rows: holes } = await db().query<{ report_id: number; key: string }>(
      `select report_id, key from report_facts_long where is_current and value is null and key ~ '^t3\\.withheld_[a-z_]+\\.total$' and key <> 't3.withheld_subtotal.total' limit 1`,
    );
    if (holes[0]) expect(panel.find((r) => Number(r.report_id) === holes[0]!.report_id)!['t3.withheld_subtotal.total']).toBe('');
  });

  it('writes facts.csv equal to report_facts for the current versions', async () => {
    const facts = read(path.join(out, 'facts.csv'));
    const { rows } = await db().query<{ report_id: number; key: string; value: string | number | null; raw: string | null; provenance: unknown }>(
      `select f.report_id, f.key, f.value, f.raw, f.provenance from report_facts f join reports r on r.id = f.report_id where r.is_current order by f.report_id, f.key`,
    );
    const norm = (v: unknown) => (text(v) === '' ? '' : String(Number(v)));
    expect(facts.map((f) => [Number(f.report_id), f.key, f.value === '' ? '' : String(Number(f.value)), f.raw!.replace(/^'(?=[=+\-@\t\r])/, '')])).toEqual(
      rows.map((r) => [r.report_id, r.key, norm(r.value), text(r.raw)]),
    );
    expect(facts.every((f) => f.label !== '')).toBe(true);
    expect(JSON.parse(facts[0]!.provenance!)).toEqual(rows[0]!.provenance);
  });

  it('writes findings.csv and coverage.csv equal to the database', async () => {
    const findings = read(path.join(out, 'findings.csv'));
    const { rows } = await db().query<{ id: number; rule: string; severity: string; keys: string[] }>(
      `select f.id, f.rule, f.severity, f.keys from findings f join reports r on r.id = f.report_id where r.is_current order by f.id`,
    );
    expect(findings.map((f) => [Number(f.finding_id), f.rule, f.severity, f.keys])).toEqual(
      rows.map((r) => [Number(r.id), r.rule, r.severity, r.keys.join(';')]),
    );
    const coverage = read(path.join(out, 'coverage.csv'));
    const { rows: cov } = await db().query<{ agency_id: number; year: number; status: string }>(
      'select agency_id, year, status from coverage order by agency_id, year',
    );
    expect(coverage.map((c) => [Number(c.agency_id), Number(c.year), c.status])).toEqual(cov.map((c) => [c.agency_id, c.year, c.status]));
    expect(new Set(coverage.map((c) => c.status))).toContain('found');
  });

  it('neutralises formulas in text columns and leaves negative numbers alone', async () => {
    const panel = read(path.join(out, 'panel.csv'));
    const row = panel.find((r) => r.title!.includes('HYPERLINK'))!;
    expect(row.title).toBe(`'${FORMULA_TITLE}`);
    expect(row['t2.licensing.change']).toBe('-3');
    const docs = read(path.join(out, 'documents.csv'));
    expect(docs.find((d) => d.link_text!.includes('HYPERLINK'))!.link_text).toBe(`'${FORMULA_TITLE}`);
  });

  it('writes a BOM only when asked', async () => {
    const withBom = tempDir('gongkai-export-bom-');
    await exportDatasets(db(), { outDir: withBom, datasets: ['panel'], format: 'csv', bom: true });
    expect([...fs.readFileSync(path.join(withBom, 'panel.csv')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...fs.readFileSync(path.join(out, 'panel.csv')).subarray(0, 3)]).toEqual([...Buffer.from('rep')]);
  });

  it('filters by year, region prefix, level and grade', async () => {
    const all = read(path.join(out, 'panel.csv'));
    const dir = tempDir('gongkai-export-filter-');
    const year = Number(all[0]!.year);
    const region = all.find((r) => r.region_code!.length >= 6)!.region_code!.slice(0, 6);
    const run = async (filters: Parameters<typeof exportDatasets>[1]['filters']) => {
      await exportDatasets(db(), { outDir: dir, datasets: ['panel', 'facts', 'coverage'], format: 'csv', bom: false, filters });
      return { panel: read(path.join(dir, 'panel.csv')), facts: read(path.join(dir, 'facts.csv')), coverage: read(path.join(dir, 'coverage.csv')) };
    };
    const byYear = await run({ years: [year] });
    expect(byYear.panel.map((r) => r.report_id)).toEqual(all.filter((r) => Number(r.year) === year).map((r) => r.report_id));
    expect(new Set(byYear.facts.map((f) => Number(f.year)))).toEqual(new Set([year]));
    const byRegion = await run({ regions: [region] });
    expect(byRegion.panel.map((r) => r.report_id)).toEqual(all.filter((r) => r.region_code!.startsWith(region)).map((r) => r.report_id));
    expect(byRegion.coverage.every((c) => c.region_code!.startsWith(region))).toBe(true);
    const byLevel = await run({ levels: ['township'] });
    expect(byLevel.panel.map((r) => r.report_id)).toEqual(all.filter((r) => r.agency_level === 'township').map((r) => r.report_id));
    expect(byLevel.panel.length).toBeGreaterThan(0);
    const byGrade = await run({ minGrade: 'B' });
    expect(byGrade.panel.map((r) => r.report_id)).toEqual(all.filter((r) => r.grade! <= 'B').map((r) => r.report_id));
    expect(byGrade.panel.length).toBeLessThan(all.length);
    expect(new Set(byGrade.facts.map((f) => f.grade))).toEqual(new Set(byGrade.panel.map((r) => r.grade)));
  });

  it('writes JSON lines with numbers as numbers and empty cells as null', async () => {
    const dir = tempDir('gongkai-export-jsonl-');
    await exportDatasets(db(), { outDir: dir, datasets: ['panel'], format: 'jsonl', bom: false });
    const lines = fs
      .readFileSync(path.join(dir, 'panel.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const csv = read(path.join(out, 'panel.csv'));
    expect(lines).toHaveLength(csv.length);
    const gbk = lines.find((l) => String(l.title).includes('HYPERLINK'))!;
    expect(gbk['t2.licensing.change']).toBe(-3);
    expect(gbk.title).toBe(FORMULA_TITLE); // JSON is data, not a spreadsheet: nothing to neutralise
    expect(gbk['t2.regulations.in_force']).toBeNull();
    expect(typeof gbk.year).toBe('number');
  });

  it('describes every column of every file in the codebook', () => {
    const codebook = read(path.join(out, 'codebook.csv'));
    const md = fs.readFileSync(path.join(out, 'codebook.md'), 'utf8');
    for (const dataset of ['panel', 'facts', 'findings', 'coverage', 'documents']) {
      const header = Object.keys(read(path.join(out, `${dataset}.csv`))[0]!);
      expect(codebook.filter((c) => c.dataset === dataset).map((c) => c.column)).toEqual(header);
      for (const col of header) expect(md).toContain(`\`${col}\``);
    }
    const entry = codebook.find((c) => c.column === 't3.new_received.natural_person')!;
    expect(entry).toMatchObject({ label_zh: '一、本年新收政府信息公开申请数量 / 自然人', templates: '2019 2021', unit: '件', derivation: 'source' });
    expect(codebook.find((c) => c.column === 't3.other_total.total')!.derivation).toMatch(/^2019: the cell as read; 2021: t3\.other_no_correction\.total/);
  });
});
