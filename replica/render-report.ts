// Renders a ReportSpec the ways real sites publish reports: Word-exported HTML with merged cells (optionally a
// table split in two, label variants, site chrome), and flattened text (one cell per line, or tab-separated rows).
import { T2_ROWS, T3_COLUMNS, T3_ROWS, T4_BLOCKS, T4_COLUMNS } from '../domain/codebook.js';
import type { ReportSpec } from './generate-report.js';

export interface HtmlOptions {
  /** 'word': MsoNormal paragraphs and spans; 'plain': bare cells. */
  style?: 'word' | 'plain';
  /** Split table 3 into two tables after this many data rows (a page break in Word); the second has no header. */
  splitT3After?: number;
  /** Use 合计 for 总计 and 法人或者其他组织, half-width brackets: label variants seen on real sites. */
  variants?: boolean;
  /** Wrap the article in a TRS-like page with navigation, a metadata table and a footer. */
  chrome?: boolean;
  /** Extra column after 总计 (a homemade 备注 column). */
  extraColumn?: boolean;
  /** Cells to print blank (keys), as Shanghai 2019 did for many zeros. */
  blank?: string[];
  /** Cells to print as a different text (keys → text), e.g. '1,234' or '５'. */
  text?: Record<string, string>;
  /** Each statutory table as a picture with this src (a scanned page of it) instead of a table. */
  tableImages?: Record<2 | 3 | 4, string>;
  /** Charset to declare in <meta>; the caller encodes the bytes. */
  charset?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function parenVariant(s: string, variants: boolean): string {
  return variants ? s.replace(/（/g, '(').replace(/）/g, ')') : s;
}

/** The text of section 1: figures that agree with the tables. */
export function overviewText(spec: ReportSpec): string[] {
  const f = spec.facts;
  const lit = (f['t4.litigation_direct.total'] ?? 0) + (f['t4.litigation_after_review.total'] ?? 0);
  const proactive = 100 + ((f['t2.penalty.decisions'] ?? 0) % 900);
  return [
    `${spec.year}年，${short(spec.agency)}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全面推进政务公开工作。`,
    `（一）主动公开。全年主动公开政府信息${proactive}条，及时更新政府信息公开专栏。`,
    `（二）依申请公开。全年收到政府信息公开申请${f['t3.new_received.total']}件，已答复${f['t3.total.total']}件，结转下年度办理${f['t3.carried_forward.total']}件。`,
    `（三）政府信息管理。健全信息发布审核机制，严格落实保密审查。`,
    `（四）监督保障。全年因政府信息公开被申请行政复议${f['t4.review.total']}件，提起行政诉讼${lit}件。`,
  ];
}

function short(agency: string): string {
  return agency.replace(/^北京市[^区]+区/, '').replace(/人民政府$/, '') || agency;
}

function cell(text: string | number, attrs = '', style: 'word' | 'plain' = 'plain'): string {
  const t = esc(String(text));
  if (style === 'word')
    return `<td${attrs} valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-family:仿宋_GB2312">${t || '&nbsp;'}</span></p></td>`;
  return `<td${attrs}>${t}</td>`;
}

function value(spec: ReportSpec, key: string, o: HtmlOptions): string {
  if (o.blank?.includes(key)) return '';
  if (o.text?.[key] !== undefined) return o.text[key]!;
  const v = spec.facts[key];
  return v === undefined ? '' : String(v);
}

/** Table 2's groups (the item of art. 20 and its rows) on each form. */
export function t2Groups(template: '2019' | '2021'): [string, string[]][] {
  return template === '2021'
    ? [
        ['（一）', ['regulations', 'normative_docs']],
        ['（五）', ['licensing']],
        ['（六）', ['penalty', 'coercion']],
        ['（八）', ['admin_fees']],
      ]
    : [
        ['（一）', ['regulations', 'normative_docs']],
        ['（五）', ['licensing', 'other_services']],
        ['（六）', ['penalty', 'coercion']],
        ['（八）', ['admin_fees']],
        ['（九）', ['procurement']],
      ];
}

export function table2Html(spec: ReportSpec, o: HtmlOptions): string {
  const st = o.style ?? 'plain';
  const groups = t2Groups(spec.template);
  const rows: string[] = [];
  for (const [n, rowIds] of groups) {
    rows.push(`<tr>${cell(`第二十条第${parenVariant(n, Boolean(o.variants))}项`, ' colspan="4"', st)}</tr>`);
    const def = T2_ROWS.find((r) => r.id === rowIds[0])!;
    const cols = def.columns[spec.template]!;
    const header = cols.map(([, label], i) => {
      const text = label === '本年收费金额（万元）' ? '本年收费金额（单位：万元）' : label === '采购总金额（万元）' ? '采购总金额（万元）' : label;
      return cell(text, i === cols.length - 1 && cols.length < 3 ? ` colspan="${4 - cols.length}"` : '', st);
    });
    rows.push(`<tr>${cell('信息内容', '', st)}${header.join('')}</tr>`);
    for (const id of rowIds) {
      const row = T2_ROWS.find((r) => r.id === id)!;
      const label = spec.template === '2021' && id === 'normative_docs' ? '行政规范性文件' : id === 'normative_docs' ? '规范性文件' : row.label;
      const vals = cols.map(([col], i) =>
        cell(value(spec, `t2.${id}.${col}`, o), i === cols.length - 1 && cols.length < 3 ? ` colspan="${4 - cols.length}"` : '', st),
      );
      rows.push(`<tr>${cell(label, '', st)}${vals.join('')}</tr>`);
    }
  }
  return `<table border="1" cellspacing="0" cellpadding="0" width="100%" class="MsoNormalTable">${rows.join('\n')}</table>`;
}

export function table3Rows(spec: ReportSpec, o: HtmlOptions): { header: string[]; body: string[] } {
  const st = o.style ?? 'plain';
  const v = Boolean(o.variants);
  const total = v ? '合计' : '总计';
  const extra = o.extraColumn ? 1 : 0;
  const header = [
    `<tr>${cell('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', ' colspan="3" rowspan="3"', st)}${cell('申请人情况', ` colspan="${7 + extra}"`, st)}</tr>`,
    `<tr>${cell('自然人', ' rowspan="2"', st)}${cell(v ? '法人或者其他组织' : '法人或其他组织', ' colspan="5"', st)}${cell(total, ' rowspan="2"', st)}${extra ? cell('备注', ' rowspan="2"', st) : ''}</tr>`,
    `<tr>${['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((c) => cell(c, '', st)).join('')}</tr>`,
  ];
  const rows = T3_ROWS.filter((r) => r.templates.includes(spec.template));
  const valueCells = (id: string) => T3_COLUMNS.map((c) => cell(value(spec, `t3.${id}.${c.id}`, o), '', st)).join('') + (extra ? cell('', '', st) : '');
  const outcomeCount = rows.filter((r) => r.id !== 'new_received' && r.id !== 'carried_over' && r.id !== 'carried_forward').length;
  const body: string[] = [];
  const groupSize = { withheld: 8, unable: 3, rejected: 5, other: 3 } as const;
  const groupLabel = { withheld: '（三）不予公开', unable: '（四）无法提供', rejected: '（五）不予处理', other: '（六）其他处理' } as const;
  for (const r of rows) {
    const label = parenVariant(r.label.replace(/^三、|^（[三四五六]）\S+ /, ''), v);
    if (r.id === 'new_received' || r.id === 'carried_over' || r.id === 'carried_forward') {
      body.push(`<tr>${cell(label, ' colspan="3"', st)}${valueCells(r.id)}</tr>`);
      continue;
    }
    const first = r.id === 'granted' ? cell('三、本年度办理结果', ` rowspan="${outcomeCount}"`, st) : '';
    if (r.group && r.id !== 'other_total') {
      const isFirst = rows.find((x) => x.group === r.group) === r;
      const g = isFirst ? cell(parenVariant(groupLabel[r.group], v), ` rowspan="${groupSize[r.group]}"`, st) : '';
      body.push(`<tr>${first}${g}${cell(label, '', st)}${valueCells(r.id)}</tr>`);
    } else {
      const l = r.id === 'total' ? `（七）${total}` : r.id === 'other_total' ? parenVariant('（六）其他处理', v) : label;
      body.push(`<tr>${first}${cell(parenVariant(l, v), ' colspan="2"', st)}${valueCells(r.id)}</tr>`);
    }
  }
  return { header, body };
}

export function table3Html(spec: ReportSpec, o: HtmlOptions): string {
  const { header, body } = table3Rows(spec, o);
  const open = '<table border="1" cellspacing="0" cellpadding="0" width="100%" class="MsoNormalTable">';
  if (o.splitT3After !== undefined) {
    // The second part repeats no header; the rowspan of 三 is cut at the page break as Word does.
    const firstPart = body
      .slice(0, o.splitT3After)
      .map((r) => r.replace(/rowspan="(\d+)"/, (_, n: string) => `rowspan="${Math.min(Number(n), o.splitT3After! - 2)}"`));
    return `${open}${header.join('\n')}${firstPart.join('\n')}</table>\n<p class="MsoNormal">&nbsp;</p>\n${open}${body.slice(o.splitT3After).join('\n')}</table>`;
  }
  return `${open}${header.join('\n')}${body.join('\n')}</table>`;
}

export function table4Html(spec: ReportSpec, o: HtmlOptions): string {
  const st = o.style ?? 'plain';
  const subs = T4_COLUMNS.map((c) => c.label);
  const rows = [
    `<tr>${cell('行政复议', ' colspan="5"', st)}${cell('行政诉讼', ' colspan="10"', st)}</tr>`,
    `<tr>${subs.map((s) => cell(s, ' rowspan="2"', st)).join('')}${cell('未经复议直接起诉', ' colspan="5"', st)}${cell('复议后起诉', ' colspan="5"', st)}</tr>`,
    `<tr>${[...subs, ...subs].map((s) => cell(s, '', st)).join('')}</tr>`,
    `<tr>${T4_BLOCKS.flatMap((b) => T4_COLUMNS.map((c) => cell(value(spec, `t4.${b.id}.${c.id}`, o), '', st))).join('')}</tr>`,
  ];
  return `<table border="1" cellspacing="0" cellpadding="0" width="100%" class="MsoNormalTable">${rows.join('\n')}</table>`;
}

function feeSentence(spec: ReportSpec): string {
  const f = spec.facts;
  return `本单位依据《政府信息公开信息处理费管理办法》收取信息处理费，${spec.year}年发出收费通知的件数${f['s6.info_fee.notices']}件，总金额${f['s6.info_fee.notice_amount_yuan']}元，实际收取的总金额${f['s6.info_fee.collected_yuan']}元。`;
}

function signature(spec: ReportSpec): string[] {
  const [y, m, d] = spec.publishedAt.split('-').map(Number);
  return [spec.agency, `${y}年${m}月${d}日`];
}

export function renderHtml(spec: ReportSpec, o: HtmlOptions = {}): string {
  const st = o.style ?? 'word';
  const opts = { ...o, style: st };
  const p = (t: string, center = false) =>
    st === 'word'
      ? `<p class="MsoNormal"${center ? ' align="center" style="text-align:center"' : ''}><span style="font-family:仿宋_GB2312;font-size:16.0pt">${esc(t)}</span></p>`
      : `<p${center ? ' style="text-align:center"' : ''}>${esc(t)}</p>`;
  const tables = (n: 2 | 3 | 4) => {
    if (o.tableImages) return `<p><img src="${esc(o.tableImages[n])}" alt=""></p>`;
    return n === 2 ? table2Html(spec, opts) : n === 3 ? table3Html(spec, opts) : table4Html(spec, opts);
  };
  const body = [
    p(spec.agency, true),
    p(`${spec.year}年政府信息公开工作年度报告`, true),
    p(
      `依据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定，编制本报告。本报告中所列数据的统计期限自${spec.year}年1月1日起至${spec.year}年12月31日止。`,
    ),
    p('一、总体情况'),
    ...overviewText(spec).map((t) => p(t)),
    p('二、主动公开政府信息情况'),
    tables(2),
    p('三、收到和处理政府信息公开申请情况'),
    tables(3),
    p('四、政府信息公开行政复议、行政诉讼情况'),
    tables(4),
    p(spec.template === '2021' ? '五、存在的主要问题及改进情况' : '五、政府信息公开工作存在的主要问题及改进情况'),
    p('一是信息公开的及时性有待提高；二是业务培训有待加强。下一步将加强队伍建设，提升公开质效。'),
    p('六、其他需要报告的事项'),
    p(spec.template === '2021' ? feeSentence(spec) : '无。'),
    ...signature(spec).map((t) => p(t)),
  ].join('\n');
  const charset = o.charset ?? 'utf-8';
  const title = `${spec.agency}${spec.year}年政府信息公开工作年度报告`;
  if (!o.chrome) {
    return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"><title>${esc(title)}</title></head><body>\n<div class="WordSection1">\n${body}\n</div></body></html>\n`;
  }
  return `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}">
<meta name="ArticleTitle" content="${esc(title)}"><meta name="PubDate" content="${spec.publishedAt} 09:30">
<meta name="ContentSource" content="${esc(spec.agency)}"><title>${esc(title)}_政府信息公开年报</title></head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwgk/zfxxgk/">政府信息公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
<table class="xxgk-info"><tr><td>索引号</td><td>11110000-${spec.year + 1}-000012</td><td>主题分类</td><td>综合政务</td></tr>
<tr><td>发布机构</td><td>${esc(spec.agency)}</td><td>成文日期</td><td>${spec.publishedAt}</td></tr>
<tr><td>名称</td><td colspan="3">${esc(title)}</td></tr></table>
<div class="TRS_Editor">
${body}
</div>
<div class="footer"><p>主办：${esc(spec.agency)}　网站标识码：1101120001　京ICP备05000000号</p><p><a href="/sitemap/">网站地图</a> <a href="/contact/">联系我们</a></p></div>
</body></html>
`;
}

/** Flattened text: 'cells' = one cell per line with a leading tab and blank lines between rows (Word → text); 'tabs' = tab-separated rows. */
export function renderText(spec: ReportSpec, layout: 'cells' | 'tabs'): string {
  const lines: string[] = [spec.agency, '', `${spec.year}年政府信息公开工作年度报告`, ''];
  lines.push(
    `依据《中华人民共和国政府信息公开条例》第五十条规定，编制本报告。本报告中所列数据的统计期限自${spec.year}年1月1日起至${spec.year}年12月31日止。`,
    '',
  );
  lines.push('一、总体情况', '', ...overviewText(spec).flatMap((t) => [t, '']));
  const grid = (html: string): string[][] => htmlGrid(html);
  const emit = (rows: string[][]) => {
    if (layout === 'tabs') {
      for (const r of rows) lines.push(r.join('\t'));
      lines.push('');
    } else {
      for (const r of rows) {
        for (const c of r) lines.push(`\t${c}`);
        lines.push('');
      }
      lines.push('');
    }
  };
  lines.push('二、主动公开政府信息情况', '');
  emit(grid(table2Html(spec, { style: 'plain' })));
  lines.push('三、收到和处理政府信息公开申请情况', '');
  emit(grid(table3Html(spec, { style: 'plain' })));
  lines.push('四、政府信息公开行政复议、行政诉讼情况', '');
  emit(grid(table4Html(spec, { style: 'plain' })));
  lines.push('五、存在的主要问题及改进情况', '', '一是信息公开的及时性有待提高；二是业务培训有待加强。', '');
  lines.push('六、其他需要报告的事项', '', spec.template === '2021' ? feeSentence(spec) : '无。', '');
  lines.push(...signature(spec));
  return `${lines.join('\n')}\n`;
}

/**
 * Flattens an HTML table the way Word's "save as text" does: a merged cell's text once, in its first position,
 * and an empty cell in the positions it covers below (the "spacer" cells of the seeds).
 */
function htmlGrid(html: string): string[][] {
  const out: string[][] = [];
  const occupied: boolean[][] = [];
  const rows = html.split(/<tr>/).slice(1);
  rows.forEach((tr, r) => {
    out[r] ??= [];
    occupied[r] ??= [];
    let c = 0;
    for (const m of tr.matchAll(/<td([^>]*)>(.*?)<\/td>/g)) {
      while (occupied[r]![c]) {
        out[r]![c] = out[r]![c] ?? '';
        c++;
      }
      const rs = Number(/rowspan="(\d+)"/.exec(m[1]!)?.[1] ?? 1);
      const cs = Number(/colspan="(\d+)"/.exec(m[1]!)?.[1] ?? 1);
      const text = m[2]!
        .replace(/<[^>]+>/g, '')
        .replace(/&nbsp;/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>');
      out[r]![c] = text;
      for (let dr = 0; dr < rs; dr++) {
        occupied[r + dr] ??= [];
        for (let dc = 0; dc < cs; dc++) occupied[r + dr]![c + dc] = true;
      }
      // Word keeps one cell per merged cell in its first row; covered positions of later rows become spacers.
      for (let dr = 1; dr < rs; dr++) {
        out[r + dr] ??= [];
        out[r + dr]![c] = '';
      }
      c += cs;
    }
  });
  return out.map((row) => row.filter((x) => x !== undefined));
}
