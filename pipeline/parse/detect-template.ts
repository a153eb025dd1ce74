// Decides the template of a report from what the document contains (table headers, rows, headings); the year
// only breaks a tie or decides when there are no tables (see domain/annual-report-format.md §1.3).
import type { Block } from '../types.js';
import type { TemplateId } from '../../domain/values.js';
import { norm } from '../../domain/normalize.js';

export interface TemplateDecision {
  template: TemplateId;
  /** 'tables' when headers or rows decided, 'headings' for pre-2019 wording, 'year' when only the year did. */
  basis: 'tables' | 'headings' | 'year' | 'none';
  evidence: string[];
}

const EVIDENCE_2021: [RegExp, string][] = [
  [/本年制发件数/, '本年制发件数'],
  [/本年废止件数/, '本年废止件数'],
  [/现行有效件数/, '现行有效件数'],
  [/本年收费金额/, '本年收费金额'],
  [/逾期不补正/, '（六）1.逾期不补正'],
  [/逾期未按收费通知/, '（六）2.收费通知'],
];
const EVIDENCE_2019: [RegExp, string][] = [
  [/本年新制作数量/, '本年新制作数量'],
  [/本年新公开数量/, '本年新公开数量'],
  [/对外公开总数量/, '对外公开总数量'],
  [/上一年项目数量/, '上一年项目数量'],
  [/本年增\/?减/, '本年增/减'],
  [/第二十条第\(?九\)?项/, '第二十条第（九）项'],
  [/采购项目数量/, '采购项目数量'],
];
const EVIDENCE_PRE2019: [RegExp, string][] = [
  [/收费及减免/, '收费及减免'],
  [/(当面|传真|信函)申请/, '申请方式'],
  [/申请总数|收到申请数/, '收到申请数'],
  [/主动公开政府信息数/, '主动公开政府信息数'],
];

export function detectTemplate(blocks: Block[], year: number | null): TemplateDecision {
  // Normalised once joined: '|' neither composes nor is whitespace, so norm of the joined text is the join of each
  // piece's norm, at one call per document rather than one per cell.
  const tableText = norm(blocks.flatMap((b) => (b.kind === 'table' ? b.rows.flat() : [])).join('|'));
  const allText = `${norm(blocks.map((b) => (b.kind === 'para' ? b.text : '')).join('|'))}|${tableText}`;
  const hits = (list: [RegExp, string][], text: string) => list.filter(([re]) => re.test(text)).map(([, label]) => label);
  // Tables that reach us as text (a PDF text layer, converted or flattened pages) give their headers in paragraphs.
  const evidenceText = /本年新收|第二十条/.test(tableText) ? tableText : allText;
  const e2021 = hits(EVIDENCE_2021, evidenceText);
  const e2019 = hits(EVIDENCE_2019, evidenceText);
  if (e2021.length > e2019.length) return { template: '2021', basis: 'tables', evidence: e2021 };
  if (e2019.length > e2021.length) return { template: '2019', basis: 'tables', evidence: e2019 };
  const hasNewTables = /本年新收/.test(tableText) && /结转下年度/.test(tableText);
  if (hasNewTables) {
    // Table 3 without table 2: 2021 and 2019 differ only in row （六）.
    const t = year !== null && year <= 2020 ? '2019' : '2021';
    return { template: t, basis: 'tables', evidence: ['本年新收 / 结转下年度'] };
  }
  const ePre = hits(EVIDENCE_PRE2019, allText);
  if (year !== null && year < 2019) return { template: 'pre2019', basis: ePre.length ? 'headings' : 'year', evidence: ePre };
  if (year !== null && year >= 2021) return { template: '2021', basis: 'year', evidence: [] };
  if (year !== null && year >= 2019) return { template: '2019', basis: 'year', evidence: [] };
  if (ePre.length >= 2) return { template: 'pre2019', basis: 'headings', evidence: ePre };
  return { template: 'unknown', basis: 'none', evidence: [] };
}
