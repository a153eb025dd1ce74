// Writes the form-* cases of this folder: one generated report per form of shared/domain/forms-in-the-wild.md and
// template, rendered by test/helpers/render-forms.ts (and, for the PDF text layer, printed by Chromium from a page
// with borderless tables, so that the PDF has text and no ruling lines). checked.json is the generator's truth.
// Usage: npx tsx test/pipeline/reports/make-form-cases.ts   (then `npm run test:golden` and review the diff)
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { T3_COLUMNS, T4_BLOCKS, T4_COLUMNS } from '../../../domain/codebook.js';
import { generateReport, type ReportSpec } from '../../../replica/generate-report.js';
import { type Form, printedT3, renderForm, t2Lines } from '../../../replica/render-forms.js';
import { overviewText } from '../../../replica/render-report.js';

const DIR = import.meta.dirname;

interface CaseDef {
  name: string;
  form: Form;
  seed: number;
  agency: string;
  year: number;
  applications: number;
  note: string;
}

const CASES: CaseDef[] = [
  { name: 'form-fragment-2021', form: 'fragment', seed: 3, agency: '北京市通州区潞城镇人民政府', year: 2021, applications: 20, note: 'article HTML fragment (no html/body, centred title first, tables at the top level, &nbsp; blanks) as JSON APIs deliver it' },
  { name: 'form-fragment-escaped-2019', form: 'fragment', seed: 5, agency: '北京市密云区发展和改革委员会', year: 2019, applications: 60, note: 'article fragment embedded in a JavaScript string, HTML-escaped once more' },
  { name: 'form-saved-page-2021', form: 'saved-page', seed: 11, agency: '北京市密云区城市管理委员会', year: 2022, applications: 20, note: 'saved page: chrome, Word markup, the five 法人或其他组织 columns blank in every row (nulls, not 0), tables outside the article container' },
  { name: 'form-saved-page-2019', form: 'saved-page', seed: 12, agency: '北京市通州区永乐店镇人民政府', year: 2020, applications: 60, note: 'saved page with Word markup and chrome (2019 form)' },
  { name: 'form-markdown-2021', form: 'markdown', seed: 23, agency: '北京市密云区人民政府', year: 2023, applications: 400, note: 'Markdown converted from a PDF: table 3 in fragments out of order, labels apart from their numbers, all labels then all numbers, stray lines (1, 续表, page numbers)' },
  { name: 'form-markdown-2019', form: 'markdown', seed: 47518, agency: '北京市朝阳区小红门地区办事处', year: 2019, applications: 60, note: 'Markdown fragments shuffled with stray lines (2019 form)' },
  { name: 'form-flattened-2021', form: 'flattened', seed: 31, agency: '北京市通州区潞城镇人民政府', year: 2021, applications: 20, note: 'flattened web-archive text: 标题:/发布时间:/原文链接: header, breadcrumb chrome, every table row one digit run glued to the next label' },
  { name: 'form-flattened-2019', form: 'flattened', seed: 37, agency: '北京市密云区发展和改革委员会', year: 2020, applications: 60, note: 'flattened glued text (2019 form: signed 本年增/减 glued)' },
  { name: 'form-variants-2021', form: 'variants', seed: 744392, agency: '北京市通州区于家务回族乡人民政府', year: 2022, applications: 20, note: 'labels misprinted (a character swapped or dropped, 其它, 合计, numbering 1、 and (一))' },
  { name: 'form-variants-2019', form: 'variants', seed: 2264840, agency: '北京市密云区北庄镇人民政府', year: 2019, applications: 20, note: 'labels misprinted (2019 form)' },
  { name: 'form-inconsistent-2021', form: 'inconsistent', seed: 41, agency: '北京市密云区水务局', year: 2021, applications: 60, note: 'an original that contradicts itself, read as printed; validation reports it' },
  { name: 'form-inconsistent-2019', form: 'inconsistent', seed: 44, agency: '北京市通州区西集镇人民政府', year: 2019, applications: 20, note: 'an original that contradicts itself (2019 form)' },
];

function specOf(c: CaseDef): ReportSpec {
  return generateReport(c.seed, c.agency, c.year, { applications: c.applications, decisions: c.applications * 30 });
}

