// JSON documents saved from list/detail APIs: the article in a field (nested, HTML-escaped once more, or a JSON string
// inside a string) read like a fragment, the title and source fields as its metadata.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { readReport } from '../../../pipeline/read-report.js';
import { type Checked, checkAgainstHandChecked, REPORTS_DIR } from '../../helpers/report-cases.js';

const dir = path.join(REPORTS_DIR, 'form-fragment-2021');
const checked = JSON.parse(fs.readFileSync(path.join(dir, 'checked.json'), 'utf8')) as Checked;
// The fragment without its title line: the title is only in the JSON's field.
const article = fs.readFileSync(path.join(dir, 'source.html'), 'utf8').replace(/^<p[^>]*>[^<]*<\/p>/, '');
const TITLE = '北京市通州区潞城镇人民政府2021年政府信息公开工作年度报告';
const item = (content: string) => ({ id: 1246973, title: TITLE, publishTime: '2022-02-18 10:00:00', source: '北京市通州区潞城镇人民政府', content });

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

it.each([
  ['nested in data.list[0].content', { code: 0, data: { total: 1, list: [item(article)] } }, 'data.list[0].content'],
  ['HTML-escaped once more', { data: item(escapeHtml(article)) }, 'data.content'],
  ['a JSON string inside a string', { code: 0, data: JSON.stringify(item(article)) }, 'data→content'],
])('reads an article %s', async (_name, json, field) => {
  const { doc, report } = await readReport(Buffer.from(JSON.stringify(json)), {});
  expect(doc.warnings).toContain(`a JSON document: the article is its field ${field}`);
  checkAgainstHandChecked(report, checked);
  expect(report.agency.name).toBe('北京市通州区潞城镇人民政府');
  expect(report.year).toBe(2021);
});

it('leaves JSON without an HTML field to the text reader', async () => {
  const { doc } = await readReport(Buffer.from(JSON.stringify({ code: 404, msg: '信息不存在' })), {});
  expect(doc.warnings.some((w) => w.startsWith('a JSON document'))).toBe(false);
});
