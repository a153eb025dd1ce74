// The canonical fact keys: one entry per statutory cell and narrative figure, with its Chinese label, table and row,
// the templates that have it, and its unit. The parser, the validator, the database views and the codebook read this.
import type { TemplateId } from './values.js';

export type KeyUnit = '件' | '条' | '万元' | '元' | '人' | '个' | '次';
/** count: integer ≥ 0; signed: integer, may be negative (2019 本年增/减); amount: decimal ≥ 0. */
export type KeyType = 'count' | 'signed' | 'amount';

export interface KeyDef {
  key: string;
  /** 't2' | 't3' | 't4' | 's6' | 'n' | 'legacy' */
  table: 't2' | 't3' | 't4' | 's6' | 'n' | 'legacy';
  /** Chinese label as on the form: row / column. */
  label: string;
  description: string;
  templates: TemplateId[];
  unit: KeyUnit;
  type: KeyType;
  /** Where the cell sits on the form, for the codebook ("table 3, row 一, column 自然人"). */
  position: string;
  /** True for rows only some local forms have (Beijing's 行政检查/行政确认 in 2019 table 2). */
  local?: boolean;
}

const BOTH: TemplateId[] = ['2019', '2021'];

// ---------------------------------------------------------------- table 3
export interface ColumnDef {
  id: string;
  label: string;
  en: string;
}

export const T3_COLUMNS: ColumnDef[] = [
  { id: 'natural_person', label: '自然人', en: 'natural persons' },
  { id: 'org_commercial', label: '法人或其他组织/商业企业', en: 'commercial enterprises' },
  { id: 'org_research', label: '法人或其他组织/科研机构', en: 'research institutions' },
  { id: 'org_public_interest', label: '法人或其他组织/社会公益组织', en: 'public-interest organisations' },
  { id: 'org_legal_service', label: '法人或其他组织/法律服务机构', en: 'legal service providers' },
  { id: 'org_other', label: '法人或其他组织/其他', en: 'other legal persons or organisations' },
  { id: 'total', label: '总计', en: 'all applicants' },
];

export interface T3RowDef {
  id: string;
  label: string;
  en: string;
  templates: TemplateId[];
  /** Outcome group: withheld (三), unable (四), rejected (五), other (六). */
  group?: 'withheld' | 'unable' | 'rejected' | 'other';
}

