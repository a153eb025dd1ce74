// Property: a consistent report of either template, rendered the ways sites publish it (Word HTML, a split table,
// label variants, one cell per line, tab rows), parses back to every cell with no error or warning; and breaking
// one cell makes the rule for that identity fire on that cell.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T3_COLUMNS, T3_ROWS, T4_BLOCKS } from '../../domain/codebook.js';
import { readReport } from '../../pipeline/read-report.js';
import { generateReport, type ReportSpec } from '../../replica/generate-report.js';
import { renderHtml, renderText } from '../../replica/render-report.js';

const AGENCIES = ['北京市通州区潞城镇人民政府', '北京市密云区发展和改革委员会', '北京市密云区人民政府', '平昌关镇人民政府'];
const LAYOUTS = ['word', 'plain-chrome', 'split', 'variants', 'cells', 'tabs'] as const;
type Layout = (typeof LAYOUTS)[number];

function render(spec: ReportSpec, layout: Layout): string {
  switch (layout) {
    case 'word':
      return renderHtml(spec, { style: 'word' });
    case 'plain-chrome':
      return renderHtml(spec, { style: 'plain', chrome: true });
    case 'split':
      return renderHtml(spec, { style: 'plain', splitT3After: 12 });
    case 'variants':
      return renderHtml(spec, { style: 'word', variants: true });
    case 'cells':
      return renderText(spec, 'cells');
    case 'tabs':
      return renderText(spec, 'tabs');
  }
}

const reportArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  year: fc.integer({ min: 2019, max: 2025 }),
  agency: fc.constantFrom(...AGENCIES),
  layout: fc.constantFrom(...LAYOUTS),
  applications: fc.constantFrom(3, 20, 400),
});

describe('parse ∘ render = id', () => {
  it('reads back every cell of a consistent report, with no error or warning', async () => {
    await fc.assert(
      fc.asyncProperty(reportArb, async ({ seed, year, agency, layout, applications }) => {
        const spec = generateReport(seed, agency, year, { applications, decisions: applications * 30 });
        const { report } = await readReport(Buffer.from(render(spec, layout)));
        for (const [key, value] of Object.entries(spec.facts)) expect({ key, value: report.facts[key] }).toEqual({ key, value });
        expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
        expect([report.year, report.template, report.grade]).toEqual([year, spec.template, 'A']);
      }),
      { numRuns: 80 },
    );
  });

  const cellArb = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    year: fc.integer({ min: 2019, max: 2025 }),
    layout: fc.constantFrom(...LAYOUTS),
    table: fc.constantFrom('t3', 't4'),
    row: fc.nat(),
    col: fc.nat(),
    delta: fc.integer({ min: 1, max: 9 }),
  });

  it('breaking one cell fires the rule of its identity, on that cell', async () => {
    await fc.assert(
      fc.asyncProperty(cellArb, async ({ seed, year, layout, table, row, col, delta }) => {
        const spec = generateReport(seed, AGENCIES[seed % AGENCIES.length]!, year);
        let key: string;
        let expected: string[];
        if (table === 't3') {
          const rows = T3_ROWS.filter((r) => r.templates.includes(spec.template) && r.id !== 'total');
          const r = rows[row % rows.length]!;
          const c = T3_COLUMNS.filter((x) => x.id !== 'total')[col % 6]!;
          key = `t3.${r.id}.${c.id}`;
          // The cell's row no longer adds up; its column breaks the balance (rows 一 二 四) or the outcomes (the rest).
          const columnRule = ['new_received', 'carried_over', 'carried_forward'].includes(r.id) ? 't3.balance' : 't3.outcomes';
          expected = ['t3.row_sum', columnRule];
        } else {
          const b = T4_BLOCKS[row % 3]!;
          key = `t4.${b.id}.${['upheld', 'corrected', 'other', 'pending'][col % 4]}`;
          expected = ['t4.block_sum'];
        }
        const broken = { ...spec, facts: { ...spec.facts, [key]: spec.facts[key]! + delta } };
        const { report } = await readReport(Buffer.from(render(broken, layout)));
        expect(report.facts[key]).toBe(broken.facts[key]);
        for (const rule of expected) {
          const hit = report.findings.find((f) => f.rule === rule && f.severity === 'error' && f.keys.includes(key));
          expect(hit, `${rule} on ${key}`).toBeDefined();
        }
        expect(report.grade).toBe('C');
      }),
      { numRuns: 80 },
    );
  });
});
