// Renders a generated report in each form of shared/domain/forms-in-the-wild.md (an article fragment, a saved page
// with a blank column, a PDF text layer, Markdown fragments out of order, flattened glued text, misprinted labels,
// inconsistent originals) together with the truth a reader must return: every printed number, null where a cell
// is printed blank. Deterministic for a seed. The PDF text layer is given as the DocText pdf.ts makes of one.
import { T2_ROWS, T3_COLUMNS, T3_ROWS, T4_BLOCKS, T4_COLUMNS } from '../domain/codebook.js';
import type { Block, DocText } from '../pipeline/types.js';
import { rng, type ReportSpec } from './generate-report.js';
import { overviewText, renderHtml, t2Groups, table2Html, table3Html, table4Html } from './render-report.js';

export const FORMS = ['fragment', 'saved-page', 'pdf-text', 'markdown', 'flattened', 'variants', 'inconsistent'] as const;
export type Form = (typeof FORMS)[number];

export interface Rendered {
  form: Form;
  /** Bytes to read (HTML or text), or the DocText of a PDF text layer. */
  bytes?: Buffer;
  doc?: DocText;
  /** What a reader must return for each statutory cell: the printed number, or null for a cell printed blank. */
  truth: Record<string, number | null>;
  /** What was done to the report, for messages. */
  notes: string[];
}

interface PrintedRow {
  kind: 'caption' | 'row';
  text: string;
  /** Row id whose numbers the line carries (captions of the 2019 （六） and one-row 2021 forms carry other_total). */
  id: string | null;
}

/** Table 3's printed lines for a template; `oneRowOther` prints 2021's （六） as one row. */
export function printedT3(template: '2019' | '2021', oneRowOther: boolean): PrintedRow[] {
  const out: PrintedRow[] = [];
  let group: string | undefined;
  const captions: Record<string, string> = { withheld: '（三）不予公开', unable: '（四）无法提供', rejected: '（五）不予处理', other: '（六）其他处理' };
  for (const r of T3_ROWS) {
    const inTemplate = r.templates.includes(template) || (oneRowOther && r.id === 'other_total');
    const skipped = oneRowOther && ['other_no_correction', 'other_unpaid_fee', 'other_misc'].includes(r.id);
    if (!inTemplate || skipped) continue;
    if (r.id === 'granted') out.push({ kind: 'caption', text: '三、本年度办理结果', id: null });
    if (r.id === 'other_total') {
      out.push({ kind: 'caption', text: '（六）其他处理', id: 'other_total' });
      continue;
    }
    if (r.group && r.group !== group) out.push({ kind: 'caption', text: captions[r.group]!, id: null });
    group = r.group;
    const text = r.label.replace(/^三、/, '').replace(/^（[三四五六]）\S+ /, '');
    out.push({ kind: 'row', text, id: r.id });
  }
  return out;
}

const T3_HEADER = [
  '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
  '申请人情况',
  '自然人',
  '法人或其他组织',
  '商业企业',
  '科研机构',
  '社会公益组织',
  '法律服务机构',
  '其他',
  '总计',
];
const T4_HEADER = [
  '行政复议',
  '行政诉讼',
  ...T4_COLUMNS.map((c) => c.label),
  '未经复议直接起诉',
  '复议后起诉',
  ...T4_COLUMNS.map((c) => c.label),
  ...T4_COLUMNS.map((c) => c.label),
];

export function t2Lines(spec: ReportSpec): { caption: string; header: string[]; rows: { label: string; keys: string[] }[] }[] {
  const groups = t2Groups(spec.template);
  return groups.map(([n, ids]) => {
    const cols = T2_ROWS.find((r) => r.id === ids[0])!.columns[spec.template]!;
    return {
      caption: `第二十条第${n}项`,
      header: ['信息内容', ...cols.map(([, label]) => (label === '本年收费金额（万元）' ? '本年收费金额（单位：万元）' : label))],
      rows: ids.map((id) => ({
        label:
          spec.template === '2021' && id === 'normative_docs'
            ? '行政规范性文件'
            : id === 'normative_docs'
              ? '规范性文件'
              : T2_ROWS.find((r) => r.id === id)!.label,
        keys: cols.map(([c]) => `t2.${id}.${c}`),
      })),
    };
  });
}

