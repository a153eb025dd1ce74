// The decoder on small documents built by hand: glued runs cut by the identities (the forms-in-the-wild example),
// a run glued to the next label's numbering, a cut the identities cannot decide, a row whose label is unreadable
// placed only when its numbers confirm it, numbers printed before their labels.
import { describe, expect, it } from 'vitest';
import { T3_COLUMNS } from '../../../domain/codebook.js';
import { readDocText } from '../../../pipeline/read-report.js';
import type { Block, DocText } from '../../../pipeline/types.js';
import { generateReport } from '../../../replica/generate-report.js';
import { printedT3 } from '../../../replica/render-forms.js';
import { table3Html } from '../../../replica/render-report.js';

const doc = (blocks: Block[]): DocText => ({ blocks, source: { format: 'txt' }, warnings: [] });
const para = (text: string): Block => ({ kind: 'para', text });
const row = (report: ReturnType<typeof readDocText>, id: string) => T3_COLUMNS.map((c) => report.facts[`t3.${id}.${c.id}`]);
const head = [para('潞城镇2021年政府信息公开工作年度报告'), para('三、收到和处理政府信息公开申请情况')];

/** 潞城镇 2021 (forms-in-the-wild.md): every row of table 3 as one glued run after its label. */
const LUCHENG: Record<string, number[]> = {
  new_received: [17, 2, 0, 0, 0, 0, 19],
  granted: [6, 1, 0, 0, 0, 0, 7],
  partial: [10, 1, 0, 0, 0, 0, 11],
  total: [16, 2, 0, 0, 0, 0, 18],
  carried_forward: [1, 0, 0, 0, 0, 0, 1],
};
const glued = (values: (id: string) => number[]) =>
  printedT3('2021', false)
    .map((r) => r.text + (r.id ? values(r.id).join('') : ''))
    .join('');
const lucheng = (id: string) => LUCHENG[id] ?? [0, 0, 0, 0, 0, 0, 0];

describe('glued digits', () => {
  it('cuts 172000019 into 17|2|0|0|0|0|19 and reads every row of the flattened example', () => {
    const report = readDocText(doc([...head, para(glued(lucheng))]));
    expect(row(report, 'new_received')).toEqual(LUCHENG.new_received);
    expect(row(report, 'partial')).toEqual(LUCHENG.partial);
    expect(row(report, 'carried_forward')).toEqual(LUCHENG.carried_forward);
    expect(row(report, 'withheld_law_prohibited')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(report.provenance['t3.new_received.natural_person']).toEqual({ block: 2, span: [16, 18], method: 'split' });
    // Only tables 2 and 4 are missing from this document.
    expect(report.findings.filter((f) => f.severity !== 'info').map((f) => f.rule)).toEqual(['tables.present']);
  });

  it('leaves a row null with its candidates when two cuts satisfy every identity', () => {
    // Every row zero but three, whose runs 200002022 can be 2|0|0|0|0|20|22 or 20|0|0|0|0|2|22: both add up in
    // the row and, with the same two readings possible in 一 and （七）, in every column.
    const values = (id: string) => (id === 'new_received' || id === 'granted' || id === 'total' ? [2, 0, 0, 0, 0, 20, 22] : [0, 0, 0, 0, 0, 0, 0]);
    const text = printedT3('2021', false)
      .map((r) => r.text + (r.id ? (r.id === 'granted' ? '200002022' : values(r.id).join('')) : ''))
      .join('');
    const report = readDocText(doc([...head, para(text)]));
    const granted = row(report, 'granted');
    expect(granted.every((v) => v === null || v === 0 || v === 2 || v === 20 || v === 22)).toBe(true);
    const finding = report.findings.find((f) => f.rule === 'decode.ambiguous' && f.keys.includes('t3.granted.natural_person'));
    expect(finding?.message).toContain('2|0|0|0|0|20|22');
    expect(report.facts['t3.granted.natural_person']).toBeNull();
  });
});

describe('labels', () => {
  it('places a row whose label is unreadable between its neighbours when its numbers make every identity hold', () => {
    const spec = generateReport(7, '北京市通州区潞城镇人民政府', 2021);
    const html = table3Html(spec, { style: 'plain' }).replace('3.危及“三安全一稳定”', '3.口口口口口口口');
    const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!));
    // A grid without merged cells expanded is enough here: the label cells are left of the values.
    const width = Math.max(...rows.map((r) => r.length));
    const grid = rows.map((r) => [...Array(width - r.length).fill(''), ...r]);
    const report = readDocText(doc([...head, { kind: 'table', rows: grid, geometry: 'loose' }]));
    expect(row(report, 'withheld_security_stability')).toEqual(T3_COLUMNS.map((c) => spec.facts[`t3.withheld_security_stability.${c.id}`]));
    expect(report.findings.some((f) => f.rule === 't3.row_by_position')).toBe(true);
  });

  it('does not place it when its numbers break an identity', () => {
    const spec = generateReport(7, '北京市通州区潞城镇人民政府', 2021);
    const broken = {
      ...spec,
      facts: { ...spec.facts, 't3.withheld_security_stability.natural_person': spec.facts['t3.withheld_security_stability.natural_person']! + 3 },
    };
    const html = table3Html(broken, { style: 'plain' }).replace('3.危及“三安全一稳定”', '3.口口口口口口口');
    const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!));
    const width = Math.max(...rows.map((r) => r.length));
    const grid = rows.map((r) => [...Array(width - r.length).fill(''), ...r]);
    const report = readDocText(doc([...head, { kind: 'table', rows: grid, geometry: 'loose' }]));
    expect('t3.withheld_security_stability.total' in report.facts).toBe(false);
    expect(report.findings.some((f) => f.rule === 't3.unknown_row')).toBe(true);
  });

  it('reads numbers printed before their labels (a PDF text layer)', () => {
    const lines = printedT3('2021', false).flatMap((r) => (r.id ? [lucheng(r.id).join(' '), r.text] : [r.text]));
    const report = readDocText(doc([...head, ...lines.map(para)]));
    expect(row(report, 'new_received')).toEqual(LUCHENG.new_received);
    expect(row(report, 'total')).toEqual(LUCHENG.total);
    expect(row(report, 'carried_forward')).toEqual(LUCHENG.carried_forward);
  });
});

