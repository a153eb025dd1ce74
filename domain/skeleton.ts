// The statutory forms as data: for each template, the ordered slots of tables 2, 3 and 4 (rows, the group captions
// that carry no numbers, their printed numbering, widths, columns) and the identities between cells. The decoder
// fits documents to these slots; validation checks the same identity list. Vocabulary only: no reading here.
import { T3_COLUMNS, T3_ROWS, T3_SUBTOTAL_ROWS, T4_BLOCKS, T4_COLUMNS, t3Key, t4Key } from './codebook.js';
import type { TemplateId } from './values.js';

/** Printed numbering of a row: 一、 (cn), （一） (paren), 1. (arabic). */
export interface Numbering {
  kind: 'cn' | 'paren' | 'arabic';
  n: number;
}

export interface Slot {
  /** Row id of the key (t3.<id>.<col>); for a caption, the id its numbers are kept under when it carries some. */
  id: string;
  kind: 'row' | 'caption';
  /** Label variants after label normalisation (numbering stripped): the first is the form's own wording. */
  labels: string[];
  /** Substrings that only this slot's label has (domain/annual-report-format.md §7). */
  distinctive: RegExp | null;
  numbering: Numbering | null;
  width: number;
}

const cn = (n: number): Numbering => ({ kind: 'cn', n });
const paren = (n: number): Numbering => ({ kind: 'paren', n });
const arabic = (n: number): Numbering => ({ kind: 'arabic', n });

const row = (id: string, labels: string[], distinctive: RegExp | null, numbering: Numbering | null): Slot => ({
  id,
  kind: 'row',
  labels,
  distinctive,
  numbering,
  width: 7,
});
const caption = (id: string, labels: string[], distinctive: RegExp | null, numbering: Numbering | null): Slot => ({
  id,
  kind: 'caption',
  labels,
  distinctive,
  numbering,
  width: 7,
});

// Each regex below is a distinctive piece of one row's Chinese label (本年新收 = received this year …).
const T3_HEAD: Slot[] = [
  row('new_received', ['本年新收政府信息公开申请数量'], /本年新收/, cn(1)),
  row('carried_over', ['上年结转政府信息公开申请数量'], /上年结转/, cn(2)),
  caption('results', ['本年度办理结果'], /办理结果/, cn(3)),
  row('granted', ['予以公开'], /予以公开/, paren(1)),
  row('partial', ['部分公开区分处理的只计这一情形不计其他情形', '部分公开'], /部分公开/, paren(2)),
  caption('withheld_subtotal', ['不予公开'], /^不予公开$/, paren(3)),
  row('withheld_state_secret', ['属于国家秘密'], /国家秘密/, arabic(1)),
  row('withheld_law_prohibited', ['其他法律行政法规禁止公开', '其他法律法规禁止公开'], /禁止公开|法规禁/, arabic(2)),
  row('withheld_security_stability', ['危及三安全一稳定', '危及国家安全公共安全经济安全和社会稳定'], /三安全|一稳定/, arabic(3)),
  row('withheld_third_party', ['保护第三方合法权益'], /第三方/, arabic(4)),
  row('withheld_internal_affairs', ['属于三类内部事务信息'], /内部事务/, arabic(5)),
  row('withheld_process_info', ['属于四类过程性信息'], /过程性/, arabic(6)),
  row('withheld_enforcement_file', ['属于行政执法案卷'], /执法案卷/, arabic(7)),
  row('withheld_admin_query', ['属于行政查询事项'], /行政查询/, arabic(8)),
  caption('unable_subtotal', ['无法提供'], /^无法提供$/, paren(4)),
  row('unable_not_held', ['本机关不掌握相关政府信息'], /不掌握/, arabic(1)),
  row('unable_needs_creation', ['没有现成信息需要另行制作'], /另行制作|现成信息/, arabic(2)),
  row('unable_unclear', ['补正后申请内容仍不明确'], /不明确/, arabic(3)),
  caption('rejected_subtotal', ['不予处理'], /^不予处理$/, paren(5)),
  row('rejected_petition', ['信访举报投诉类申请'], /信访|举报投诉/, arabic(1)),
  row('rejected_repeat', ['重复申请'], /^重复申请$/, arabic(2)),
  row('rejected_publication', ['要求提供公开出版物'], /出版物/, arabic(3)),
  row('rejected_mass_repeat', ['无正当理由大量反复申请'], /大量反复/, arabic(4)),
  row('rejected_confirm_reissue', ['要求行政机关确认或重新出具已获取信息'], /重新出具|确认或/, arabic(5)),
];
const T3_TAIL: Slot[] = [row('total', ['总计', '合计'], null, paren(7)), row('carried_forward', ['结转下年度继续办理', '结转下年度办理'], /结转下年度/, cn(4))];