export const T3_ROWS: T3RowDef[] = [
  { id: 'new_received', label: '一、本年新收政府信息公开申请数量', en: 'applications received this year', templates: BOTH },
  { id: 'carried_over', label: '二、上年结转政府信息公开申请数量', en: 'applications carried over from last year', templates: BOTH },
  { id: 'granted', label: '三、（一）予以公开', en: 'outcome: disclosed', templates: BOTH },
  { id: 'partial', label: '三、（二）部分公开', en: 'outcome: partly disclosed', templates: BOTH },
  { id: 'withheld_state_secret', label: '（三）不予公开 1.属于国家秘密', en: 'withheld: state secret', templates: BOTH, group: 'withheld' },
  {
    id: 'withheld_law_prohibited',
    label: '（三）不予公开 2.其他法律行政法规禁止公开',
    en: 'withheld: prohibited by other laws',
    templates: BOTH,
    group: 'withheld',
  },
  {
    id: 'withheld_security_stability',
    label: '（三）不予公开 3.危及“三安全一稳定”',
    en: 'withheld: endangers security or stability',
    templates: BOTH,
    group: 'withheld',
  },
  { id: 'withheld_third_party', label: '（三）不予公开 4.保护第三方合法权益', en: 'withheld: third-party rights', templates: BOTH, group: 'withheld' },
  { id: 'withheld_internal_affairs', label: '（三）不予公开 5.属于三类内部事务信息', en: 'withheld: internal affairs', templates: BOTH, group: 'withheld' },
  { id: 'withheld_process_info', label: '（三）不予公开 6.属于四类过程性信息', en: 'withheld: process information', templates: BOTH, group: 'withheld' },
  { id: 'withheld_enforcement_file', label: '（三）不予公开 7.属于行政执法案卷', en: 'withheld: enforcement case file', templates: BOTH, group: 'withheld' },
  { id: 'withheld_admin_query', label: '（三）不予公开 8.属于行政查询事项', en: 'withheld: administrative query matter', templates: BOTH, group: 'withheld' },
  { id: 'unable_not_held', label: '（四）无法提供 1.本机关不掌握相关政府信息', en: 'cannot provide: not held', templates: BOTH, group: 'unable' },
  {
    id: 'unable_needs_creation',
    label: '（四）无法提供 2.没有现成信息需要另行制作',
    en: 'cannot provide: would have to be created',
    templates: BOTH,
    group: 'unable',
  },
  {
    id: 'unable_unclear',
    label: '（四）无法提供 3.补正后申请内容仍不明确',
    en: 'cannot provide: still unclear after correction',
    templates: BOTH,
    group: 'unable',
  },
  { id: 'rejected_petition', label: '（五）不予处理 1.信访举报投诉类申请', en: 'not processed: petitions and complaints', templates: BOTH, group: 'rejected' },
  { id: 'rejected_repeat', label: '（五）不予处理 2.重复申请', en: 'not processed: repeated application', templates: BOTH, group: 'rejected' },
  { id: 'rejected_publication', label: '（五）不予处理 3.要求提供公开出版物', en: 'not processed: asks for publications', templates: BOTH, group: 'rejected' },
  {
    id: 'rejected_mass_repeat',
    label: '（五）不予处理 4.无正当理由大量反复申请',
    en: 'not processed: mass repeated applications',
    templates: BOTH,
    group: 'rejected',
  },
  {
    id: 'rejected_confirm_reissue',
    label: '（五）不予处理 5.要求行政机关确认或重新出具已获取信息',
    en: 'not processed: asks to confirm or reissue',
    templates: BOTH,
    group: 'rejected',
  },
  { id: 'other_total', label: '（六）其他处理', en: 'other handling (2019: one row)', templates: ['2019'], group: 'other' },
  {
    id: 'other_no_correction',
    label: '（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    en: 'other: applicant did not correct in time',
    templates: ['2021'],
    group: 'other',
  },
  {
    id: 'other_unpaid_fee',
    label: '（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    en: 'other: fee not paid',
    templates: ['2021'],
    group: 'other',
  },
  { id: 'other_misc', label: '（六）其他处理 3.其他', en: 'other: miscellaneous', templates: ['2021'], group: 'other' },
  { id: 'total', label: '（七）总计', en: 'outcomes in total', templates: BOTH },
  { id: 'carried_forward', label: '四、结转下年度继续办理', en: 'carried forward to next year', templates: BOTH },
];

/** Subtotal rows some homemade forms print under a group label (（三）不予公开 with numbers): kept, flagged. */
export const T3_SUBTOTAL_ROWS: T3RowDef[] = [
  { id: 'withheld_subtotal', label: '（三）不予公开（小计）', en: 'withheld, subtotal', templates: BOTH },
  { id: 'unable_subtotal', label: '（四）无法提供（小计）', en: 'cannot provide, subtotal', templates: BOTH },
  { id: 'rejected_subtotal', label: '（五）不予处理（小计）', en: 'not processed, subtotal', templates: BOTH },
];

// ---------------------------------------------------------------- table 4
export const T4_BLOCKS: ColumnDef[] = [
  { id: 'review', label: '行政复议', en: 'administrative reconsideration' },
  { id: 'litigation_direct', label: '行政诉讼/未经复议直接起诉', en: 'lawsuits filed directly' },
  { id: 'litigation_after_review', label: '行政诉讼/复议后起诉', en: 'lawsuits filed after reconsideration' },
];
export const T4_COLUMNS: ColumnDef[] = [
  { id: 'upheld', label: '结果维持', en: 'decision upheld' },
  { id: 'corrected', label: '结果纠正', en: 'decision corrected' },
  { id: 'other', label: '其他结果', en: 'other result' },
  { id: 'pending', label: '尚未审结', en: 'pending' },
  { id: 'total', label: '总计', en: 'total' },
];