function writeCase(name: string, files: Record<string, Buffer | string>, checked: object, info: object): void {
  const dir = path.join(DIR, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), content);
  fs.writeFileSync(path.join(dir, 'checked.json'), `${JSON.stringify(checked, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'source.json'), `${JSON.stringify(info, null, 2)}\n`);
}

const sorted = (o: Record<string, number | null>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/**
 * A page with borderless tables whose label column is narrow (labels wrap over two or three lines), numbers set at
 * the top of their cells (so they come before the rest of a wrapped label), long enough to break table 3 over a
 * page, and 2021's （六） printed as one row.
 */
function pdfPage(spec: ReportSpec, oneRowOther: boolean): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const p = (t: string) => `<p>${esc(t)}</p>`;
  const f = spec.facts;
  const row = (label: string, values: (number | string)[]) =>
    `<tr><td class="l">${esc(label)}</td>${values.map((v) => `<td class="n">${v}</td>`).join('')}</tr>`;
  const t3 = printedT3(spec.template, oneRowOther)
    .map((r) => (r.id ? row(r.text, T3_COLUMNS.map((c) => (oneRowOther && r.id === 'other_total' ? ['other_no_correction', 'other_unpaid_fee', 'other_misc'].reduce((s, x) => s + f[`t3.${x}.${c.id}`]!, 0) : f[`t3.${r.id}.${c.id}`]!))) : `<tr><td class="l">${esc(r.text)}</td></tr>`))
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 14pt; }
  table { border-collapse: collapse; width: 100%; }
  td { border: none; padding: 2pt 4pt; }
  td.l { width: 7em; vertical-align: bottom; }
  td.n { vertical-align: top; text-align: center; }
  p { margin: 6pt 0; }
  </style></head><body>
  <p style="text-align:center">${esc(spec.agency)}</p><p style="text-align:center">${spec.year}年政府信息公开工作年度报告</p>
  ${p('一、总体情况')}${overviewText(spec).map(p).join('')}${overviewText(spec).map(p).join('')}
  ${p('二、主动公开政府信息情况')}
  <table>
  ${t2Lines(spec)
    .map((g) => `<tr><td class="l">${g.caption}</td></tr><tr>${g.header.map((h, i) => (i === 0 ? `<td class="l">${h}</td>` : `<td class="n">${h}</td>`)).join('')}</tr>${g.rows.map((r) => row(r.label, r.keys.map((k) => f[k]!))).join('')}`)
    .join('\n')}
  </table>
  ${p('三、收到和处理政府信息公开申请情况')}
  <table><tr><td class="l">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td class="n">申请人情况</td></tr>
  <tr><td></td><td class="n">自然人</td><td class="n" colspan="5">法人或其他组织</td><td class="n">总计</td></tr>
  <tr><td></td><td></td><td class="n">商业企业</td><td class="n">科研机构</td><td class="n">社会公益组织</td><td class="n">法律服务机构</td><td class="n">其他</td><td></td></tr>
  ${t3}</table>
  ${p('四、政府信息公开行政复议、行政诉讼情况')}
  <table><tr><td class="n" colspan="5">行政复议</td><td class="n" colspan="10">行政诉讼</td></tr>
  <tr>${T4_COLUMNS.map((c) => `<td class="n">${c.label}</td>`).join('')}<td class="n" colspan="5">未经复议直接起诉</td><td class="n" colspan="5">复议后起诉</td></tr>
  <tr><td colspan="5"></td>${[...T4_COLUMNS, ...T4_COLUMNS].map((c) => `<td class="n">${c.label}</td>`).join('')}</tr>
  <tr>${T4_BLOCKS.flatMap((b) => T4_COLUMNS.map((c) => `<td class="n">${f[`t4.${b.id}.${c.id}`]}</td>`)).join('')}</tr></table>
  ${p('五、存在的主要问题及改进情况')}${p('一是信息公开的及时性有待提高；二是业务培训有待加强。')}
  ${p('六、其他需要报告的事项')}${p('无。')}${p(spec.agency)}${p(`${spec.year + 1}年1月20日`)}
  </body></html>`;
}

const PDF_CASES = [
  { name: 'form-pdf-text-2021', seed: 51, agency: '北京市通州区宋庄镇人民政府', year: 2021, applications: 20, oneRowOther: true, note: 'PDF with a text layer and no ruling lines (Chromium print of borderless tables): labels wrapped over lines, values set before the rest of their label, table 3 over a page break, （六）其他处理 printed as ONE row' },
  { name: 'form-pdf-text-2019', seed: 52, agency: '北京市密云区溪翁庄镇人民政府', year: 2020, applications: 60, oneRowOther: false, note: 'PDF with a text layer and no ruling lines (2019 form)' },
];

