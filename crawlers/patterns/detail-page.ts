// A report's detail page: its metadata (ArticleTitle, PubDate, 索引号, 发布机构 …) and its attachments, with the
// OLDSRC path of TRS as a second address when the link itself is dead (site-patterns.md §3.1, §3.5). A page nested
// too deep or holding too many elements for a DOM is refused, before one is built, with the reason. Pure.
import * as cheerio from 'cheerio';
import { Parser } from 'htmlparser2';

export interface Attachment {
  url: string;
  text: string;
  /** Other addresses of the same file (TRS OLDSRC), tried when `url` fails. */
  alternates: string[];
}

const META_NAMES = ['ArticleTitle', 'PubDate', 'ContentSource', 'SiteName', 'SiteDomain', 'SiteIDCode', 'ColumnName', 'ColumnType', 'Keywords', 'Description'];
/** Labels of the metadata block above an article. */
const META_LABELS =
  /^(索引号|发布机构|发文机关|发布单位|信息来源|成文日期|发文日期|发布日期|公布日期|文号|发文字号|名称|标题|主题分类|分类|组配分类|有效性|时效)$/;
const FILE = /\.(pdf|docx?|wps|xlsx?|et|ofd|zip|rar)(\?|$)/i;

/**
 * What a report page may hold for its DOM to be built: a DOM parser's cost grows with the square of the nesting (a
 * page 100,000 <div>s deep took 100 s), and a real report page is a few hundred elements a dozen deep.
 */
export const DETAIL_PAGE_BOUNDS = { depth: 1_000, elements: 200_000 };

class PageTooComplex extends Error {}

/**
 * Why the page is beyond DETAIL_PAGE_BOUNDS, or null. Counted with htmlparser2's callbacks, stopped at the first bound
 * passed, so that the count itself stays cheap (its stack, too, costs the square of the nesting).
 */
export function detailPageRefusal(html: string): string | null {
  let depth = 0;
  let elements = 0;
  const parser = new Parser({
    onopentag() {
      elements++;
      depth++;
      if (depth > DETAIL_PAGE_BOUNDS.depth) throw new PageTooComplex(`more than ${DETAIL_PAGE_BOUNDS.depth} elements nested in one another`);
      if (elements > DETAIL_PAGE_BOUNDS.elements) throw new PageTooComplex(`more than ${DETAIL_PAGE_BOUNDS.elements} elements`);
    },
    onclosetag() {
      depth--;
    },
  });
  try {
    parser.end(html);
  } catch (err) {
    if (err instanceof PageTooComplex) return `too_complex: the report page was not read for metadata and attachments: ${err.message}`;
    throw err;
  }
  return null;
}

/**
 * The page's metadata and attachments; a page beyond DETAIL_PAGE_BOUNDS gives neither, and `refused` says why (the
 * page itself is still a document: its reader refuses it with its own bounds).
 */
export function readDetailPage(html: string, pageUrl: string): { meta: Record<string, string>; attachments: Attachment[]; refused?: string } {
  const refused = detailPageRefusal(html);
  if (refused) return { meta: {}, attachments: [], refused };
  const $ = cheerio.load(html);
  const meta: Record<string, string> = {};
  for (const name of META_NAMES) {
    const v = $(`meta[name="${name}"], meta[name="${name.toLowerCase()}"]`).attr('content')?.trim();
    if (v) meta[name] = v;
  }
  const title = $('title').first().text().trim();
  if (title) meta.title = title;
  $('td, th, span, li, label').each((_, el) => {
    const label = $(el)
      .text()
      .replace(/[\s:：]/g, '');
    if (!META_LABELS.test(label) || meta[label]) return;
    const value = $(el).next().text().replace(/\s+/g, ' ').trim();
    if (value && value.length < 200) meta[label] = value;
  });
  const attachments: Attachment[] = [];
  const seen = new Set<string>();
  $('a[href]').each((_, el) => {
    const a = $(el);
    const href = (a.attr('href') ?? '').trim();
    const oldsrc = (a.attr('oldsrc') ?? '').trim();
    const isFile = FILE.test(href) || a.attr('appendix') !== undefined || /download|attach|filedown|getfile/i.test(href) || FILE.test(oldsrc);
    if (!href || /^(javascript|mailto):/i.test(href) || !isFile) return;
    let url: string;
    try {
      url = new URL(href, pageUrl).toString();
    } catch {
      return;
    }
    if (seen.has(url)) return;
    seen.add(url);
    const alternates: string[] = [];
    if (oldsrc) {
      try {
        alternates.push(new URL(oldsrc, pageUrl).toString());
      } catch {
        // ignore a broken OLDSRC
      }
    }
    attachments.push({ url, text: (a.attr('download') || a.text()).replace(/\s+/g, ' ').trim(), alternates });
  });
  return { meta, attachments };
}