// ---------------------------------------------------------------- table 2
export interface T2RowDef {
  id: string;
  label: string;
  en: string;
  /** Columns per template: column id → [Chinese header, English]. */
  columns: Partial<Record<'2019' | '2021', [string, string, string][]>>;
  local?: boolean;
}

const C2019_ITEMS: [string, string, string][] = [
  ['prev_items', '上一年项目数量', 'items at the end of last year'],
  ['change', '本年增/减', 'change this year'],
  ['decisions', '处理决定数量', 'decisions this year'],
];

export const T2_ROWS: T2RowDef[] = [
  {
    id: 'regulations',
    label: '规章',
    en: 'regulations (规章)',
    columns: {
      '2021': [
        ['issued', '本年制发件数', 'issued this year'],
        ['repealed', '本年废止件数', 'repealed this year'],
        ['in_force', '现行有效件数', 'in force'],
      ],
      '2019': [
        ['new_made', '本年新制作数量', 'newly made this year'],
        ['new_published', '本年新公开数量', 'newly published this year'],
        ['total_published', '对外公开总数量', 'published in total'],
      ],
    },
  },
  {
    id: 'normative_docs',
    label: '（行政）规范性文件',
    en: 'normative documents',
    columns: {
      '2021': [
        ['issued', '本年制发件数', 'issued this year'],
        ['repealed', '本年废止件数', 'repealed this year'],
        ['in_force', '现行有效件数', 'in force'],
      ],
      '2019': [
        ['new_made', '本年新制作数量', 'newly made this year'],
        ['new_published', '本年新公开数量', 'newly published this year'],
        ['total_published', '对外公开总数量', 'published in total'],
      ],
    },
  },
  {
    id: 'licensing',
    label: '行政许可',
    en: 'administrative licensing',
    columns: { '2021': [['decisions', '本年处理决定数量', 'decisions this year']], '2019': C2019_ITEMS },
  },
  { id: 'other_services', label: '其他对外管理服务事项', en: 'other external management services', columns: { '2019': C2019_ITEMS } },
  { id: 'inspection', label: '行政检查', en: 'administrative inspection (local row)', columns: { '2019': C2019_ITEMS }, local: true },
  { id: 'confirmation', label: '行政确认', en: 'administrative confirmation (local row)', columns: { '2019': C2019_ITEMS }, local: true },
  {
    id: 'penalty',
    label: '行政处罚',
    en: 'administrative penalties',
    columns: { '2021': [['decisions', '本年处理决定数量', 'decisions this year']], '2019': C2019_ITEMS },
  },
  {
    id: 'coercion',
    label: '行政强制',
    en: 'administrative coercion',
    columns: { '2021': [['decisions', '本年处理决定数量', 'decisions this year']], '2019': C2019_ITEMS },
  },
  {
    id: 'admin_fees',
    label: '行政事业性收费',
    en: 'administrative fees',
    columns: {
      '2021': [['amount_wan', '本年收费金额（万元）', 'fees collected this year, 10,000 yuan']],
      '2019': [
        ['prev_items', '上一年项目数量', 'fee items at the end of last year'],
        ['change', '本年增/减', 'change this year'],
      ],
    },
  },
  {
    id: 'procurement',
    label: '政府集中采购',
    en: 'centralised government procurement',
    columns: {
      '2019': [
        ['projects', '采购项目数量', 'procurement projects'],
        ['amount_wan', '采购总金额（万元）', 'procurement total, 10,000 yuan'],
      ],
    },
  },
];

