// Every validation rule has a case where it stays silent and one where it fires, on the right keys.
import { describe, expect, it } from 'vitest';
import type { Metadata } from '../../../pipeline/parse/metadata.js';
import { T3_COLUMNS, T3_ROWS, T4_BLOCKS } from '../../../domain/codebook.js';
import { loadRegionIndex } from '../../../domain/regions/read-regions.js';
import type { Reference, RuleInput } from '../../../pipeline/types.js';
import { RULES, TWIN_RULES } from '../../../pipeline/validate/rules/index.js';

const REFERENCE: Reference = { regions: loadRegionIndex() };

const META: Metadata = {
  title: 'x',
  agencyName: '北京市通州区潞城镇人民政府',
  nameSource: 'title',
  year: 2021,
  yearSource: 'title',
  periodYear: 2021,
  signatureName: null,
  signatureDate: null,
  publishedAt: null,
  local: null,
  findings: [],
};

/** A consistent 2021 township report: all tables present, every identity holds. */
function base(): RuleInput {
  const facts: Record<string, number | null> = {};
  for (const r of T3_ROWS.filter((x) => x.templates.includes('2021'))) for (const c of T3_COLUMNS) facts[`t3.${r.id}.${c.id}`] = 0;
  const set = (row: string, natural: number) => {
    facts[`t3.${row}.natural_person`] = natural;
    facts[`t3.${row}.total`] = natural;
  };
  set('new_received', 5);
  set('carried_over', 1);
  set('granted', 4);
  set('total', 4);
  set('carried_forward', 2);
  for (const b of T4_BLOCKS) for (const c of ['upheld', 'corrected', 'other', 'pending', 'total']) facts[`t4.${b.id}.${c}`] = 0;
  Object.assign(facts, {
    't2.regulations.issued': 0,
    't2.regulations.repealed': 0,
    't2.regulations.in_force': 3,
    't2.normative_docs.issued': 1,
    't2.normative_docs.repealed': 1,
    't2.normative_docs.in_force': 4,
    't2.admin_fees.amount_wan': 12.5,
    't2.licensing.decisions': 3,
    't2.penalty.decisions': 40,
    't2.coercion.decisions': 0,
  });
  return {
    template: '2021',
    year: 2021,
    agency: { name: '北京市通州区潞城镇人民政府', regionCode: '110112119', level: 'township' },
    facts,
    raw: {},
    scopes: {},
    nullReason: {},
    tables: { t2: true, t3: true, t4: true },
    meta: { ...META },
    text: '潞城镇全年收到申请5件。',
    images: 0,
    publishedAt: '2022-01-20',
  };
}

type Case = [string, (i: RuleInput) => void, string[] | null];