const t3Values = (spec: ReportSpec, id: string) => T3_COLUMNS.map((c) => spec.facts[`t3.${id}.${c.id}`]!);
const t4Values = (spec: ReportSpec) => T4_BLOCKS.flatMap((b) => T4_COLUMNS.map((c) => spec.facts[`t4.${b.id}.${c.id}`]!));
const fmt = (v: number) => String(v);

/** Truth: every statutory cell the report prints, with the one-row （六） summed when the form prints it so. */
function truthOf(spec: ReportSpec, oneRowOther: boolean): Record<string, number | null> {
  const truth: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(spec.facts)) if (/^t[234]\./.test(k)) truth[k] = v;
  if (oneRowOther) {
    for (const c of T3_COLUMNS) {
      truth[`t3.other_total.${c.id}`] = ['other_no_correction', 'other_unpaid_fee', 'other_misc'].reduce((s, r) => s + spec.facts[`t3.${r}.${c.id}`]!, 0);
      for (const r of ['other_no_correction', 'other_unpaid_fee', 'other_misc']) delete truth[`t3.${r}.${c.id}`];
    }
  }
  return truth;
}

function withOneRowOther(spec: ReportSpec): ReportSpec {
  const facts = { ...spec.facts };
  for (const c of T3_COLUMNS) {
    facts[`t3.other_total.${c.id}`] = ['other_no_correction', 'other_unpaid_fee', 'other_misc'].reduce((s, r) => s + spec.facts[`t3.${r}.${c.id}`]!, 0);
  }
  return { ...spec, facts };
}

// ---------------------------------------------------------------- misprinted labels

/** Misprints seen in originals: a character swapped for a look-alike or dropped, 其它 for 其他, 合计 for 总计 … */
function misprint(text: string, r: () => number): string {
  const choice = Math.floor(r() * 6);
  if (choice === 0 && text.includes('其他')) return text.replace('其他', '其它');
  if (choice === 1 && text.includes('总计')) return text.replace('总计', '合计');
  if (choice === 2 && text.includes('“三安全一稳定”')) return text.replace('“三安全一稳定”', '国家安全、公共安全、经济安全和社会稳定');
  if (choice === 3) return text.replace(/^（([一二三四五六七八九十])）/, '($1)').replace(/^(\d)\./, '$1、');
  const body = text.replace(/^(（[一二三四五六七八九十]）|\d[.、]|[一二三四五六七八九十]、)/, '');
  if (body.length < 6) return text;
  const head = text.slice(0, text.length - body.length);
  const at = 1 + Math.floor(r() * (body.length - 2));
  const LOOKALIKE: Record<string, string> = { 止: '上', 议: '仪', 政: '正', 请: '清', 理: '里', 开: '升', 公: '分', 息: '总', 权: '杈', 密: '蜜' };
  const ch = body[at]!;
  const swapped = LOOKALIKE[ch] ?? (choice === 4 ? '' : '口');
  return head + body.slice(0, at) + swapped + body.slice(at + 1);
}

// ---------------------------------------------------------------- forms

function fragmentHtml(spec: ReportSpec, r: () => number, labelOf: (t: string) => string): string {
  const title = r() < 0.5 ? `${spec.year}年${spec.agency}政府信息公开工作年度报告` : `${spec.agency}${spec.year}年政府信息公开工作年度报告`;
  const p = (t: string) => `<p>${t}</p>`;
  let t3 = table3Html(spec, { style: 'plain' }).replace(/<td([^>]*)><\/td>/g, '<td$1>&nbsp;</td>');
  // Misprints go into the labels of the fragment's tables.
  for (const row of printedT3(spec.template, false)) t3 = t3.replace(`>${row.text}<`, `>${labelOf(row.text)}<`);
  return [
    `<p style='text-align:center;font-weight:bold;'>${title}</p><p>发布日期：${spec.publishedAt}</p>`,
    p('一、总体情况'),
    ...overviewText(spec).map(p),
    p('二、主动公开政府信息情况'),
    table2Html(spec, { style: 'plain' }),
    p('三、收到和处理政府信息公开申请情况'),
    t3,
    p('四、政府信息公开行政复议、行政诉讼情况'),
    table4Html(spec, { style: 'plain' }),
    p('五、存在的主要问题及改进情况'),
    p('一是信息公开的及时性有待提高；二是业务培训有待加强。'),
    p('六、其他需要报告的事项'),
    p('无。'),
  ].join('');
}

