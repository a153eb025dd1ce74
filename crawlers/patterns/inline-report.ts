// Column pages that render their newest report inline instead of linking it (海淀's 信息公开大厅 columns): the page
// itself is a report entry, found by a report title in its heading or page title. Pure.
import * as cheerio from 'cheerio';
import type { PageReading } from '../types.js';
import type { Page } from './pattern.js';
import { judgeTitle } from './report-title.js';

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** The report title a page displays as its own (meta ArticleTitle, a heading, the <title>), or null. */
export function inlineReportTitle(html: string): string | null {
  const $ = cheerio.load(html);
  const candidates = [
    $('meta[name="ArticleTitle"]').attr('content') ?? '',
    ...$('h1, h2, .title, .article-title')
      .toArray()
      .map((el) => $(el).text()),
    $('title').first().text(),
  ];
  for (const c of candidates) {
    // A <title> often carries the site name after a separator: the report title is its first part.
    const t = norm(c.split(/[-_|｜—]{1,2}(?=[^-_|｜—]*$)/)[0] ?? c);
    if (t && judgeTitle(t) === 'report') return t;
  }
  return null;
}

/** A list reader that also takes the page itself as a report entry when it displays one inline. */
export function withInlineReport(readList: (page: Page) => PageReading): (page: Page) => PageReading {
  return (page) => {
    const reading = readList(page);
    const title = inlineReportTitle(page.text);
    if (title && !reading.items.some((i) => i.url === page.url)) reading.items.unshift({ url: page.url, title });
    return reading;
  };
}