/** Per rule: cases as [name, change to the base input, keys the finding must name (null: the rule stays silent)]. */
const CASES: Record<string, Case[]> = {
  'tables.present': [
    ['all tables', () => {}, null],
    ['table 4 missing', (i) => (i.tables.t4 = false), []],
  ],
  't3.rows_present': [
    ['all rows', () => {}, null],
    [
      'row 重复申请 missing',
      (i) => T3_COLUMNS.forEach((c) => delete (i.facts as Record<string, unknown>)[`t3.rejected_repeat.${c.id}`]),
      T3_COLUMNS.map((c) => `t3.rejected_repeat.${c.id}`),
    ],
    [
      '（六） printed as one row',
      (i) => {
        const facts = i.facts as Record<string, unknown>;
        for (const c of T3_COLUMNS) {
          facts[`t3.other_total.${c.id}`] = 0;
          for (const r of ['other_unpaid_fee', 'other_no_correction', 'other_misc']) delete facts[`t3.${r}.${c.id}`];
        }
      },
      null,
    ],
    [
      '（六） caption row with 2 of its 3 rows',
      (i) => {
        const facts = i.facts as Record<string, unknown>;
        for (const c of T3_COLUMNS) {
          facts[`t3.other_total.${c.id}`] = null;
          delete facts[`t3.other_no_correction.${c.id}`];
        }
      },
      T3_COLUMNS.map((c) => `t3.other_no_correction.${c.id}`),
    ],
  ],
  't3.row_sum': [
    ['rows add up', () => {}, null],
    [
      'natural 5, total 6',
      (i) => ((i.facts as Record<string, number>)['t3.new_received.total'] = 6),
      ['t3.new_received.natural_person', 't3.new_received.total'],
    ],
  ],
  't3.balance': [
    ['5 + 1 = 4 + 2', () => {}, null],
    [
      'carried forward 3',
      (i) => Object.assign(i.facts, { 't3.carried_forward.natural_person': 3, 't3.carried_forward.total': 3 }),
      ['t3.carried_forward.natural_person'],
    ],
  ],
  't3.outcomes': [
    ['总计 = outcomes', () => {}, null],
    [
      'one more partial',
      (i) => Object.assign(i.facts, { 't3.partial.natural_person': 1, 't3.partial.total': 1 }),
      ['t3.partial.natural_person', 't3.total.natural_person'],
    ],
  ],
  't2.rows_present': [
    ['all rows', () => {}, null],
    ['行政强制 missing', (i) => delete (i.facts as Record<string, unknown>)['t2.coercion.decisions'], ['t2.coercion.decisions']],
  ],
  't3.subtotal': [
    ['subtotal = its rows', (i) => Object.assign(i.facts, Object.fromEntries(T3_COLUMNS.map((c) => [`t3.withheld_subtotal.${c.id}`, 0]))), null],
    [
      'subtotal 1 over zero rows',
      (i) =>
        Object.assign(
          i.facts,
          Object.fromEntries(T3_COLUMNS.map((c) => [`t3.withheld_subtotal.${c.id}`, c.id === 'natural_person' || c.id === 'total' ? 1 : 0])),
        ),
      ['t3.withheld_subtotal.natural_person', 't3.withheld_state_secret.natural_person'],
    ],
  ],
  't4.block_sum': [
    ['zeros', () => {}, null],
    ['total 2 of nothing', (i) => ((i.facts as Record<string, number>)['t4.review.total'] = 2), ['t4.review.total', 't4.review.upheld']],
  ],
  'cells.nonneg_int': [
    ['counts', () => {}, null],
    [
      'negative and fractional counts',
      (i) => Object.assign(i.facts, { 't4.review.upheld': -1, 't2.regulations.in_force': 2.5 }),
      ['t4.review.upheld', 't2.regulations.in_force'],
    ],
  ],
  't2.fee_decimal': [
    ['12.5 万元', () => {}, null],
    ['12.34567 万元', (i) => ((i.facts as Record<string, number>)['t2.admin_fees.amount_wan'] = 12.34567), ['t2.admin_fees.amount_wan']],
  ],
  't2.in_force': [
    ['repealed 1 of 4', () => {}, null],
    ['repealed 9 of 4 + 1', (i) => ((i.facts as Record<string, number>)['t2.normative_docs.repealed'] = 9), ['t2.normative_docs.repealed']],
  ],
  'narrative.applications': [
    ['text agrees', (i) => Object.assign(i.facts, { 'n.applications_received': 5 }), null],
    ['text says 7', (i) => Object.assign(i.facts, { 'n.applications_received': 7 }), ['n.applications_received', 't3.new_received.total']],
  ],
  'narrative.review_litigation': [
    ['text agrees', (i) => Object.assign(i.facts, { 'n.review_total': 0 }), null],
    [
      'text says 0, table 2',
      (i) => Object.assign(i.facts, { 'n.review_total': 0, 't4.review.total': 2, 't4.review.pending': 2 }),
      ['n.review_total', 't4.review.total'],
    ],
  ],
  'meta.year_consistent': [
    ['period 2021', () => {}, null],
    ['period 2020', (i) => (i.meta.periodYear = 2020), []],
  ],
  'meta.agency_consistent': [
    ['signed by itself', (i) => (i.meta.signatureName = '北京市通州区潞城镇人民政府'), null],
    ['signed by another', (i) => (i.meta.signatureName = '北京市通州区宋庄镇人民政府'), []],
  ],
  'meta.path_consistent': [
    ['a crawled report', () => {}, null],
    [
      'filed under its own town and year',
      (i) =>
        (i.meta.local = {
          pathAgency: { value: '潞城镇', part: '潞城镇' },
          pathYear: { value: 2021, part: '2021年报.pdf' },
          givenAgency: null,
          givenYear: null,
        }),
      null,
    ],
    [
      'the agency from the folder, a flag that agrees',
      (i) => {
        i.meta.nameSource = 'path';
        i.meta.local = { pathAgency: { value: '潞城镇', part: '潞城镇' }, pathYear: null, givenAgency: '北京市通州区潞城镇人民政府', givenYear: 2021 };
      },
      null,
    ],
    [
      'filed under another town',
      (i) => (i.meta.local = { pathAgency: { value: '宋庄镇', part: '宋庄镇' }, pathYear: null, givenAgency: null, givenYear: null }),
      [],
    ],
    [
      'a 2021 report named 2020',
      (i) => (i.meta.local = { pathAgency: null, pathYear: { value: 2020, part: '2020年报.pdf' }, givenAgency: null, givenYear: null }),
      [],
    ],
    ['given another year', (i) => (i.meta.local = { pathAgency: null, pathYear: null, givenAgency: null, givenYear: 2022 }), []],
  ],
  'meta.agency_name': [
    ['a township government', () => {}, null],
    ['a department with brackets', (i) => (i.agency.name = '北京市密云区人民政府办公室(区政务服务管理局)'), null],
    ['a formula', (i) => (i.agency.name = '=HYPERLINK(http://evil.example/,北京市通州区漷县镇人民政府)'), []],
    ['a plus sign', (i) => (i.agency.name = '+北京市通州区人民政府'), []],
    ['markup', (i) => (i.agency.name = '北京市<script>区人民政府'), []],
  ],
  'meta.foreign_place_name': [
    ['own name only', () => {}, null],
    ['names 诗洞镇', (i) => (i.text = '专题研究部署诗洞镇政务公开工作。'), []],
  ],
  'meta.published_late': [
    ['20 January', () => {}, null],
    ['1 May', (i) => (i.publishedAt = '2022-05-01'), []],
  ],
};

