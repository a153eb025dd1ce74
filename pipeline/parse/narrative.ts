// Figures stated in the text: headline numbers of section 1 (n.*), the information-processing fee statement of
// section 6 (s6.*), and the headline statistics of pre-2019 reports (legacy.*), each with the span it came from.
// Every regex below matches Chinese report wording; the comment above it gives the phrase it is for.
import type { Block } from '../types.js';
import type { TemplateId } from '../../domain/values.js';
import type { Collector } from './collector.js';
import { norm, normText } from '../../domain/normalize.js';
import { isValueLike, readCell } from './read-cell.js';
import { detectHeading, type SectionId } from './sections.js';

interface Para {
  block: number;
  text: string;
  section: SectionId | null;
}

/** Words that put a figure in a wider scope than the agency's own tables: 全区, 含垂管部门, 各单位 … */
const WIDE_SCOPE = /全区|全县|全市|全镇|全乡|全省|全街道|含垂管|垂直管理|垂管部门|各单位|各部门|各公开机构|各机关|各街道|各乡镇|各镇街|区属/;

function scopeOf(text: string, index: number, length: number): 'own' | 'wide' {
  // The clause holding the figure: from the previous ，；。 to the next one, plus a parenthesis right after it.
  const before = text.slice(0, index);
  const start = Math.max(before.lastIndexOf('，'), before.lastIndexOf(','), before.lastIndexOf('；'), before.lastIndexOf(';'), before.lastIndexOf('。')) + 1;
  const after = text.slice(index + length);
  const stop = after.search(/[，,；;。]/);
  const clause = text.slice(start, index + length + (stop === -1 ? after.length : stop));
  return WIDE_SCOPE.test(clause) ? 'wide' : 'own';
}

function paragraphs(blocks: Block[]): Para[] {
  let section: SectionId | null = null;
  const out: Para[] = [];
  blocks.forEach((b, block) => {
    if (b.kind !== 'para') return;
    const h = detectHeading(b.text);
    if (h) section = h.section;
    out.push({ block, text: normText(b.text), section });
  });
  return out;
}

interface Match {
  value: number;
  raw: string;
  block: number;
  span: [number, number];
  scope: 'own' | 'wide';
}

function firstMatch(paras: Para[], res: RegExp[]): Match | null {
  for (const p of paras) {
    for (const re of res) {
      const m = new RegExp(re.source, re.flags.replace('g', '')).exec(p.text);
      if (!m) continue;
      const group = m.slice(1).findIndex((g) => g !== undefined);
      const num = m[group + 1]!;
      const v = readCell(num, 'count');
      if (v.value === null) continue;
      return { value: v.value, raw: m[0], block: p.block, span: [m.index, m.index + m[0].length], scope: scopeOf(p.text, m.index, m[0].length) };
    }
  }
  return null;
}

function put(out: Collector, key: string, m: Match | null): void {
  if (!m) return;
  out.value(key, m.value, m.raw, { block: m.block, span: m.span, scope: m.scope, method: 'text' });
}

/** Parts of a review/litigation statement: the text after the count up to the end of its sentence part. */
function readParts(out: Collector, paras: Para[], total: Match | null, prefix: 'n.review' | 'n.litigation', stopWord: RegExp): void {
  if (!total) return;
  const p = paras.find((x) => x.block === total.block)!;
  let tail = p.text.slice(total.span[1]);
  const end = tail.search(/[；;。]/);
  if (end !== -1) tail = tail.slice(0, end);
  const stop = tail.search(stopWord);
  if (stop !== -1) tail = tail.slice(0, stop);
  const base = total.span[1];
  const parts: [string, RegExp][] = [
    // 维持6件 / 结果维持12件
    ['upheld', /维持\s*(\d+)\s*件/],
    // 纠错4件 / 结果纠正4件
    ['corrected', /(?:纠错|纠正)\s*(\d+)\s*件/],
    // 其他结果2件
    ['other', /其他(?:结果)?\s*(\d+)\s*件/],
    // 其余3件尚在审理中 / 尚未审结1件 / 审理中2件
    ['pending', /(?:(\d+)\s*件\s*(?:尚在审理|尚未审结|正在审理|在审理)|尚未审结\s*(\d+)\s*件|审理中\s*(\d+)\s*件)/],
  ];
  for (const [part, re] of parts) {
    const m = re.exec(tail);
    if (!m) continue;
    const num = m.slice(1).find((g) => g !== undefined)!;
    out.value(`${prefix}_${part}`, Number(num), m[0], {
      block: total.block,
      span: [base + m.index, base + m.index + m[0].length],
      scope: total.scope,
      method: 'text',
    });
  }
}