/** A saved page: chrome, Word markup; the five 法人或其他组织 columns left blank (a department with only natural persons). */
function savedPage(spec: ReportSpec, r: () => number): { html: string; blank: string[]; facts: Record<string, number> } {
  const facts = { ...spec.facts };
  const blank: string[] = [];
  if (r() < 0.7) {
    for (const row of T3_ROWS) {
      for (const c of T3_COLUMNS) {
        const k = `t3.${row.id}.${c.id}`;
        if (!c.id.startsWith('org_') || !(k in facts)) continue;
        facts[`t3.${row.id}.total`]! -= facts[k]!;
        facts[k] = 0;
        blank.push(k);
      }
    }
  }
  const html = renderHtml({ ...spec, facts }, { style: 'word', chrome: true, blank });
  // Some CMSs keep the article text in one container and the tables outside it.
  const moved = r() < 0.5 ? html.replace('<div class="TRS_Editor">', '<div class="TRS_Editor"><p>正文见下。</p></div><div class="attach">') : html;
  return { html: moved, blank, facts };
}

/** A PDF's text layer without ruling lines, as pdf.ts returns it: one paragraph per printed line. */
function pdfText(spec: ReportSpec, r: () => number, oneRowOther: boolean, labelOf: (t: string) => string): Block[] {
  const lines: string[] = [];
  const width = 8 + Math.floor(r() * 8);
  const wrap = (t: string) => {
    const parts: string[] = [];
    for (let i = 0; i < t.length; i += width) parts.push(t.slice(i, i + width));
    return parts;
  };
  const before = r() < 0.5;
  const title = `${spec.agency}${spec.year}年政府信息公开工作年度报告`;
  lines.push(spec.agency, `${spec.year}年政府信息公开工作年度报告`, '一、总体情况', ...overviewText(spec), '二、主动公开政府信息情况');
  for (const g of t2Lines(spec)) {
    lines.push(g.caption, g.header.join(' '));
    for (const row of g.rows) lines.push(`${row.label} ${row.keys.map((k) => fmt(spec.facts[k]!)).join(' ')}`);
  }
  lines.push(
    '三、收到和处理政府信息公开申请情况',
    T3_HEADER.slice(0, 2).join(' '),
    `${T3_HEADER.slice(2, 4).join(' ')} ${T3_HEADER[9]}`,
    T3_HEADER.slice(4, 9).join(' '),
  );
  const printed = printedT3(spec.template, oneRowOther);
  const pageBreakAt = 5 + Math.floor(r() * (printed.length - 8));
  printed.forEach((row, i) => {
    if (i === pageBreakAt) lines.push(title, '续表');
    const label = labelOf(row.text);
    if (!row.id) {
      lines.push(label);
      return;
    }
    const nums = t3Values(spec, row.id).map(fmt).join(' ');
    const parts = wrap(label);
    if (parts.length === 1) lines.push(`${parts[0]} ${nums}`);
    else if (before) lines.push(nums, ...parts);
    else if (parts.length === 2) lines.push(parts[0]!, nums, parts[1]!);
    else lines.push(parts[0]!, `${parts[1]} ${nums}`, ...parts.slice(2));
  });
  lines.push(
    '四、政府信息公开行政复议、行政诉讼情况',
    '行政复议 行政诉讼',
    `${T4_COLUMNS.map((c) => c.label).join(' ')} 未经复议直接起诉 复议后起诉`,
    [...T4_COLUMNS, ...T4_COLUMNS].map((c) => c.label).join(' '),
    t4Values(spec).map(fmt).join(' '),
  );
  lines.push(
    '五、存在的主要问题及改进情况',
    '一是信息公开的及时性有待提高。',
    '六、其他需要报告的事项',
    '无。',
    spec.agency,
    `${spec.publishedAt.slice(0, 4)}年${Number(spec.publishedAt.slice(5, 7))}月${Number(spec.publishedAt.slice(8))}日`,
  );
  return lines.map((text) => ({ kind: 'para', text }));
}