describe('validation rules', () => {
  it('every rule has a silent and a firing case', () => {
    for (const rule of RULES) {
      const cases = CASES[rule.id] ?? [];
      expect({ rule: rule.id, silent: cases.some((c) => c[2] === null), fires: cases.some((c) => c[2] !== null) }).toEqual({
        rule: rule.id,
        silent: true,
        fires: true,
      });
    }
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it.each(CASES[rule.id] ?? [])('%s', (_name, change, keys) => {
        const input = base();
        change(input);
        const findings = rule.check(input, REFERENCE).filter((f) => f.rule === rule.id && (rule.severity === 'info' || f.severity !== 'info'));
        if (keys === null) expect(findings).toEqual([]);
        else {
          expect(findings.length).toBeGreaterThan(0);
          expect(findings[0]!.severity).toBe(rule.severity);
          for (const k of keys) expect(findings.flatMap((f) => f.keys)).toContain(k);
        }
      });
    });
  }
});

describe('rules over twins (the versions published together)', () => {
  const page = { reportId: 1, facts: { 't3.new_received.total': 5, 't4.review.total': 0, 'n.applications_received': 5 } };
  it.each([
    ['the page and its PDF agree', [page, { reportId: 2, facts: { 't3.new_received.total': 5, 't4.review.total': null, 'n.applications_received': 7 } }], []],
    ['the PDF reads 6 where the page reads 5', [page, { reportId: 2, facts: { 't3.new_received.total': 6, 't4.review.total': 0 } }], ['t3.new_received.total']],
    ['one version alone', [page], []],
  ] as const)('%s', (_name, twins, keys) => {
    const [rule] = TWIN_RULES;
    const findings = rule!.check(twins);
    expect(findings.flatMap((f) => f.keys)).toEqual(keys);
    for (const f of findings) expect([f.rule, f.severity]).toEqual([rule!.id, rule!.severity]);
  });
});
