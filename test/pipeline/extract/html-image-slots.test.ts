// Where a page's pictures are read (extractHtml's image slots): an <img> in the article where it stands, a linked
// scanned page after the link's text, one outside the article after it, each picture once, only those handed in.
import { expect, it } from 'vitest';
import { extractHtml } from '../../../pipeline/extract/html.js';

const PAGE = Buffer.from(`<html><head><meta charset="utf-8"><title>年报</title></head><body>
<div class="nav"><img src="/logo.png"></div>
<div class="article"><p>一、总体情况</p><p>全年主动公开政府信息280条。</p>
<p><img src="t2.jpg"></p><p>三、收到和处理政府信息公开申请情况</p><p><img src="t2.jpg"></p>
<p>附：<a href="scan-3.jpg">第三部分扫描件</a></p><p>四、行政复议、行政诉讼情况</p><p><img src="other.jpg"></p></div>
<p class="files"><a href="scan-4.jpg">第四部分</a></p></body></html>`);

it('places each picture handed in where the page shows it, once, and those outside the article after it', () => {
  const { blocks, imageSlots } = extractHtml(PAGE, { imageSources: new Set(['t2.jpg', 'scan-3.jpg', 'scan-4.jpg', '/logo.png']) });
  const text = (i: number) => (blocks[i]?.kind === 'para' ? blocks[i].text : null);
  expect(imageSlots.map((s) => [s.src, text(s.at - 1)])).toEqual([
    ['t2.jpg', '全年主动公开政府信息280条。'],
    ['scan-3.jpg', '附：第三部分扫描件'],
    // Outside the article, in the page's order (the crawler hands in no picture of the page's chrome).
    ['/logo.png', '四、行政复议、行政诉讼情况'],
    ['scan-4.jpg', '四、行政复议、行政诉讼情况'],
  ]);
});