/** 未受理/未发生…行政复议、行政诉讼 stated as none: zero, with the sentence as provenance. */
function zeroStatement(paras: Para[], subject: RegExp): Match | null {
  for (const p of paras) {
    const re = new RegExp(`(?:未|没有|无)(?:受理|发生|收到|产生|出现|涉及)?[^。；，,]{0,24}?(?:${subject.source})`);
    const m = re.exec(p.text);
    if (m) return { value: 0, raw: m[0], block: p.block, span: [m.index, m.index + m[0].length], scope: scopeOf(p.text, m.index, m[0].length) };
  }
  return null;
}

function readHeadlineFacts(paras: Para[], out: Collector): void {
  // 主动公开政府信息132条 / 主动公开信息数110条 / 依法主动公开政府信息149条
  put(out, 'n.proactive_items', firstMatch(paras, [/主动公开(?:政府)?信息(?:数)?\s*(?:共)?\s*(?:计)?\s*(\d+)\s*条/]));
  // 申请总数为19件 / 共受理申请758件 / 收到申请人提交政府信息公开申请7件
  put(
    out,
    'n.applications_received',
    firstMatch(paras, [/申请总数(?:为|是|共)?\s*(\d+)\s*件/, /(?:受理|收到|新收|接收)[^。；，,]{0,25}?申请\s*(?:共)?\s*(\d+)\s*件/]),
  );
  // 已答复17件 / 处理并答复7件 / 办结12件
  put(out, 'n.applications_closed', firstMatch(paras, [/(?:已|并|共|均已)?(?:答复|办结)(?:申请)?\s*(?:共)?\s*(\d+)\s*件/]));
  // 结转下年度办理3件 / 结转至2022年…2件
  put(
    out,
    'n.applications_carried_forward',
    firstMatch(paras, [/结转(?:至)?(?:下一?年度?|下年|\d{4}年)[^。；，,]{0,10}?(\d+)\s*件/, /(\d+)\s*件(?:申请)?结转(?:至)?下/]),
  );
  // 行政复议申请0件 / 引发行政复议共15件
  const review = firstMatch(paras, [/行政复议(?:申请|案件)?\s*(?:共)?\s*(\d+)\s*(?:件|起)/]) ?? zeroStatement(paras, /行政复议/);
  put(out, 'n.review_total', review);
  if (review && review.value > 0) readParts(out, paras, review, 'n.review', /行政诉讼/);
  // 行政诉讼案件0件 / 引发行政诉讼20件
  const litigation = firstMatch(paras, [/行政诉讼(?:案件)?\s*(?:共)?\s*(\d+)\s*(?:件|起)/]) ?? zeroStatement(paras, /行政诉讼/);
  put(out, 'n.litigation_total', litigation);
  if (litigation && litigation.value > 0) readParts(out, paras, litigation, 'n.litigation', /行政复议/);
}