// ---------------------------------------------------------------- narrative, section 6, pre-2019
const NARRATIVE: Omit<KeyDef, 'table' | 'position'>[] = [
  {
    key: 'n.proactive_items',
    label: '主动公开政府信息（条）',
    description: 'items proactively published, as stated in the text',
    templates: ['2019', '2021'],
    unit: '条',
    type: 'count',
  },
  {
    key: 'n.applications_received',
    label: '收到/受理申请（件）',
    description: 'applications received, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.applications_closed',
    label: '答复/办结申请（件）',
    description: 'applications answered, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.applications_carried_forward',
    label: '结转下年度（件）',
    description: 'applications carried into next year, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.review_total',
    label: '行政复议（件）',
    description: 'administrative reconsiderations, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.review_upheld',
    label: '行政复议/维持',
    description: 'reconsiderations upheld, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.review_corrected',
    label: '行政复议/纠错',
    description: 'reconsiderations corrected, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.review_other',
    label: '行政复议/其他结果',
    description: 'reconsiderations with another result, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.review_pending',
    label: '行政复议/尚未审结',
    description: 'reconsiderations pending, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.litigation_total',
    label: '行政诉讼（件）',
    description: 'lawsuits, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.litigation_upheld',
    label: '行政诉讼/维持',
    description: 'lawsuits upheld, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.litigation_corrected',
    label: '行政诉讼/纠正',
    description: 'lawsuits corrected, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.litigation_other',
    label: '行政诉讼/其他结果',
    description: 'lawsuits with another result, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 'n.litigation_pending',
    label: '行政诉讼/尚未审结',
    description: 'lawsuits pending, as stated in the text',
    templates: ['2019', '2021'],
    unit: '件',
    type: 'count',
  },
];

const SECTION6: Omit<KeyDef, 'table' | 'position'>[] = [
  {
    key: 's6.info_fee.notices',
    label: '发出收费通知的件数',
    description: 'information-processing fee notices issued',
    templates: ['2021'],
    unit: '件',
    type: 'count',
  },
  {
    key: 's6.info_fee.notice_amount_yuan',
    label: '收费通知总金额（元）',
    description: 'total amount of the fee notices, yuan',
    templates: ['2021'],
    unit: '元',
    type: 'amount',
  },
  {
    key: 's6.info_fee.collected_yuan',
    label: '实际收取的总金额（元）',
    description: 'information-processing fees actually collected, yuan',
    templates: ['2021'],
    unit: '元',
    type: 'amount',
  },
];

const LEGACY: Omit<KeyDef, 'table' | 'position' | 'templates'>[] = [
  { key: 'legacy.proactive_items', label: '主动公开政府信息（条）', description: 'items proactively published', unit: '条', type: 'count' },
  { key: 'legacy.normative_docs', label: '主动公开规范性文件（件）', description: 'normative documents published', unit: '件', type: 'count' },
  { key: 'legacy.applications_received', label: '收到申请（件）', description: 'applications received', unit: '件', type: 'count' },
  { key: 'legacy.applications_by_channel.in_person', label: '当面申请（件）', description: 'applications made in person', unit: '件', type: 'count' },
  { key: 'legacy.applications_by_channel.fax', label: '传真申请（件）', description: 'applications by fax', unit: '件', type: 'count' },
  { key: 'legacy.applications_by_channel.online', label: '网络申请（件）', description: 'applications online', unit: '件', type: 'count' },
  { key: 'legacy.applications_by_channel.letter', label: '信函申请（件）', description: 'applications by letter', unit: '件', type: 'count' },
  { key: 'legacy.applications_by_channel.email', label: '电子邮件申请（件）', description: 'applications by e-mail', unit: '件', type: 'count' },
  { key: 'legacy.replies.granted', label: '同意公开（件）', description: 'replies: disclosed', unit: '件', type: 'count' },
  { key: 'legacy.replies.partial', label: '同意部分公开（件）', description: 'replies: partly disclosed', unit: '件', type: 'count' },
  { key: 'legacy.replies.refused', label: '不同意公开（件）', description: 'replies: refused', unit: '件', type: 'count' },
  { key: 'legacy.replies.not_exist', label: '信息不存在（件）', description: 'replies: information does not exist', unit: '件', type: 'count' },
  { key: 'legacy.replies.not_held', label: '非本机关掌握（件）', description: 'replies: not held by this organ', unit: '件', type: 'count' },
  { key: 'legacy.review_total', label: '行政复议（件）', description: 'administrative reconsiderations', unit: '件', type: 'count' },
  { key: 'legacy.litigation_total', label: '行政诉讼（件）', description: 'lawsuits', unit: '件', type: 'count' },
  { key: 'legacy.complaints', label: '举报投诉（件）', description: 'complaints', unit: '件', type: 'count' },
  { key: 'legacy.fees_wan', label: '收取费用（万元）', description: 'fees charged for applications, 10,000 yuan', unit: '万元', type: 'amount' },
  { key: 'legacy.fees_yuan', label: '收取费用（元）', description: 'fees charged for applications, yuan', unit: '元', type: 'amount' },
  { key: 'legacy.staff_full_time', label: '专职人员（人）', description: 'full-time staff', unit: '人', type: 'count' },
  { key: 'legacy.staff_part_time', label: '兼职人员（人）', description: 'part-time staff', unit: '人', type: 'count' },
  { key: 'legacy.budget_wan', label: '专项经费（万元）', description: 'dedicated budget, 10,000 yuan', unit: '万元', type: 'amount' },
];

