// Renders a generated report as an HTML page made to be printed to PDF (by Chromium or LibreOffice), in the layouts
// real reports are printed in: ruled or borderless tables, narrow label columns that wrap, numbers set at the top or
// the bottom of their cells, landscape pages, header rows repeated on each page, a page break inside table 3, big
// fonts, 2021's （六）其他处理 printed as one row. Returns the page and the truth a reader must return. Pure.
import { T3_COLUMNS, T4_BLOCKS, T4_COLUMNS } from '../domain/codebook.js';
import { rng, type ReportSpec } from './generate-report.js';
import { printedT3, t2Lines } from './render-forms.js';
import { overviewText } from './render-report.js';

export interface PrintStyle {
  ruled: boolean;
  /** Font size in points. */
  fontPt: number;
  /** Width of the label column in em (a narrow one wraps labels over several lines). */
  labelEm: number;
  landscape: boolean;
  /** Header rows in <thead> with display: table-header-group: Chromium repeats them on every page. */
  repeatHeader: boolean;
  /** A forced page break before this printed row of table 3 (index into its rows), or null. */
  breakAt: number | null;
  numbersAlign: 'top' | 'middle' | 'bottom';
  labelsAlign: 'top' | 'middle' | 'bottom';
  /** 2021: （六）其他处理 printed as one row with numbers (no 1./2./3. under it). */
  oneRowOther: boolean;
  /** Table 4's header printed one character per line (a narrow header cell), as some reports do. */
  stackedT4Header: boolean;
  /** Page numbers in the footer ("- 2 -"), printed by the browser in the bottom margin. */
  pageNumbers: boolean;
  /**
   * Table 3's labels in the national form's three label columns: 三、本年度办理结果 and each group caption in a cell
   * spanning its rows (a narrow first column prints it a character or two per line), the rows' labels beside them.
   */
  nested: boolean;
}

export interface PrintPage {
  html: string;
  style: PrintStyle;
  /** Every statutory cell the page prints. */
  truth: Record<string, number>;
}

const OTHER_ROWS = ['other_no_correction', 'other_unpaid_fee', 'other_misc'];