function readFeeStatement(paras: Para[], out: Collector): void {
  const s6 = paras.filter((p) => p.section === 'other');
  const all = s6.length > 0 ? s6 : paras;
  // 发出收费通知的件数0件，总金额0元。实际收取的总金额0元
  for (const p of all) {
    const notices = /发出收费通知(?:的)?(?:件数)?\s*(?:为|共)?\s*(\d+)\s*件/.exec(p.text);
    if (!notices) continue;
    const after = p.text.slice(notices.index);
    const amount = /总金额\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*元/.exec(after);
    const collected = /实际收取(?:的)?(?:总金额|费用|金额)?\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*元/.exec(after);
    const at = (m: RegExpExecArray, offset: number): [number, number] => [offset + m.index, offset + m.index + m[0].length];
    out.value('s6.info_fee.notices', Number(notices[1]), notices[0], { block: p.block, span: at(notices, 0), method: 'text' });
    if (amount) out.value('s6.info_fee.notice_amount_yuan', Number(amount[1]), amount[0], { block: p.block, span: at(amount, notices.index), method: 'text' });
    if (collected)
      out.value('s6.info_fee.collected_yuan', Number(collected[1]), collected[0], { block: p.block, span: at(collected, notices.index), method: 'text' });
    return;
  }
  // 本单位未收取信息处理费 / 无: nothing charged, stated in words.
  for (const p of s6) {
    const nil = /(?:未|没有|不存在)(?:收取|发生|产生)?[^。]{0,10}?(?:信息处理费|收费)|^无[。.]?$/.exec(p.text);
    if (!nil || detectHeading(p.text)) continue;
    for (const key of ['s6.info_fee.notices', 's6.info_fee.notice_amount_yuan', 's6.info_fee.collected_yuan']) {
      out.value(key, 0, nil[0], { block: p.block, span: [nil.index, nil.index + nil[0].length], method: 'text' });
    }
    out.finding({
      rule: 's6.fee_stated_as_none',
      severity: 'info',
      message: `section 6 states no fee in words ("${nil[0]}"); the three fee figures are recorded as 0`,
      keys: ['s6.info_fee.notices', 's6.info_fee.notice_amount_yuan', 's6.info_fee.collected_yuan'],
    });
    return;
  }
  out.finding({
    rule: 's6.fee_statement_missing',
    severity: 'info',
    message: 'no information-processing fee statement (section 6 of the 2021 form)',
    keys: [],
  });
}

const LEGACY_TEXT: [string, RegExp][] = [
  // 主动公开政府信息1234条
  ['legacy.proactive_items', /主动公开(?:政府)?信息\s*(?:共)?\s*(\d+)\s*条/],
  // 主动公开规范性文件12件
  ['legacy.normative_docs', /主动公开(?:的)?规范性文件\s*(?:共)?\s*(\d+)\s*(?:件|条)/],
  // 收到政府信息公开申请45件 / 申请总数为45件
  ['legacy.applications_received', /(?:收到|受理)(?:政府信息公开)?申请\s*(?:共)?\s*(\d+)\s*件|申请总数\s*(?:为)?\s*(\d+)\s*件/],
  // 当面申请10件 / 传真申请1件 / 网络申请20件 / 信函申请5件 / 电子邮件申请3件
  ['legacy.applications_by_channel.in_person', /当面(?:申请|提出)\s*(\d+)\s*件/],
  ['legacy.applications_by_channel.fax', /传真(?:申请|方式)?\s*(\d+)\s*件/],
  ['legacy.applications_by_channel.online', /(?:网络|网上)(?:申请)?\s*(\d+)\s*件/],
  ['legacy.applications_by_channel.letter', /信函(?:申请)?\s*(\d+)\s*件/],
  ['legacy.applications_by_channel.email', /电子邮件(?:申请)?\s*(\d+)\s*件/],
  // 同意部分公开3件 (before 同意公开) / 同意公开30件 / 不同意公开2件 / 信息不存在5件 / 非本机关掌握4件
  ['legacy.replies.partial', /同意部分公开\s*(\d+)\s*件/],
  ['legacy.replies.granted', /(?<!不)同意公开\s*(\d+)\s*件/],
  ['legacy.replies.refused', /不(?:同意|予)公开\s*(\d+)\s*件/],
  ['legacy.replies.not_exist', /信息不存在\s*(\d+)\s*件/],
  ['legacy.replies.not_held', /(?:非本机关|不属于本(?:机关|行政机关))[^。，,；]{0,10}?(\d+)\s*件/],
  // 行政复议2件 / 行政诉讼1件 / 举报投诉0件
  ['legacy.review_total', /行政复议(?:申请|案件)?\s*(?:共)?\s*(\d+)\s*(?:件|起)/],
  ['legacy.litigation_total', /行政诉讼(?:案件)?\s*(?:共)?\s*(\d+)\s*(?:件|起)/],
  ['legacy.complaints', /(?:举报|投诉|申诉)(?:投诉)?\s*(\d+)\s*件/],
  // 专职人员3人 / 兼职人员12人 / 专项经费5万元
  ['legacy.staff_full_time', /专职(?:工作)?人员\s*(\d+)\s*(?:人|名)/],
  ['legacy.staff_part_time', /兼职(?:工作)?人员\s*(\d+)\s*(?:人|名)/],
];

