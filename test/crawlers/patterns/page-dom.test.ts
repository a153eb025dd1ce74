// The report page's DOM (crawlers/patterns/page-dom.ts): htmlparser2's tree is kept only where it reads as a browser's
// would. Property: over the replica's report pages and thousands of broken variants of them, readDetailPage gives
// exactly what the same reading on parse5's DOM (cheerio's default, a browser's tree) gives.
import fs from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { readDetailDom, readDetailPage } from '../../../crawlers/patterns/detail-page.js';
import { DETAIL_PAGE_BOUNDS, loadPage } from '../../../crawlers/patterns/page-dom.js';
import { decodeText } from '../../../domain/decode-text.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const URL_ = 'http://www.example.gov.cn/zwgk/nb/content/post_1.html';

/** Whether cheerio's DOM came from parse5 (its tree adapter marks the document's quirks mode). */
const builtByParse5 = ($: cheerio.CheerioAPI) => 'x-mode' in ($.root()[0] as object);

function pagesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.html?$/.test(f))
    .map((f) => path.join(dir, f));
}

/** A seeded generator (the same variants every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const WELL_FORMED = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>某区2023年政府信息公开工作年度报告</title>
<meta name="ArticleTitle" content="某区2023年政府信息公开工作年度报告"></head><body><table><tr><td>索引号：</td><td>000014348/2024-00001</td></tr></table>
<p><a href="/files/nb2023.pdf">年度报告.pdf</a></p></body></html>`;

describe('loadPage', () => {
  it('keeps htmlparser2’s tree for a well-formed page, CRLF line ends included', () => {
    const $ = loadPage(WELL_FORMED.replace(/\n/g, '\r\n'));
    expect('refused' in $).toBe(false);
    expect(builtByParse5($ as cheerio.CheerioAPI)).toBe(false);
  });

  it.each([
    ['an element left open', WELL_FORMED.replace('</p>', '')],
    ['a stray end tag', WELL_FORMED.replace('</p>', '</p></span>')],
    ['misnested tags', WELL_FORMED.replace('<p><a href="/files/nb2023.pdf">年度报告.pdf</a></p>', '<p><b><i>年度报告</b></i></p>')],
    ['a link inside a link', WELL_FORMED.replace('年度报告.pdf</a>', '<a href="/x.pdf">年度报告.pdf</a></a>')],
    ['a division in <head>', WELL_FORMED.replace('</head>', '<div>x</div></head>')],
    ['text in <head>', WELL_FORMED.replace('</head>', '某区</head>')],
    ['content after </body>', WELL_FORMED.replace('</body></html>', '</body><div>统计</div></html>')],
    ['content after </html>', `${WELL_FORMED}<script>var a=1;</script>`],
    ['no <html> root', '<div><a href="/f.pdf">年度报告</a></div>'],
    ['no <body>', '<html><head></head><div><a href="/f.pdf">年度报告</a></div></html>'],
    ['a <noscript>', WELL_FORMED.replace('</body>', '<noscript><a href="/n.pdf">n</a></noscript></body>')],
    ['an <svg>', WELL_FORMED.replace('</body>', '<svg><path d="M0 0"/></svg></body>')],
    ['a NUL character', WELL_FORMED.replace('年度报告.pdf', '年度\0报告.pdf')],
  ])('leaves the page to parse5 when it has %s', (_, html) => {
    const $ = loadPage(html);
    expect('refused' in $).toBe(false);
    expect(builtByParse5($ as cheerio.CheerioAPI)).toBe(true);
  });

  it('refuses a page past its bounds as it counts', () => {
    const deep = `<html><body>${'<div>'.repeat(DETAIL_PAGE_BOUNDS.depth + 1)}</body></html>`;
    expect(loadPage(deep)).toEqual({
      refused: `too_complex: the report page was not read for metadata and attachments: more than ${DETAIL_PAGE_BOUNDS.depth} elements nested in one another`,
    });
  });
});

describe('readDetailPage reads as on a browser’s tree', () => {
  const pages = [...pagesUnder(path.join(ROOT, 'replica', 'sites')), ...pagesUnder(path.join(ROOT, 'test', 'crawlers', 'sites'))].map(
    (f) => decodeText(fs.readFileSync(f), null).text,
  );

  it('on every replica and fixture page as written', () => {
    expect(pages.length).toBeGreaterThan(300);
    let fast = 0;
    for (const html of pages) {
      const $ = loadPage(html) as cheerio.CheerioAPI;
      if (!builtByParse5($)) fast++;
      expect(readDetailPage(html, URL_)).toEqual(readDetailDom(cheerio.load(html), URL_));
    }
    // Most of them are well formed: the fast tree is the common case, not a curiosity.
    expect(fast).toBeGreaterThan(pages.length * 0.9);
  });

  it('on 600 broken variants of them (end tags dropped, <body> removed, CR line ends, stray tags)', () => {
    const rnd = random(20261130);
    let read = 0;
    for (let v = 0; read < 600; v++) {
      const html = pages[v % pages.length]!;
      const drop = 0.05 + 0.5 * rnd();
      let broken = html.replace(/<\/(td|tr|p|div|li|span|a|table|tbody|body|html|head|b|font)>/gi, (m) => (rnd() < drop ? '' : m));
      if (rnd() < 0.3) broken = broken.replace(/<\/?(body|html|head)[^>]*>/gi, '');
      if (rnd() < 0.3) broken = broken.replace(/\n/g, '\r\n');
      if (rnd() < 0.3) broken = broken.replace(/<p>/i, '<p></span></a>');
      expect(readDetailPage(broken, URL_)).toEqual(readDetailDom(cheerio.load(broken), URL_));
      read++;
    }
  });
});