for (const c of CASES) {
  const spec = specOf(c);
  const r = renderForm(spec, c.form, c.seed);
  // The escaped fragment: the article inside a JavaScript string, as some pages embed it.
  if (c.name.includes('escaped') && !r.notes.includes('escaped once more')) {
    const html = r.bytes!.toString('utf8');
    r.bytes = Buffer.from(`<script>var content = "${html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}";</script>`);
  }
  const ext = r.bytes!.toString('utf8').trimStart().startsWith('<') ? 'html' : 'txt';
  writeCase(
    c.name,
    { [`source.${ext}`]: r.bytes! },
    { agency_contains: spec.agency.replace(/^北京市[^区]+区/, '').replace(/人民政府$/, ''), year: spec.year, template: spec.template, complete: true, findings: [], facts: sorted(r.truth) },
    { contentType: ext === 'html' ? 'text/html' : 'text/plain', note: `${c.note}; generated (seed ${c.seed}, ${c.form}${r.notes.length ? `: ${r.notes.join('; ')}` : ''}) by make-form-cases.ts` },
  );
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  for (const c of PDF_CASES) {
    const spec = generateReport(c.seed, c.agency, c.year, { applications: c.applications, decisions: c.applications * 30 });
    const page = await browser.newPage();
    await page.setContent(pdfPage(spec, c.oneRowOther));
    const pdf = await page.pdf({ format: 'A4', margin: { top: '2cm', bottom: '2cm', left: '2cm', right: '2cm' } });
    await page.close();
    const truth: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(spec.facts)) if (/^t[234]\./.test(k)) truth[k] = v;
    if (c.oneRowOther) {
      for (const col of T3_COLUMNS) {
        truth[`t3.other_total.${col.id}`] = ['other_no_correction', 'other_unpaid_fee', 'other_misc'].reduce((s, x) => s + spec.facts[`t3.${x}.${col.id}`]!, 0);
        for (const x of ['other_no_correction', 'other_unpaid_fee', 'other_misc']) delete truth[`t3.${x}.${col.id}`];
      }
    }
    writeCase(
      c.name,
      { 'source.pdf': pdf },
      { agency_contains: spec.agency.replace(/^北京市[^区]+区/, '').replace(/人民政府$/, ''), year: spec.year, template: spec.template, complete: true, findings: [], facts: sorted(truth) },
      { contentType: 'application/pdf', note: `${c.note}; generated (seed ${c.seed}) by make-form-cases.ts` },
    );
  }
} finally {
  await browser.close();
}

// checked.json from the generator's truth: a cell the decoder leaves null is accepted only when a finding names it
// (that is what the property test requires too); a cell read with another value stops the script.
const { parseCase } = await import('../../helpers/report-cases.js');
for (const name of [...CASES.map((c) => c.name), ...PDF_CASES.map((c) => c.name)]) {
  const dir = path.join(DIR, name);
  const checked = JSON.parse(fs.readFileSync(path.join(dir, 'checked.json'), 'utf8')) as { facts: Record<string, number | null>; findings: object[] };
  const report = await parseCase(dir);
  const named = new Set(report.findings.flatMap((f) => f.keys));
  for (const [key, truth] of Object.entries(checked.facts)) {
    const read = report.facts[key];
    if (read === null || read === undefined) {
      if (!named.has(key) && !named.has(key.replace(/\.[^.]+$/, '.total'))) throw new Error(`${name}: ${key} null without a finding`);
      if (read === null) checked.facts[key] = null;
      else delete checked.facts[key];
    } else if (read !== truth) throw new Error(`${name}: ${key} read ${read}, printed ${truth}`);
  }
  for (const [key, v] of Object.entries(report.facts)) if (key.startsWith('s6.')) checked.facts[key] = v;
  const serious = new Map<string, { severity: string; rule: string }>();
  for (const f of report.findings) if (f.severity !== 'info') serious.set(`${f.severity} ${f.rule}`, { severity: f.severity, rule: f.rule });
  checked.findings = [...serious.values()];
  checked.facts = sorted(checked.facts);
  fs.writeFileSync(path.join(dir, 'checked.json'), `${JSON.stringify(checked, null, 2)}\n`);
  process.stdout.write(`${name}: ${report.grade}, ${Object.values(checked.facts).filter((v) => v === null).length} null, ${[...serious.keys()].join(', ') || 'no warnings'}\n`);
}