function buildKeys(): KeyDef[] {
  const keys: KeyDef[] = [];
  for (const row of T2_ROWS) {
    const byCol = new Map<string, { label: string; en: string; templates: TemplateId[] }>();
    for (const t of ['2019', '2021'] as const) {
      for (const [id, label, en] of row.columns[t] ?? []) {
        const entry = byCol.get(id);
        if (entry) entry.templates.push(t);
        else byCol.set(id, { label, en, templates: [t] });
      }
    }
    for (const [col, c] of byCol) {
      const amount = col === 'amount_wan';
      keys.push({
        key: `t2.${row.id}.${col}`,
        table: 't2',
        label: `${row.label} / ${c.label}`,
        description: `${row.en}: ${c.en}`,
        templates: c.templates.sort(),
        unit: amount ? '万元' : '件',
        type: amount ? 'amount' : col === 'change' ? 'signed' : 'count',
        position: `table 2, row ${row.label}, column ${c.label}`,
        ...(row.local ? { local: true } : {}),
      });
    }
  }
  for (const row of [...T3_ROWS, ...T3_SUBTOTAL_ROWS]) {
    for (const col of T3_COLUMNS) {
      keys.push({
        key: `t3.${row.id}.${col.id}`,
        table: 't3',
        label: `${row.label} / ${col.label}`,
        description: `${row.en}: ${col.en}`,
        templates: row.templates,
        unit: '件',
        type: 'count',
        position: `table 3, row ${row.label}, column ${col.label}`,
        ...(T3_SUBTOTAL_ROWS.includes(row) ? { local: true } : {}),
      });
    }
  }
  for (const block of T4_BLOCKS) {
    for (const col of T4_COLUMNS) {
      keys.push({
        key: `t4.${block.id}.${col.id}`,
        table: 't4',
        label: `${block.label} / ${col.label}`,
        description: `${block.en}: ${col.en}`,
        templates: BOTH,
        unit: '件',
        type: 'count',
        position: `table 4, ${block.label}, column ${col.label}`,
      });
    }
  }
  for (const k of SECTION6) keys.push({ ...k, table: 's6', position: 'section 六, fee statement' });
  for (const k of NARRATIVE) keys.push({ ...k, table: 'n', position: 'narrative text' });
  for (const k of LEGACY) keys.push({ ...k, table: 'legacy', templates: ['pre2019'], position: 'pre-2019 text or statistics table' });
  return keys;
}

export const KEYS: readonly KeyDef[] = buildKeys();
export const KEY_BY_NAME: ReadonlyMap<string, KeyDef> = new Map(KEYS.map((k) => [k.key, k]));

