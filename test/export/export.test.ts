// The research datasets: every file read back with a CSV parser equals the database cell by cell, in the order
// researchers read them (region code, agency, year); the panel's values come from report_facts (a blank cell and a
// key the template lacks are empty, a zero is 0); filters, the BOM, formula neutralisation, JSON lines, the codebook
// listing every column, short names with the Stata and R setup files, and the manifest.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { DATASETS } from '../../export/datasets.js';
import { STATA_LABEL_MAX, STATA_NAME, STATA_RESERVED } from '../../export/setup-files.js';
import { KEY_COLUMNS } from '../../export/panel.js';
import { exportDatasets } from '../../export/export-datasets.js';
import { describeEachDb } from '../helpers/db.js';
import { loadCases } from '../helpers/load-cases.js';
import { tempDir } from '../helpers/replica-crawl.js';

const FORMULA_TITLE = '=HYPERLINK("http://evil.example","年度报告")';
const HAS_RSCRIPT = (() => {
  try {
    execFileSync('Rscript', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const read = (file: string): Record<string, string>[] => parse(fs.readFileSync(file), { columns: true, bom: true });
const text = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v));
/** The order of every report dataset: region code (unknown last), agency (code points), year, version. */
const REPORT_ORDER = `r.region_code nulls last, r.agency collate "C", r.year, r.version, r.report_id`;
const VERSIONS = `(select r.id as report_id, a.region_code, a.name as agency, r.year, r.version, r.is_current from reports r join agencies a on a.id = r.agency_id) r`;

describeEachDb('exporting the datasets', (db) => {
  let out: string;

  beforeAll(async () => {
    await loadCases(db(), (name, report) => {
      if (name === 'gbk-2020') report.title = FORMULA_TITLE;
    });
    out = tempDir('gongkai-export-');
    await exportDatasets(db(), { outDir: out, datasets: ['panel', 'facts', 'findings', 'coverage', 'documents', 'codebook'], format: 'csv', bom: false });
  }, 120_000);

  it('writes the panel with one row per current agency-year, sorted by region code, agency and year, equal to report_facts cell by cell', async () => {
    const panel = read(path.join(out, 'panel.csv'));
    const { rows: current } = await db().query<{ id: number; agency: string; year: number; key: string }>(
      `select r.report_id as id, r.agency, r.year, a.key from ${VERSIONS} join reports x on x.id = r.report_id join agencies a on a.id = x.agency_id
        where r.is_current order by ${REPORT_ORDER}`,
    );
    expect(panel.map((r) => [Number(r.report_id), r.agency, Number(r.year), r.agency_key])).toEqual(current.map((r) => [r.id, r.agency, r.year, r.key]));
    // Sorted: region codes ascending with the unknown ones last.
    const codes = panel.map((r) => r.region_code!);
    const known = codes.filter(Boolean);
    expect(known).toEqual([...known].sort());
    expect(codes.slice(known.length).every((c) => c === '')).toBe(true);
    expect(panel.every((r) => r.demo === 'false')).toBe(true);
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
      `select f.report_id, f.key, f.value, f.raw, f.provenance from report_facts f join ${VERSIONS} on r.report_id = f.report_id
        where r.is_current order by ${REPORT_ORDER}, f.key collate "C"`,
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
      `select f.id, f.rule, f.severity, f.keys from findings f join ${VERSIONS} on r.report_id = f.report_id where r.is_current order by ${REPORT_ORDER}, f.id`,
    );
    expect(findings.map((f) => [Number(f.finding_id), f.rule, f.severity, f.keys])).toEqual(
      rows.map((r) => [Number(r.id), r.rule, r.severity, r.keys.join(';')]),
    );
    const coverage = read(path.join(out, 'coverage.csv'));
    const { rows: cov } = await db().query<{ agency_key: string; year: number; status: string }>(
      'select agency_key, year, status from coverage order by region_code nulls last, agency collate "C", agency_key collate "C", year',
    );
    expect(coverage.map((c) => [c.agency_key, Number(c.year), c.status])).toEqual(cov.map((c) => [c.agency_key, c.year, c.status]));
    expect(new Set(coverage.map((c) => c.status))).toContain('found');
    // Every agency × every year of the default range, 2019 to the last complete year.
    const last = new Date().getUTCFullYear() - 1;
    const keys = new Set(coverage.map((c) => c.agency_key));
    expect(coverage).toHaveLength(keys.size * (last - 2019 + 1));
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
    expect(new Set(byYear.coverage.map((c) => Number(c.year)))).toEqual(new Set([year]));
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

describeEachDb('exporting with short names for Stata and R, and the manifest', (db) => {
  let out: string;
  const files = () => ['panel', 'facts', 'findings', 'coverage', 'documents'].map((d) => `${d}.csv`);

  beforeAll(async () => {
    await loadCases(db());
    // One document found at a second URL (a mirror), later.
    await db().query(
      `insert into document_sources (sha256, url, kind, first_seen_at, last_seen_at)
       select sha256, url || '?mirror=1', 'detail', first_seen_at + interval '1 day', first_seen_at + interval '1 day' from document_sources order by id limit 1`,
    );
    out = tempDir('gongkai-export-short-');
    await exportDatasets(db(), {
      outDir: out,
      datasets: DATASETS.map((d) => d.name),
      format: 'csv',
      bom: false,
      names: 'short',
      versions: { gongkai: '9.9.9', parser: '2.0.0' },
      now: new Date('2026-11-30T00:00:00Z'),
    });
  }, 120_000);

  it('gives every column a short name: unique in its file, at most 32 characters, a valid Stata name', () => {
    for (const file of files()) {
      const header = Object.keys(read(path.join(out, file))[0]!);
      expect(new Set(header).size, file).toBe(header.length);
      for (const name of header) {
        expect(name, file).toMatch(STATA_NAME);
        expect(STATA_RESERVED.has(name), name).toBe(false);
      }
    }
    expect(Object.keys(read(path.join(out, 'panel.csv'))[0]!)).toContain('t3_wh_security_org_pub');
  });

  it('writes a Stata setup that imports each file as UTF-8 and labels every variable it has', () => {
    const lines = fs.readFileSync(path.join(out, 'setup.do'), 'utf8').split('\n');
    const imports = lines.filter((l) => l.startsWith('import delimited'));
    expect(imports.map((l) => /using "([^"]+)"/.exec(l)![1])).toEqual(files());
    let current: string[] = [];
    let labelled = 0;
    for (const line of lines) {
      const imp = /^import delimited using "([^"]+)", clear (.*)$/.exec(line);
      if (imp) {
        expect(imp[2]).toContain('encoding("utf-8")');
        expect(imp[2]).toContain('varnames(1)');
        current = Object.keys(read(path.join(out, imp[1]!))[0]!);
        // Every column is declared text or number by position, and no position twice.
        const positions = [...imp[2]!.matchAll(/(stringcols|numericcols)\(([^)]*)\)/g)].flatMap((m) =>
          m[2]!.split(' ').flatMap((p) => {
            const [a, b] = p.split('/').map(Number);
            return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
          }),
        );
        expect(positions.sort((a, b) => a - b)).toEqual(current.map((_, i) => i + 1));
        continue;
      }
      const label = /^label variable (\S+) `"(.*)"'$/.exec(line);
      if (label) {
        expect(current, line).toContain(label[1]);
        expect([...label[2]!].length, line).toBeLessThanOrEqual(STATA_LABEL_MAX);
        expect(label[2]).not.toMatch(/["`]/);
        labelled++;
        continue;
      }
      expect(line, 'every line of setup.do is a comment, a command gongkai writes, or blank').toMatch(
        /^(\*.*|version 14|label data ".*"|quietly replace \w+ = cond\(\w+ == "true", "1", cond\(\w+ == "false", "0", ""\)\)|destring \w+, replace|save "\w+\.dta", replace|)$/,
      );
    }
    expect(labelled).toBe(files().reduce((n, f) => n + Object.keys(read(path.join(out, f))[0]!).length, 0));
  });

  it.skipIf(!HAS_RSCRIPT)(
    `writes an R setup that reads every file with its labels (run with Rscript${HAS_RSCRIPT ? '' : ': skipped, no Rscript (apt-get install r-base-core)'})`,
    () => {
      const script = path.join(out, 'check.R');
      fs.writeFileSync(
        script,
        `source("setup.R")
cat(nrow(panel), ncol(panel), class(panel$region_code), class(panel$demo), "\\n")
cat(attr(panel$t3_recv_person, "label"), "\\n")
cat(nrow(coverage), nrow(documents), nrow(facts), nrow(findings), "\\n")
`,
      );
      const got = execFileSync('Rscript', [script], { cwd: out, encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((l) => l.trimEnd());
      const panel = read(path.join(out, 'panel.csv'));
      expect(got[0]).toBe(`${panel.length} ${Object.keys(panel[0]!).length} character logical`);
      expect(got[1]).toBe('一、本年新收政府信息公开申请数量 / 自然人');
      expect(got[2]).toBe(['coverage', 'documents', 'facts', 'findings'].map((d) => read(path.join(out, `${d}.csv`)).length).join(' '));
    },
  );

  it('writes manifest.json: versions, filters, time, and every file with its rows and sha256', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ gongkai: '9.9.9', parser: '2.0.0', createdAt: '2026-11-30T00:00:00.000Z', names: 'short', format: 'csv', demo: null });
    expect(manifest.filters).toEqual({ years: null, regions: null, levels: null, minGrade: null, allVersions: false });
    const names = manifest.files.map((f: { file: string }) => f.file);
    expect(names).toEqual([...files(), 'codebook.csv', 'codebook.md', 'setup.do', 'setup.R']);
    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(out, f.file));
      expect(f.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
      expect(f.bytes).toBe(bytes.length);
      if (f.file.endsWith('.csv')) expect(f.rows).toBe(read(path.join(out, f.file)).length);
    }
  });

  it('lists each document once with every URL it was found at', async () => {
    const docs = read(path.join(out, 'documents.csv'));
    const { rows } = await db().query<{ sha256: string; n: number }>(
      'select sha256, (select count(*)::int from document_sources s where s.sha256 = d.sha256) as n from documents d',
    );
    expect(docs.map((d) => d.sha256).sort()).toEqual(rows.map((r) => r.sha256).sort());
    for (const d of docs) expect(Number(d.url_count)).toBe(rows.find((r) => r.sha256 === d.sha256)!.n);
    expect(docs.every((d) => d.urls!.split(' ')[0] === d.url)).toBe(true);
    const mirrored = docs.find((d) => d.url_count === '2')!;
    expect(mirrored.urls).toBe(`${mirrored.url} ${mirrored.url}?mirror=1`);
  });
});