/** Markdown converted from a PDF: label and number rows apart, fragments out of order, stray lines between. */
function markdown(spec: ReportSpec, r: () => number, labelOf: (t: string) => string): string {
  const out: string[] = [spec.agency, `${spec.year}年政府信息公开工作年度报告`, '', '一、总体情况', ...overviewText(spec), '', '二、主动公开政府信息情况', ''];
  for (const g of t2Lines(spec)) {
    out.push(`| ${g.caption} |`, `| ${g.header.join(' | ')} |`, '|---|---|---|---|');
    for (const row of g.rows) out.push(`| ${row.label} | ${row.keys.map((k) => fmt(spec.facts[k]!)).join(' | ')} |`);
  }
  out.push('', '三、收到和处理政府信息公开申请情况', '', `| ${T3_HEADER.join(' | ')} |`, '|---|---|---|---|---|---|---|---|');
  const printed = printedT3(spec.template, false);
  // Cut the rows into fragments (never inside a caption's first row) and shuffle the fragments.
  const fragments: PrintedRow[][] = [];
  let current: PrintedRow[] = [];
  printed.forEach((row, i) => {
    current.push(row);
    if (row.kind === 'row' && r() < 0.25 && i < printed.length - 1) {
      fragments.push(current);
      current = [];
    }
  });
  if (current.length) fragments.push(current);
  const shuffled = r() < 0.5 ? fragments : [...fragments].sort(() => r() - 0.5);
  const strays = ['1', '续表', '第 2 页', '- 3 -'];
  shuffled.forEach((frag, fi) => {
    if (fi > 0 && r() < 0.6) out.push(strays[Math.floor(r() * strays.length)]!);
    const labelsFirst = frag.length > 1 && r() < 0.2;
    if (labelsFirst) {
      for (const row of frag) out.push(labelOf(row.text));
      for (const row of frag) if (row.id) out.push(`| ${t3Values(spec, row.id).map(fmt).join(' | ')} |`);
      return;
    }
    for (const row of frag) {
      const label = labelOf(row.text);
      if (!row.id) {
        out.push(`| ${label} | | | | | | | |`);
        continue;
      }
      const nums = t3Values(spec, row.id).map(fmt).join(' | ');
      const style = r();
      if (style < 0.4) out.push(`| ${label} | ${nums} |`);
      else if (style < 0.7) out.push(`| ${label} | | | | | | | |`, `| | ${nums} |`);
      else out.push(label, `| ${nums} |`);
    }
  });
  out.push(
    '',
    '四、政府信息公开行政复议、行政诉讼情况',
    '',
    `| ${T4_HEADER.join(' | ')} |`,
    `| ${t4Values(spec).map(fmt).join(' | ')} |`,
    '',
    '五、存在的主要问题及改进情况',
    '一是信息公开的及时性有待提高。',
  );
  return `${out.join('\n')}\n`;
}

/** Web-archive text: header fields, breadcrumb chrome, then the whole body as one line with no separator in tables. */
function flattened(spec: ReportSpec, r: () => number, oneRowOther: boolean, labelOf: (t: string) => string): string {
  const title = `${spec.agency.replace(/^北京市[^区]+区/, '')}${spec.year}年政府信息公开工作年度报告`;
  const head = [
    `标题: ${title}`,
    `发布时间: ${spec.publishedAt} 09:30:00`,
    `原文链接: http://www.example.gov.cn/zwgk/${spec.year + 1}/t${spec.publishedAt.replace(/-/g, '')}_1.html`,
  ];
  const body: string[] = [`当前位置：首页 > 政务公开 > 政府信息公开年报 > ${title}`, title, '一、总体情况', ...overviewText(spec), '二、主动公开政府信息情况'];
  for (const g of t2Lines(spec)) {
    body.push(g.caption, ...g.header);
    for (const row of g.rows) body.push(row.label, row.keys.map((k) => fmt(spec.facts[k]!)).join(''));
  }
  body.push('三、收到和处理政府信息公开申请情况', ...T3_HEADER);
  for (const row of printedT3(spec.template, oneRowOther)) {
    body.push(labelOf(row.text));
    if (row.id) body.push(t3Values(spec, row.id).map(fmt).join(''));
  }
  body.push(
    '四、政府信息公开行政复议、行政诉讼情况',
    ...T4_HEADER,
    t4Values(spec).map(fmt).join(''),
    '五、存在的主要问题及改进情况',
    '一是信息公开的及时性有待提高。六、其他需要报告的事项无。',
  );
  void r;
  return `${head.join('\n')}\n${body.join('')}\n`;
}