export function keyDef(key: string): KeyDef | undefined {
  return KEY_BY_NAME.get(key);
}

/** The statutory table cells a template has (the keys a complete report of that template fills). */
export function statutoryKeys(template: TemplateId, table?: 't2' | 't3' | 't4'): KeyDef[] {
  return KEYS.filter(
    (k) => (k.table === 't2' || k.table === 't3' || k.table === 't4') && (!table || k.table === table) && k.templates.includes(template) && !k.local,
  );
}

export const t3Key = (row: string, col: string) => cachedKey(t3Keys, 't3', row, col);
export const t4Key = (block: string, col: string) => cachedKey(t4Keys, 't4', block, col);

/**
 * Keys of table cells, built once per row and column and then handed out as the same string: decoders ask for them
 * for every cell of every report, and a string built afresh is hashed again by each record it is written to.
 */
const t3Keys = new Map<string, Map<string, string>>();
const t4Keys = new Map<string, Map<string, string>>();
function cachedKey(built: Map<string, Map<string, string>>, table: string, row: string, col: string): string {
  let cols = built.get(row);
  if (!cols) {
    // Rows and columns are the skeleton's and codebook's ids, a few hundred keys; others are not kept.
    if (built.size >= 1000) return `${table}.${row}.${col}`;
    cols = new Map();
    built.set(row, cols);
  }
  let key = cols.get(col);
  if (key === undefined) {
    key = `${table}.${row}.${col}`;
    if (cols.size < 1000) cols.set(col, key);
  }
  return key;
}

/**
 * Short forms of the key segments too long for Stata (32 characters, no dots): the same segment is shortened the
 * same way in every key, so that t3_wh_security_person and t3_wh_security_total read alike. Declared once here; a
 * test holds every short name of every dataset unique, at most 32 characters and a valid Stata name.
 */
export const SHORT_SEGMENTS: Readonly<Record<string, string>> = {
  // table 3 rows
  new_received: 'recv',
  carried_over: 'carry_in',
  carried_forward: 'carry_fwd',
  withheld_state_secret: 'wh_secret',
  withheld_law_prohibited: 'wh_law',
  withheld_security_stability: 'wh_security',
  withheld_third_party: 'wh_third_party',
  withheld_internal_affairs: 'wh_internal',
  withheld_process_info: 'wh_process',
  withheld_enforcement_file: 'wh_enforcement',
  withheld_admin_query: 'wh_query',
  withheld_subtotal: 'wh_subtotal',
  unable_not_held: 'un_not_held',
  unable_needs_creation: 'un_create',
  unable_unclear: 'un_unclear',
  unable_subtotal: 'un_subtotal',
  rejected_petition: 'rj_petition',
  rejected_repeat: 'rj_repeat',
  rejected_publication: 'rj_publication',
  rejected_mass_repeat: 'rj_mass_repeat',
  rejected_confirm_reissue: 'rj_confirm',
  rejected_subtotal: 'rj_subtotal',
  other_total: 'oth_total',
  other_no_correction: 'oth_no_correction',
  other_unpaid_fee: 'oth_unpaid_fee',
  other_misc: 'oth_misc',
  // table 3 columns
  natural_person: 'person',
  org_commercial: 'org_com',
  org_research: 'org_res',
  org_public_interest: 'org_pub',
  org_legal_service: 'org_legal',
  org_other: 'org_oth',
  org_subtotal: 'org_sum',
  // table 2 and table 4
  normative_docs: 'normative',
  total_published: 'total_pub',
  litigation_direct: 'lit_direct',
  litigation_after_review: 'lit_after_review',
  // pre-2019
  applications_by_channel: 'appl_channel',
};

/** A column's name for Stata and other tools that refuse dots and long names: dots become _, long segments their short form. */
export function shortColumnName(name: string): string {
  if (!name.includes('.')) return name;
  return name
    .split('.')
    .map((s) => SHORT_SEGMENTS[s] ?? s)
    .join('_');
}