/** （六）其他处理 as one row (2019, and 2021 reports that print it so) or as a caption over three rows (2021). */
const OTHER_ONE_ROW = row('other_total', ['其他处理'], /^其他处理$/, paren(6));
const OTHER_THREE: Slot[] = [
  caption('other_total', ['其他处理'], /^其他处理$/, paren(6)),
  row('other_no_correction', ['申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请'], /不补正/, arabic(1)),
  row('other_unpaid_fee', ['申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请'], /缴纳费用|收费通知/, arabic(2)),
  row('other_misc', ['其他'], null, arabic(3)),
];

export type T3Variant = '2019' | '2021' | '2021-one-row';

/** Table 3's slots in printed order for a template (2021 reports that print （六） as one row use '2021-one-row'). */
export function t3Slots(variant: T3Variant): Slot[] {
  return [...T3_HEAD, ...(variant === '2021' ? OTHER_THREE : [OTHER_ONE_ROW]), ...T3_TAIL];
}

export const T3_WIDTH = T3_COLUMNS.length;
export const T4_WIDTH = T4_BLOCKS.length * T4_COLUMNS.length;

// ---------------------------------------------------------------- identities

export interface Identity {
  /** The validation rule that reports a failure of this identity. */
  rule: 't3.row_sum' | 't3.balance' | 't3.outcomes' | 't3.subtotal' | 't4.block_sum';
  /** Where the identity holds, for messages: "row 总计", "column 自然人". */
  where: string;
  left: string[];
  right: string[];
}

const PARTS = T3_COLUMNS.filter((c) => c.id !== 'total');
const GROUP_OF_SUBTOTAL: Record<string, string> = {
  withheld_subtotal: 'withheld',
  unable_subtotal: 'unable',
  rejected_subtotal: 'rejected',
  other_total: 'other',
};

/**
 * Every identity of table 3 and table 4 for a template. `has` tells which keys the report has, so that a 2021 report
 * printing （六） as one row sums its outcomes over that row; subtotal rows are checked when present.
 */
export function identities(template: TemplateId, has: (key: string) => boolean = () => true): Identity[] {
  const threeOther = template === '2021' && (has(t3Key('other_no_correction', 'total')) || !has(t3Key('other_total', 'total')));
  const subtotals = Object.keys(GROUP_OF_SUBTOTAL).filter((sub) => has(t3Key(sub, 'total')));
  const id = `${template}|${threeOther}|${subtotals.join(',')}`;
  let list = cache.get(id);
  if (!list) {
    list = buildIdentities(template, threeOther, new Set(subtotals));
    cache.set(id, list);
  }
  return list;
}

/** The lists are the same for every report of one shape: built once. */
const cache = new Map<string, Identity[]>();

function buildIdentities(template: TemplateId, threeOther: boolean, subtotals: Set<string>): Identity[] {
  const out: Identity[] = [];
  for (const r of [...T3_ROWS, ...T3_SUBTOTAL_ROWS]) {
    out.push({ rule: 't3.row_sum', where: `row ${r.label}`, left: PARTS.map((c) => t3Key(r.id, c.id)), right: [t3Key(r.id, 'total')] });
  }
  for (const c of T3_COLUMNS) {
    out.push({
      rule: 't3.balance',
      where: `column ${c.label}`,
      left: [t3Key('new_received', c.id), t3Key('carried_over', c.id)],
      right: [t3Key('total', c.id), t3Key('carried_forward', c.id)],
    });
  }
  if (template === '2019' || template === '2021') {
    const outcomeRows = T3_ROWS.filter(
      (r) =>
        (r.id === 'granted' || r.id === 'partial' || r.group !== undefined) &&
        (threeOther ? r.id !== 'other_total' : !['other_no_correction', 'other_unpaid_fee', 'other_misc'].includes(r.id)),
    );
    for (const c of T3_COLUMNS) {
      out.push({ rule: 't3.outcomes', where: `column ${c.label}`, left: [t3Key('total', c.id)], right: outcomeRows.map((r) => t3Key(r.id, c.id)) });
    }
    // A subtotal printed on a caption row equals its group's rows (homemade forms; 2021 （六） with numbers and sub-rows).
    for (const [sub, group] of Object.entries(GROUP_OF_SUBTOTAL)) {
      if ((sub === 'other_total' && !threeOther) || !subtotals.has(sub)) continue;
      const members = T3_ROWS.filter((r) => r.group === group && r.id !== 'other_total');
      for (const c of T3_COLUMNS) {
        out.push({ rule: 't3.subtotal', where: `${sub} column ${c.label}`, left: [t3Key(sub, c.id)], right: members.map((r) => t3Key(r.id, c.id)) });
      }
    }
  }
  for (const b of T4_BLOCKS) {
    out.push({
      rule: 't4.block_sum',
      where: b.label,
      left: ['upheld', 'corrected', 'other', 'pending'].map((c) => t4Key(b.id, c)),
      right: [t4Key(b.id, 'total')],
    });
  }
  return out;
}