/** An original that contradicts itself, printed in a layout that leaves no doubt which number is which cell. */
function inconsistent(spec: ReportSpec, r: () => number): { spec: ReportSpec; blank: string[]; notes: string[] } {
  const facts = { ...spec.facts };
  const blank: string[] = [];
  const notes: string[] = [];
  const kind = Math.floor(r() * 4);
  if (kind === 0) {
    for (const row of T3_ROWS) if (`t3.${row.id}.total` in facts) blank.push(`t3.${row.id}.total`);
    notes.push('总计 column blank');
  } else if (kind === 1) {
    const b = T4_BLOCKS[Math.floor(r() * 3)]!;
    facts[`t4.${b.id}.upheld`] = facts[`t4.${b.id}.upheld`]! + 2;
    facts[`t4.${b.id}.total`] = 0;
    notes.push(`${b.id} total 0 while its parts are not`);
  } else if (kind === 2) {
    const rows = T3_ROWS.filter((x) => `t3.${x.id}.total` in facts);
    blank.push(`t3.${rows[Math.floor(r() * rows.length)]!.id}.total`);
    notes.push('one row total missing');
  } else {
    facts['t3.granted.total'] = facts['t3.granted.total']! + 1 + Math.floor(r() * 5);
    notes.push('a detail total disagrees with （七）总计');
  }
  return { spec: { ...spec, facts }, blank, notes };
}

export function renderForm(spec: ReportSpec, form: Form, seed: number): Rendered {
  const r = rng(seed ^ 0x5bd1e995);
  const plain = (t: string) => t;
  switch (form) {
    case 'fragment': {
      const html = fragmentHtml(spec, r, plain);
      const escaped = r() < 0.2;
      const bytes = escaped
        ? `<script>var content = "${html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}";</script>`
        : html;
      return { form, bytes: Buffer.from(bytes), truth: truthOf(spec, false), notes: escaped ? ['escaped once more'] : [] };
    }
    case 'saved-page': {
      const { html, blank, facts } = savedPage(spec, r);
      const truth = truthOf({ ...spec, facts }, false);
      for (const k of blank) truth[k] = null;
      return { form, bytes: Buffer.from(html), truth, notes: blank.length ? ['org columns blank'] : [] };
    }
    case 'pdf-text': {
      const oneRow = spec.template === '2021' && r() < 0.3;
      const s = oneRow ? withOneRowOther(spec) : spec;
      const doc: DocText = { blocks: pdfText(s, r, oneRow, plain), source: { format: 'pdf', pages: 3 }, warnings: [] };
      return { form, doc, truth: truthOf(spec, oneRow), notes: oneRow ? ['（六） as one row'] : [] };
    }
    case 'markdown':
      return { form, bytes: Buffer.from(markdown(spec, r, plain)), truth: truthOf(spec, false), notes: [] };
    case 'flattened': {
      const oneRow = spec.template === '2021' && r() < 0.2;
      const s = oneRow ? withOneRowOther(spec) : spec;
      return { form, bytes: Buffer.from(flattened(s, r, oneRow, plain)), truth: truthOf(spec, oneRow), notes: oneRow ? ['（六） as one row'] : [] };
    }
    case 'variants': {
      const misprinted = new Set<string>();
      const labelOf = (t: string) => {
        if (r() < 0.3) {
          const m = misprint(t, r);
          if (m !== t) misprinted.add(`${t} → ${m}`);
          return m;
        }
        return t;
      };
      const which = r();
      const rendered: Rendered =
        which < 0.4
          ? {
              form,
              doc: { blocks: pdfText(spec, r, false, labelOf), source: { format: 'pdf', pages: 3 }, warnings: [] },
              truth: truthOf(spec, false),
              notes: [],
            }
          : which < 0.7
            ? { form, bytes: Buffer.from(markdown(spec, r, labelOf)), truth: truthOf(spec, false), notes: [] }
            : { form, bytes: Buffer.from(fragmentHtml(spec, r, labelOf)), truth: truthOf(spec, false), notes: [] };
      rendered.notes.push(...misprinted);
      return rendered;
    }
    case 'inconsistent': {
      const { spec: broken, blank, notes } = inconsistent(spec, r);
      const html = renderHtml(broken, { style: r() < 0.5 ? 'word' : 'plain', blank });
      const truth = truthOf(broken, false);
      for (const k of blank) truth[k] = null;
      return { form, bytes: Buffer.from(html), truth, notes };
    }
  }
}
