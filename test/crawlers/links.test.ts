// The crawler's link reader (crawlers/patterns/links.ts) is linear in the page: a page nested 100,000 <div>s deep
// (which held the crawler 103 s in a DOM parser) is read in milliseconds, with the same links.
import { expect, it } from 'vitest';
import { readLinks } from '../../crawlers/patterns/links.js';

it('reads the links of a page nested 100,000 deep in well under a second', () => {
  const page = `<html><head><base href="/gk/"></head><body>${'<div>'.repeat(100_000)}<a href="a.html"><span>2023年</span>报告</a>${'</div>'.repeat(100_000)}<a href="x.pdf" title=" 附件 ">附件 &amp; 1</a><script>var s = '<a href="no.html">';</script><a href="#top">top</a></body></html>`;
  const t0 = performance.now();
  const links = readLinks(page, 'http://gov.test/list/index.html');
  expect(performance.now() - t0).toBeLessThan(500);
  expect(links).toEqual([
    { url: 'http://gov.test/gk/a.html', text: '2023年报告', title: '' },
    { url: 'http://gov.test/gk/x.pdf', text: '附件 & 1', title: '附件' },
  ]);
});