/** A style drawn from a seed, covering the layouts above in every combination over many seeds. */
export function printStyleFor(seed: number, template: '2019' | '2021'): PrintStyle {
  const r = rng(seed ^ 0x2545f491);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const rows = printedT3(template, false).length;
  return {
    ruled: r() < 0.5,
    fontPt: pick([9, 10.5, 12, 14, 16, 18]),
    labelEm: pick([4, 5, 7, 10, 16]),
    landscape: r() < 0.25,
    repeatHeader: r() < 0.4,
    breakAt: r() < 0.5 ? 3 + Math.floor(r() * (rows - 6)) : null,
    numbersAlign: pick(['top', 'middle', 'bottom'] as const),
    labelsAlign: pick(['top', 'middle', 'bottom'] as const),
    oneRowOther: template === '2021' && r() < 0.5,
    stackedT4Header: r() < 0.2,
    pageNumbers: r() < 0.3,
    nested: r() < 0.5,
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function renderPrintPage(spec: ReportSpec, style: PrintStyle): PrintPage {
  const f = spec.facts;
  const oneRow = style.oneRowOther && spec.template === '2021';
  const value = (id: string, col: string) =>
    oneRow && id === 'other_total' ? OTHER_ROWS.reduce((s, x) => s + f[`t3.${x}.${col}`]!, 0) : f[`t3.${id}.${col}`]!;
  const truth: Record<string, number> = {};
  for (const [k, v] of Object.entries(f)) if (/^t[234]\./.test(k)) truth[k] = v;
  if (oneRow) {
    for (const c of T3_COLUMNS) {
      truth[`t3.other_total.${c.id}`] = value('other_total', c.id);
      for (const x of OTHER_ROWS) delete truth[`t3.${x}.${c.id}`];
    }
  }
  const p = (t: string) => `<p>${esc(t)}</p>`;
  const row = (label: string, values: (number | string)[], extra = '') =>
    `<tr${extra}><td class="l">${esc(label)}</td>${values.map((v) => `<td class="n">${v}</td>`).join('')}</tr>`;
  const t3Rows = printedT3(spec.template, oneRow).map((r, i) => {
    const brk = style.breakAt === i ? ' style="break-before: page"' : '';
    return r.id
      ? row(
          r.text,
          T3_COLUMNS.map((c) => value(r.id!, c.id)),
          brk,
        )
      : `<tr${brk}><td class="l">${esc(r.text)}</td>${'<td class="n"></td>'.repeat(T3_COLUMNS.length)}</tr>`;
  });
  const t3Head = `<tr><td class="l" rowspan="3"${style.nested ? ' colspan="3"' : ''}>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td class="n" colspan="7">申请人情况</td></tr>
  <tr><td class="n" rowspan="2">自然人</td><td class="n" colspan="5">法人或其他组织</td><td class="n" rowspan="2">总计</td></tr>
  <tr><td class="n">商业企业</td><td class="n">科研机构</td><td class="n">社会公益组织</td><td class="n">法律服务机构</td><td class="n">其他</td></tr>`;
  const t3Body = style.nested ? nestedT3(spec.template, oneRow, style, (id) => T3_COLUMNS.map((c) => value(id, c.id))) : t3Rows;
  const stack = (t: string) => (style.stackedT4Header ? [...t].map(esc).join('<br>') : esc(t));
  const t4Head = `<tr><td class="n" colspan="5">行政复议</td><td class="n" colspan="10">行政诉讼</td></tr>
  <tr>${T4_COLUMNS.map((c) => `<td class="n" rowspan="2">${stack(c.label)}</td>`).join('')}<td class="n" colspan="5">未经复议直接起诉</td><td class="n" colspan="5">复议后起诉</td></tr>
  <tr>${[...T4_COLUMNS, ...T4_COLUMNS].map((c) => `<td class="n">${stack(c.label)}</td>`).join('')}</tr>`;
  const head = (rows: string) => (style.repeatHeader ? `<thead>${rows}</thead><tbody>` : `<tbody>${rows}`);
  const border = style.ruled ? '0.75pt solid #000' : 'none';
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>
  @page { size: A4 ${style.landscape ? 'landscape' : 'portrait'}; margin: 2cm; }
  body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: ${style.fontPt}pt; }
  table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
  thead { display: table-header-group; }
  td { border: ${border}; padding: 2pt 3pt; }
  td.l { width: ${style.labelEm}em; vertical-align: ${style.labelsAlign}; }
  td.n { vertical-align: ${style.numbersAlign}; text-align: center; }
  p { margin: 6pt 0; }
  </style></head><body>
  <p style="text-align:center">${esc(spec.agency)}</p><p style="text-align:center">${spec.year}年政府信息公开工作年度报告</p>
  ${p('一、总体情况')}${overviewText(spec).map(p).join('')}
  ${p('二、主动公开政府信息情况')}
  <table><tbody>
  ${t2Lines(spec)
    .map(
      (g) =>
        `<tr><td class="l" colspan="${g.header.length}">${g.caption}</td></tr><tr>${g.header.map((h, i) => (i === 0 ? `<td class="l">${h}</td>` : `<td class="n">${h}</td>`)).join('')}</tr>${g.rows
          .map((r) =>
            row(
              r.label,
              r.keys.map((k) => f[k]!),
            ),
          )
          .join('')}`,
    )
    .join('\n')}
  </tbody></table>
  ${p('三、收到和处理政府信息公开申请情况')}
  <table>${style.nested ? `<colgroup><col style="width:${Math.max(1.5, style.labelEm / 4)}em"><col style="width:${style.labelEm / 2}em"><col style="width:${style.labelEm}em"></colgroup>` : ''}${head(t3Head)}${t3Body.join('')}</tbody></table>
  ${p('四、政府信息公开行政复议、行政诉讼情况')}
  <table>${head(t4Head)}<tr>${T4_BLOCKS.flatMap((b) => T4_COLUMNS.map((c) => `<td class="n">${f[`t4.${b.id}.${c.id}`]}</td>`)).join('')}</tr></tbody></table>
  ${p('五、存在的主要问题及改进情况')}${p('一是信息公开的及时性有待提高；二是业务培训有待加强。')}
  ${p('六、其他需要报告的事项')}${p('无。')}${p(spec.agency)}${p(`${spec.year + 1}年1月20日`)}
  </body></html>`;
  return { html, style, truth };
}

/** Table 3's rows with the national form's nested label cells (see PrintStyle.nested). */
function nestedT3(template: '2019' | '2021', oneRow: boolean, style: PrintStyle, values: (id: string) => number[]): string[] {
  const printed = printedT3(template, oneRow);
  const data = printed.filter((r) => r.id !== null);
  const nums = (id: string) =>
    values(id)
      .map((v) => `<td class="n">${v}</td>`)
      .join('');
  const results = data.filter((r) => !['new_received', 'carried_over', 'carried_forward'].includes(r.id!)).length;
  const out: string[] = [];
  let caption: string | null = null;
  printed.forEach((r, i) => {
    if (r.kind === 'caption' && r.id === null) {
      if (r.text !== '三、本年度办理结果') caption = r.text;
      return;
    }
    const brk = style.breakAt === i ? ' style="break-before: page"' : '';
    let cells = '';
    if (r.id === 'granted') cells += `<td class="l" rowspan="${results}">三、本年度办理结果</td>`;
    if (r.id === 'new_received' || r.id === 'carried_over' || r.id === 'carried_forward') cells += `<td class="l" colspan="3">${esc(r.text)}</td>`;
    else if (caption !== null) {
      // The first row of a group carries the group's caption in a cell spanning the group.
      const group = printed.slice(i).findIndex((x) => x.kind === 'caption' || x.id === 'total');
      cells += `<td class="l" rowspan="${group === -1 ? 1 : group}">${esc(caption)}</td><td class="l">${esc(r.text)}</td>`;
      caption = null;
    } else if (r.kind === 'row' && /^\d/.test(r.text)) cells += `<td class="l">${esc(r.text)}</td>`;
    else cells += `<td class="l" colspan="2">${esc(r.text)}</td>`;
    out.push(`<tr${brk}>${cells}${nums(r.id!)}</tr>`);
  });
  return out;
}
