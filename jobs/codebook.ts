// The codebook: every column of every dataset, generated from the panel column list and the canonical keys
// (pipeline/parse/keys.ts), so it cannot disagree with the files it describes.
import { ID_COLUMNS, KEY_COLUMNS } from '../db/views/panel-columns.js';
import { COVERAGE_COLUMNS, FACT_COLUMNS, FINDING_COLUMNS } from '../db/queries/export-rows.js';
import { DOCUMENT_COLUMNS } from '../db/queries/export-documents.js';

export const CODEBOOK_COLUMNS = ['dataset', 'column', 'label_zh', 'description', 'table', 'position', 'templates', 'unit', 'type', 'derivation'] as const;
export type CodebookRow = Record<(typeof CODEBOOK_COLUMNS)[number], string>;

const TABLE_NAMES: Record<string, string> = {
  t2: 'table 2 (主动公开政府信息情况)',
  t3: 'table 3 (收到和处理政府信息公开申请情况)',
  t4: 'table 4 (政府信息公开行政复议、行政诉讼情况)',
  s6: 'section 6 (information-processing fees)',
  n: 'narrative text',
  legacy: 'pre-2019 free-form reports',
};

/** Columns that identify a report or agency, described once for every dataset that carries them. */
const COMMON: Record<string, [string, string]> = {
  report_id: ['报告编号', 'gongkai report id; joins panel.csv, facts.csv and findings.csv'],
  agency_id: ['机关编号', 'gongkai agency id, stable across years'],
  agency: ['机关名称', 'canonical agency name'],
  agency_level: ['机关层级', 'province, city, county, township, department or other'],
  region_code: ['行政区划代码', 'GB/T 2260 code of the agency’s division'],
  year: ['年度', 'the year the report covers'],
  version: ['版本', 'version of the agency-year this report is'],
  is_current: ['当前版本', 'true for the version the panel uses'],
  template: ['格式版本', '2019, 2021, pre2019 or unknown'],
  grade: ['质量等级', 'A … D, F unreadable'],
};

const OTHER: Record<string, Record<string, [string, string]>> = {
  facts: {
    key: ['指标', 'canonical key (a panel column name; see the panel rows of this codebook)'],
    label: ['指标名称', 'the Chinese label of the key, as on the form'],
    value: ['数值', 'the number as read; empty when the cell was blank, a dash or unreadable (raw says which)'],
    raw: ['原文', 'the text of the cell or sentence the number was read from'],
    method: [
      '读取方式',
      'how the value was read: grid (a table cell under a column its header names), aligned (a label matched to the form’s row, the numbers given to it by the layout and confirmed by the form’s identities where several layouts fit), split (cut out of digits printed with no separator, the only cut the identities allow), text (a figure in a sentence); empty for facts loaded before parser 2.0.0',
    ],
    provenance: [
      '出处',
      'JSON: {block,row,col,method} for a table cell of the extracted document, {block,span:[start,end],method} for text or a cut of a glued run',
    ],
    document_sha256: ['文件哈希', 'sha256 of the archived document'],
  },
  findings: {
    finding_id: ['问题编号', 'gongkai finding id'],
    rule: ['规则', 'stable id of the validation rule (docs/parsed-report.md lists them)'],
    severity: ['严重程度', 'error (the numbers cannot all be right), warning (likely problem or scope difference), info'],
    message: ['说明', 'what was found, in words'],
    keys: ['相关指标', 'the keys involved, separated by ;'],
  },
  coverage: {
    year: ['年度', 'every year from the agency’s first report to the latest year in the dataset'],
    status: [
      '状态',
      'found (a readable current report), failed (found but unreadable: grade F or needs OCR), missing (none found — not proof that none was published)',
    ],
    report_id: ['报告编号', 'the current report, when found'],
    grade: ['质量等级', 'its grade'],
    versions: ['版本数', 'how many versions of this agency-year were collected'],
  },
  documents: {
    url: ['网址', 'where the document was found'],
    final_url: ['最终网址', 'after redirects'],
    sha256: ['文件哈希', 'sha256 of the bytes, the archive’s file name'],
    content_type: ['内容类型', 'Content-Type as served (sites get it wrong)'],
    format: ['文件格式', 'the format the bytes really are'],
    bytes: ['字节数', 'size in bytes'],
    kind: ['类型', 'detail (a report page) or attachment'],
    site_id: ['站点', 'registry id of the site'],
    list_url: ['列表页', 'the list page the link was on'],
    link_text: ['链接文字', 'the link’s full title'],
    parent_url: ['所属页面', 'for an attachment, the page that links to it'],
    first_seen: ['首次发现', 'first time the crawler saw it (UTC)'],
    last_seen: ['最近发现', 'last time the crawler saw it (UTC)'],
    parse_status: ['解析状态', 'pending, parsed, needs_ocr, not_report, failed'],
    parse_error: ['解析错误', 'why it could not be read, when it could not'],
  },
};