describe('（六）其他处理 and caption rows (2021)', () => {
  /** Table 3 of a 2021 report as tab-separated lines (a PDF text layer without ruling lines), one line changed. */
  const t3Lines = (values: (id: string) => number[], replace: (id: string, text: string, cells: string) => string[] | null) =>
    printedT3('2021', true).flatMap((r) => {
      const cells = r.id ? values(r.id).join('\t') : '';
      return replace(r.id ?? '', r.text, cells) ?? [r.id ? `${r.text}\t${cells}` : r.text];
    });
  const spec = generateReport(5, '北京市通州区潞城镇人民政府', 2021, { applications: 60, decisions: 100 });
  const SUB = ['other_no_correction', 'other_unpaid_fee', 'other_misc'];
  const values = (id: string) =>
    T3_COLUMNS.map((c) => (id === 'other_total' ? SUB.reduce((s, r) => s + spec.facts[`t3.${r}.${c.id}`]!, 0) : spec.facts[`t3.${id}.${c.id}`]!));

  it('never gives a one-row （六） whose printed label is only 其他 to 3.其他', () => {
    const lines = t3Lines(values, (id, _text, cells) => (id === 'other_total' ? [`其他\t${cells}`] : null));
    const report = readDocText(doc([...head, ...lines.map(para)]));
    expect(row(report, 'other_misc')).toEqual([null, null, null, null, null, null, null]);
    expect(row(report, 'total')).toEqual(values('total'));
    expect(report.findings.find((f) => f.rule === 't3.other_misc_unconfirmed')?.keys).toEqual(T3_COLUMNS.map((c) => `t3.other_misc.${c.id}`));
  });

  it('reads a one-row （六） whose label wraps (（六）其他 / 处理) as other_total', () => {
    const lines = t3Lines(values, (id, _text, cells) => (id === 'other_total' ? [`（六）其他\t${cells}`, '处理'] : null));
    const report = readDocText(doc([...head, ...lines.map(para)]));
    expect(row(report, 'other_total')).toEqual(values('other_total'));
    expect(row(report, 'other_misc')).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(report.findings.some((f) => f.rule === 't3.other_single_row')).toBe(true);
  });

  it("does not give a group's first row to its caption when the caption cell is printed beside it", () => {
    // The national form's （四）无法提供 spans its three rows; a narrow PDF column prints it glued to 1.本机关….
    const lines = t3Lines(values, (id, _text, cells) =>
      id === 'unable_not_held' ? [`（四）无1.本机关\t${cells}`, '法提供\t不掌握相', '关政府信', '息'] : null,
    ).filter((l) => l !== '（四）无法提供');
    const report = readDocText(doc([...head, ...lines.map(para)]));
    expect(T3_COLUMNS.map((c) => report.facts[`t3.unable_subtotal.${c.id}`] ?? null)).toEqual([null, null, null, null, null, null, null]);
    for (const id of ['granted', 'unable_unclear', 'total']) expect(row(report, id)).toEqual(values(id));
  });
});

describe('table 2 without its header', () => {
  it('names the cells of each row it could not read', () => {
    const t2 = [
      para('潞城镇2021年政府信息公开工作年度报告'),
      para('二、主动公开政府信息情况'),
      { kind: 'table', geometry: 'grid', rows: [['规章', '1', '2', '3']] } as Block,
    ];
    const report = readDocText(doc(t2));
    const noHeader = report.findings.filter((f) => f.rule === 't2.no_header');
    expect(noHeader.map((f) => f.keys)).toEqual([['t2.regulations.issued', 't2.regulations.repealed', 't2.regulations.in_force']]);
    expect(Object.keys(report.facts).filter((k) => k.startsWith('t2.'))).toEqual([]);
  });
});
