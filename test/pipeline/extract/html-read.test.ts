// The HTML walk's shortcuts read what the plain forms read: whitespace counted as /\s/ counts it, tag names in any
// case (the parser lowers them), an article container chosen by the longest text of the first container that has any.
import { expect, it } from 'vitest';
import { extractHtml, nonSpaceLength } from '../../../pipeline/extract/html.js';

it('counts the characters of a string that are not /\\s/, for every UTF-16 code unit', () => {
  const differ: number[] = [];
  for (let c = 0; c <= 0xffff; c++) {
    const s = `a${String.fromCharCode(c)}b`;
    if (nonSpaceLength(s) !== s.replace(/\s+/g, '').length) differ.push(c);
  }
  expect(differ).toEqual([]);
  expect(nonSpaceLength(' \u3000本年新收\u00a0 12\n')).toBe(6);
});

it('reads a page written in upper-case tags and attributes as the same page in lower case', () => {
  const page = (html: string) => Buffer.from(`<html><head><meta charset="utf-8"><title>年报</title></head><body>${html}</body></html>`);
  const lower = `<div class="nav"><a href="/">首页</a></div><div class="TRS_Editor"><p>一、总体情况</p><p>${'全年主动公开政府信息。'.repeat(12)}</p>
<table><tr><td colspan="2">本年新收政府信息公开申请数量</td><td>12</td></tr><tr><td>上年结转</td><td>其中</td><td>3</td></tr></table></div>`;
  const upper = lower.replace(/<(\/?)([a-z]+)/g, (_, slash: string, name: string) => `<${slash}${name.toUpperCase()}`).replace(/colspan=/g, 'COLSPAN=');
  const read = (html: string) => extractHtml(page(html)).blocks;
  expect(read(upper)).toEqual(read(lower));
  expect(read(lower)).toEqual([
    { kind: 'para', text: '一、总体情况' },
    { kind: 'para', text: '全年主动公开政府信息。'.repeat(12) },
    {
      kind: 'table',
      geometry: 'grid',
      rows: [
        ['本年新收政府信息公开申请数量', '本年新收政府信息公开申请数量', '12'],
        ['上年结转', '其中', '3'],
      ],
    },
  ]);
});

it('takes the first kind of article container that holds 100 characters, the longest of that kind', () => {
  const long = (s: string) => s.repeat(30);
  const html = `<html><body><div id="content">${long('内容甲')}</div><div class="article">${long('短')}</div>
<div class="article">${long('文章乙长')}</div><div id="zoom">十个字不到一百</div></body></html>`;
  const { blocks, warnings } = extractHtml(Buffer.from(html));
  expect(blocks).toEqual([{ kind: 'para', text: long('文章乙长') }]);
  expect(warnings).toEqual([]);
});