/** Row labels of pre-2019 statistics tables (政府信息公开情况统计表) → legacy keys. */
const LEGACY_TABLE: [RegExp, string][] = [
  [/^主动公开政府信息数/, 'legacy.proactive_items'],
  [/主动公开规范性文件数/, 'legacy.normative_docs'],
  [/^收到申请数|^申请总数/, 'legacy.applications_received'],
  [/当面申请数/, 'legacy.applications_by_channel.in_person'],
  [/传真申请数/, 'legacy.applications_by_channel.fax'],
  [/网络申请数|网上申请数/, 'legacy.applications_by_channel.online'],
  [/信函申请数/, 'legacy.applications_by_channel.letter'],
  [/电子邮件申请数/, 'legacy.applications_by_channel.email'],
  [/^行政复议数/, 'legacy.review_total'],
  [/^行政诉讼数/, 'legacy.litigation_total'],
  [/举报投诉数/, 'legacy.complaints'],
];

function readLegacy(blocks: Block[], paras: Para[], out: Collector): void {
  blocks.forEach((b, block) => {
    if (b.kind !== 'table') return;
    b.rows.forEach((cells, row) => {
      // Labels carry numbering and 其中: in front: （一）主动公开政府信息数, 1.当面申请数, 其中:主动公开规范性文件数.
      const label = norm(cells[0] ?? '')
        .replace(/^(\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+[、.]|\d+[.、])/, '')
        .replace(/^其中[:：]?/, '');
      const hit = LEGACY_TABLE.find(([re]) => re.test(label));
      if (!hit) return;
      const values = cells
        .map((text, col) => ({ text, col }))
        .slice(1)
        .filter((c) => isValueLike(c.text));
      if (values.length !== 1) return;
      out.cell(hit[1], { block, row, col: values[0]!.col, text: values[0]!.text });
    });
  });
  for (const [key, re] of LEGACY_TEXT) put(out, key, firstMatch(paras, [re]));
  // 收取费用0.5万元 / 收取费用300元 / 未收取任何费用
  const fee = firstMatch(paras, [/收取[^。，,；]{0,10}?费用\s*(\d+(?:\.\d+)?)\s*万元/]);
  if (fee) put(out, 'legacy.fees_wan', fee);
  else {
    const yuan = firstMatch(paras, [/收取[^。，,；]{0,10}?费用\s*(\d+(?:\.\d+)?)\s*元/]);
    if (yuan) put(out, 'legacy.fees_yuan', yuan);
    else put(out, 'legacy.fees_wan', zeroStatement(paras, /任何费用|费用/));
  }
  put(out, 'legacy.budget_wan', firstMatch(paras, [/专项经费\s*(\d+(?:\.\d+)?)\s*万元/]));
  if (!out.has('legacy.review_total')) put(out, 'legacy.review_total', zeroStatement(paras, /行政复议/));
  if (!out.has('legacy.litigation_total')) put(out, 'legacy.litigation_total', zeroStatement(paras, /行政诉讼/));
}

export function readNarrative(blocks: Block[], template: TemplateId, out: Collector): void {
  const paras = paragraphs(blocks);
  if (template === 'pre2019') {
    readLegacy(blocks, paras, out);
    return;
  }
  readHeadlineFacts(paras, out);
  if (template === '2021') readFeeStatement(paras, out);
}
