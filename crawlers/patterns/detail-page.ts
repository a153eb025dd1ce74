// A report's detail page: its metadata (ArticleTitle, PubDate, 索引号, 发布机构 …), its attachments, with the
// OLDSRC path of TRS as a second address when the link itself is dead (site-patterns.md §3.1, §3.5), and the images
// of its article when its tables may be pictures (read by OCR with the page). A page nested too deep or holding too
// many elements for a DOM is refused with the reason (page-dom.ts). Pure: no fetching, no file access.
import type * as cheerio from 'cheerio';
import { type AnyNode, hasChildren, isComment, isText } from 'domhandler';
import { loadPage } from './page-dom.js';

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
const LABELS = [
  '索引号',
  '发布机构',
  '发文机关',
  '发布单位',
  '信息来源',
  '成文日期',
  '发文日期',
  '发布日期',
  '公布日期',
  '文号',
  '发文字号',
  '名称',
  '标题',
  '主题分类',
  '分类',
  '组配分类',
  '有效性',
  '时效',
];
const META_LABELS = new Set(LABELS);
const LONGEST_LABEL = Math.max(...LABELS.map((l) => l.length));
/** What a label's cell may hold around its words (`索引号：`). */
const LABEL_NOISE = /[\s:：]/g;
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
 * The page's metadata and attachments; a page beyond DETAIL_PAGE_BOUNDS gives neither, and `refused` says why (the
 * page itself is still a document: its reader refuses it with its own bounds).
 */
export function readDetailPage(html: string, pageUrl: string): { meta: Record<string, string>; attachments: Attachment[]; refused?: string } {
  const $ = loadPage(html);
  if ('refused' in $) return { meta: {}, attachments: [], refused: $.refused };
  return readDetailDom($, pageUrl);
}

/** readDetailPage of a page already loaded (whichever parser built its DOM). */
export function readDetailDom($: cheerio.CheerioAPI, pageUrl: string): { meta: Record<string, string>; attachments: Attachment[] } {
  const meta: Record<string, string> = {};
  // Each name's first <meta> (as written, or in lower case) decides, as a selector for it alone would: one pass.
  const decided = new Set<string>();
  $('meta[name]').each((_, el) => {
    const written = el.attribs.name!;
    const name = META_NAMES.find((n) => n === written || n.toLowerCase() === written);
    if (!name || decided.has(name)) return;
    decided.add(name);
    const v = el.attribs.content?.trim();
    if (v) meta[name] = v;
  });
  const title = $('title').first().text().trim();
  if (title) meta.title = title;
  $('td, th, span, li, label').each((_, el) => {
    const label = labelText(el);
    if (label === null || !META_LABELS.has(label) || meta[label]) return;
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

/**
 * The element's text without spaces and colons, as cheerio's .text() gives it, or null as soon as it is longer than any
 * label: a cell holding a whole table is not walked to its end (the walk of every cell was most of a page's reading).
 */
function labelText(el: AnyNode): string | null {
  let text = '';
  const walk = (node: AnyNode): boolean => {
    if (isText(node)) {
      text += node.data.replace(LABEL_NOISE, '');
      return text.length <= LONGEST_LABEL;
    }
    if (hasChildren(node) && !isComment(node)) return node.children.every(walk);
    return true;
  };
  return walk(el) ? text : null;
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
