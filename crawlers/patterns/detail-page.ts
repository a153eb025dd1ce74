// A report's detail page: its metadata (ArticleTitle, PubDate, 索引号, 发布机构 …), its attachments, with the
// OLDSRC path of TRS as a second address when the link itself is dead (site-patterns.md §3.1, §3.5), and the images
// of its article when its tables may be pictures (read by OCR with the page). A page nested too deep or holding too
// many elements for a DOM is refused, before one is built, with the reason. Pure: no fetching, no file access.
import * as cheerio from 'cheerio';
import { Parser } from 'htmlparser2';

export interface Attachment {
  url: string;
  text: string;
  /** Other addresses of the same file (TRS OLDSRC), tried when `url` fails. */
  alternates: string[];
  /**
   * Set for an image shown in the page's article (a table pasted as a picture): archived with the page and read in
   * its place when the page is read, never as a report of its own. `src` is the attribute as written in the page.
   */
  image?: { src: string };
}

const META_NAMES = ['ArticleTitle', 'PubDate', 'ContentSource', 'SiteName', 'SiteDomain', 'SiteIDCode', 'ColumnName', 'ColumnType', 'Keywords', 'Description'];
/** Labels of the metadata block above an article. */
const META_LABELS =
  /^(索引号|发布机构|发文机关|发布单位|信息来源|成文日期|发文日期|发布日期|公布日期|文号|发文字号|名称|标题|主题分类|分类|组配分类|有效性|时效)$/;
const FILE = /\.(pdf|docx?|wps|xlsx?|et|ofd|zip|rar)(\?|$)/i;
/**
 * A report published as images (scanned pages linked one by one): followed like a PDF, and read by OCR with the page
 * that links them, in the page's order, so that its pages make one report.
 */
const IMAGE_FILE = /\.(jpe?g|png|gif|tiff?|bmp|webp)(\?|$)/i;
/**
 * Words of each statutory table (第二十条第 = the articles of table 2's rows, 本年新收 = received this year in table 3,
 * 复议后起诉 / 未经复议直接起诉 = the suits of table 4): a page whose text has all three has no table as a picture.
 */
const TABLE_WORDS = [/第二十条第/, /本年新收/, /复议后起诉|未经复议直接起诉/];
/** Image names of page chrome (logos, icons, buttons, QR codes 二维码 ewm/erweima, share and print links, spacers). */
const CHROME_IMAGE =
  /logo|icon|ico[_.-]|banner|btn|button|arrow|qrcode|qr[_.-]|ewm|erweima|share|print|close|search|weixin|weibo|wechat|dot[_.-]|line[_.-]|bg[_.-]|spacer|blank/i;
/** Page chrome by element name or class/id: its images are not the report's. */
const CHROME_PARENT =
  'header, footer, nav, [class*="head"], [class*="foot"], [class*="nav"], [id*="head"], [id*="foot"], [id*="nav"], [class*="share"], [class*="logo"]';
/** Images one page may hand over for OCR: a report's tables take a few pages; a photo gallery is not a report. */
export const MAX_PAGE_IMAGES = 12;

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
  // A page whose text holds every table is the report: its pictures (photos, scans of the same) are not read.
  const body = $('body').text();
  const wantsImages = !TABLE_WORDS.every((w) => w.test(body));
  let images = 0;
  $('a[href]').each((_, el) => {
    const a = $(el);
    const href = (a.attr('href') ?? '').trim();
    const oldsrc = (a.attr('oldsrc') ?? '').trim();
    const isImage = IMAGE_FILE.test(href);
    const isFile = isImage || FILE.test(href) || a.attr('appendix') !== undefined || /download|attach|filedown|getfile/i.test(href) || FILE.test(oldsrc);
    if (!href || /^(javascript|mailto):/i.test(href) || !isFile) return;
    if (isImage && (!wantsImages || images >= MAX_PAGE_IMAGES)) return;
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
    const text = (a.attr('download') || a.text()).replace(/\s+/g, ' ').trim();
    if (isImage) images++;
    attachments.push({ url, text, alternates, ...(isImage ? { image: { src: href } } : {}) });
  });
  if (wantsImages) attachments.push(...contentImages($, pageUrl, seen, MAX_PAGE_IMAGES - images));
  return { meta, attachments };
}

/** The images of the page's content (not its chrome, not icons), in page order, at most `max`. */
function contentImages($: cheerio.CheerioAPI, pageUrl: string, seen: Set<string>, max: number): Attachment[] {
  const out: Attachment[] = [];
  $('img[src]').each((_, el) => {
    const img = $(el);
    const src = (img.attr('src') ?? '').trim();
    if (!src || /^(data|javascript):/i.test(src) || CHROME_IMAGE.test(src) || img.closest(CHROME_PARENT).length > 0) return;
    // A thumbnail linking to the full image: the link is read (see IMAGE_FILE), not its thumbnail.
    if (IMAGE_FILE.test(img.closest('a[href]').attr('href') ?? '')) return;
    // Declared smaller than a legible table: an icon or a bullet. (Undeclared sizes pass: most editors write none.)
    const size = (a: string) => Number.parseInt(img.attr(a) ?? '', 10);
    if (size('width') < 100 || size('height') < 60) return;
    let url: string;
    try {
      url = new URL(src, pageUrl).toString();
    } catch {
      return;
    }
    if (!/^https?:$/.test(new URL(url).protocol) || seen.has(url) || out.length >= max) return;
    seen.add(url);
    out.push({ url, text: (img.attr('alt') ?? img.attr('title') ?? '').trim(), alternates: [], image: { src } });
  });
  return out;
}