const EXPECTED: Record<string, readonly string[]> = { facts: FACT_COLUMNS, findings: FINDING_COLUMNS, coverage: COVERAGE_COLUMNS, documents: DOCUMENT_COLUMNS };

export function codebookRows(): CodebookRow[] {
  const rows: CodebookRow[] = [];
  const blank = { table: '', position: '', templates: '', unit: '', derivation: '' };
  for (const c of ID_COLUMNS) rows.push({ dataset: 'panel', column: c.name, label_zh: c.label, description: c.description, type: c.type, ...blank });
  for (const c of KEY_COLUMNS) {
    rows.push({
      dataset: 'panel',
      column: c.name,
      label_zh: c.label,
      description: c.description,
      table: TABLE_NAMES[c.table] ?? c.table,
      position: c.position,
      templates: c.templates.join(' '),
      unit: c.unit,
      type: c.type === 'amount' ? 'decimal' : 'integer',
      derivation: c.derivation,
    });
  }
  for (const [dataset, columns] of Object.entries(EXPECTED)) {
    for (const column of columns) {
      const d = OTHER[dataset]![column] ?? (dataset === 'documents' ? undefined : COMMON[column]);
      if (!d) throw new Error(`codebook: no description for ${dataset}.${column}`);
      rows.push({ dataset, column, label_zh: d[0], description: d[1], type: '', ...blank });
    }
  }
  return rows;
}

const md = (s: string) => s.replace(/\|/g, '\\|');

export function codebookMarkdown(): string {
  const rows = codebookRows();
  const out = [
    '# gongkai codebook',
    '',
    'Generated by `gongkai export` from the canonical key list (pipeline/parse/keys.ts); do not edit by hand.',
    '',
    'Empty cells: a key the report’s template does not have is empty; a cell that was blank, a dash or unreadable is',
    'empty too (facts.csv keeps its raw text, findings.csv the reason); a zero printed on the form is 0.',
    'Derived columns are sums of source cells and are empty when any of their cells is empty — never a guess.',
    '',
  ];
  for (const dataset of ['panel', 'facts', 'findings', 'coverage', 'documents']) {
    out.push(`## ${dataset}.csv`, '');
    const own = rows.filter((r) => r.dataset === dataset);
    if (dataset === 'panel') {
      out.push('| column | 中文 | description | table / position | templates | unit | type | derivation |', '|---|---|---|---|---|---|---|---|');
      for (const r of own)
        out.push(
          `| \`${r.column}\` | ${md(r.label_zh)} | ${md(r.description)} | ${md(r.position || r.table)} | ${r.templates} | ${r.unit} | ${r.type} | ${md(r.derivation)} |`,
        );
    } else {
      out.push('| column | 中文 | description |', '|---|---|---|');
      for (const r of own) out.push(`| \`${r.column}\` | ${md(r.label_zh)} | ${md(r.description)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
