// Report pages that show nothing and carry the article in a script: a JavaScript string (escaped, concatenated,
// single-quoted), a JSON blob assigned to a variable, or JSON.parse of a string; read only when the visible page has
// no report text, and never a script's HTML that is no report.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptStrings } from '../../../pipeline/extract/script.js';
import { readReport } from '../../../pipeline/read-report.js';
import { type Checked, checkAgainstHandChecked, REPORTS_DIR } from '../../helpers/report-cases.js';

const dir = path.join(REPORTS_DIR, 'form-fragment-2021');
const checked = JSON.parse(fs.readFileSync(path.join(dir, 'checked.json'), 'utf8')) as Checked;
const article = fs.readFileSync(path.join(dir, 'source.html'), 'utf8');
const TITLE = '北京市通州区潞城镇人民政府2021年政府信息公开工作年度报告';
const WARNING = 'the page shows no report text; read the article held in one of its scripts';

/** A page whose body is an empty mount point and a menu, with `script` as its only script. */
const shell = (script: string, body = '<div id="app"></div>') =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${TITLE}</title></head><body><div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>${body}<script>${script}</script></body></html>`;
/** A double-quoted JavaScript literal of `s` with < and / escaped the way templates print them. */
const jsString = (s: string) => JSON.stringify(s).replace(/</g, '\\u003c').replace(/\//g, '\\/');
/** A single-quoted JavaScript literal of `s` (a line break inside one must be escaped). */
const singleQuoted = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
const half = Math.floor(article.length / 2);

describe('scriptStrings', () => {
  it.each([
    ['escapes', String.raw`var a = "x\"y\n\u003cp\u003e\x41\/";`, ['x"y\n<p>A/']],
    ['single quotes and concatenation', `var a = 'a\\'b' + "c"\n  + \`d\`;`, ["a'bcd"]],
    ['comments are skipped', `// "no"\n/* 'no' */ f("yes")`, ['yes']],
    ['a line continuation', 'var a = "x\\\ny";', ['xy']],
  ])('%s', (_name, code, strings) => {
    expect(scriptStrings(code)).toEqual(strings);
  });
});

describe('an article held in a script', () => {
  it.each([
    ['a JavaScript string', `var content = ${jsString(article)}; document.getElementById('app').innerHTML = content;`],
    ['single-quoted pieces joined with +', `var content = ${singleQuoted(article.slice(0, half))} +\n  ${singleQuoted(article.slice(half))};`],
    ['a JSON blob assigned to a variable', `window.__INITIAL_STATE__ = ${JSON.stringify({ article: { id: 7, title: TITLE, content: article } })};`],
    ['JSON.parse of a string', `var data = JSON.parse(${singleQuoted(JSON.stringify({ data: { content: article } }))});`],
  ])('is read from %s when the page shows no report text', async (_name, script) => {
    const { doc, report } = await readReport(Buffer.from(shell(script)), {});
    expect(doc.warnings).toContain(WARNING);
    checkAgainstHandChecked(report, checked);
    expect([report.agency.name, report.year, report.title]).toEqual(['北京市通州区潞城镇人民政府', 2021, TITLE]);
  });

  it('is not read when the page shows the report itself', async () => {
    const other = '<p>北京市通州区政府信息公开工作年度报告 本年新收 99</p>';
    const { doc, report } = await readReport(Buffer.from(shell(`var related = ${jsString(other)};`, `<div class="article">${article}</div>`)), {});
    expect(doc.warnings).not.toContain(WARNING);
    checkAgainstHandChecked(report, checked);
  });

  it('leaves a script’s HTML that is no report alone', async () => {
    const menu = '<ul><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul>';
    const { doc } = await readReport(Buffer.from(shell(`var menu = ${jsString(menu)};`, '<div id="app"><p>页面加载中……</p></div>')), {});
    expect(doc.warnings).not.toContain(WARNING);
    expect(doc.blocks).toEqual([{ kind: 'para', text: '页面加载中……' }]);
  });
});
