// Reads a list or column page: report entries (by their full title), pagination (下一页 links, plus what the CMS's
// own pagers add: TRS createPageHTML with its 0-based index_N pages, Hanweb's embedded datastore and dataproxy
// groups), columns worth exploring (信息公开 → 年报 → a year or a unit), and the links that fit no rule.
// Pure: (html, url, pagers) → reading. The CMS patterns (trs.ts, hanweb.ts, generic.ts) choose the pagers.
import type { FoundLink, ListItem, PageReading, PageRequest } from '../types.js';
import { readLinks } from './links.js';
import { judgeTitle } from './report-title.js';

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** Link texts of the columns that lead to reports (site-patterns.md §1.2): 政府信息公开, 年报, a year, units. */
const COLUMN_TEXT =
  /^(政府)?信息公开(专栏|目录|平台)?$|^政务公开$|^政府信息公开(指南|制度)?专栏$|年报|年度报告|^\d{4}年度?$|^\d{4}年报$|部门信息公开|乡镇|街道信息公开|镇街|部门街镇|区政府部门|区属部门|^(法定)?主动公开(内容)?$/;
/** Path tokens of those columns in real URLs (site-patterns.md §1.3). */
const COLUMN_PATH = /\/(zfxxgk|xxgk|xxgkzl|zwgk|zfxxgkzl|zfxxgknb|gknb\d{0,4}|\d{4}nb|zfxxgkndbg|ndbg|annualreport|nb)(\/|$|\.|_)|xxgkAnnualReport/i;
/** Links that never lead to reports even when their URL has a token: site chrome. */
const CHROME = /^(首页|网站首页|返回首页|上一页|尾页|首页|更多|more|English|无障碍|关怀版|登录|注册|网站地图|联系我们|站点地图|打印|关闭)$/i;
const NEXT = /^(下一页|下页|后一页|>|›|»|next)$/i;

/** What a CMS adds to a list page beyond its links: entries embedded as data, and the requests for further pages. */
export type Pager = (html: string, pageUrl: string) => { records: FoundLink[]; next: PageRequest[] };

/** TRS pages: createPageHTML(count, index, "index", "html") — index is 0-based; page i ≥ 1 is index_i.html. */
export const trsPager: Pager = (html, pageUrl) => ({ records: [], next: trsPages(html, pageUrl) });

function trsPages(html: string, pageUrl: string): PageRequest[] {
  const m =
    /createPage(?:HTML)?\(\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*["']([\w-]*)["']\s*,\s*["'](\w*)["'])?/.exec(html) ??
    (() => {
      const count = /var\s+countPage\s*=\s*(\d+)/.exec(html);
      const current = /var\s+currentPage\s*=\s*(\d+)/.exec(html);
      return count && current ? ([count[0], count[1]!, current[1]!, undefined, undefined] as unknown as RegExpExecArray) : null;
    })();
  if (!m) return [];
  const count = Math.min(Number(m[1]), 500);
  const current = Number(m[2]);
  if (current !== 0 || count <= 1) return [];
  const url = new URL(pageUrl);
  const last = url.pathname.split('/').pop() ?? '';
  const ext = m[4] || (/\.(\w+)$/.exec(last)?.[1] ?? 'html');
  const name = m[3] || 'index';
  const dir = url.pathname.endsWith('/') ? url.pathname : url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
  return Array.from({ length: count - 1 }, (_, i) => ({ url: new URL(`${dir}${name}_${i + 1}.${ext}`, url).toString(), kind: 'html' as const }));
}

export function isColumnLink(link: FoundLink): boolean {
  const text = norm(link.title || link.text);
  if (CHROME.test(text)) return false;
  // Column names are short; a long text with 年报 in it is a document's title (a notice about the reports).
  if (COLUMN_TEXT.test(text)) return text.length <= 16;
  let path = '';
  try {
    path = new URL(link.url).pathname;
  } catch {
    return false;
  }
  // A URL token alone is enough only for links without words of their own (icons) or short unit names.
  return COLUMN_PATH.test(path) && text.length <= 12 && !/\.(pdf|docx?|xlsx?|wps|zip|rar|jpg|png)$/i.test(path);
}

/** A link into the subtree of the page's own column (/xxgk/c100002/ under /xxgk/): a unit or sub-column. */
function isChildColumn(link: FoundLink, pageUrl: string): boolean {
  const text = norm(link.title || link.text);
  if (!text || text.length > 15 || CHROME.test(text)) return false;
  try {
    const page = new URL(pageUrl);
    const target = new URL(link.url);
    const dir = page.pathname.slice(0, page.pathname.lastIndexOf('/') + 1);
    const rest = target.pathname.slice(dir.length);
    return target.host === page.host && dir.length > 1 && target.pathname.startsWith(dir) && /^[\w-]+\/(index\.s?html?)?$/.test(rest);
  } catch {
    return false;
  }
}

/** Splits entries read from list data (API records, datastore records) by their full title: reports (once per URL), look-alikes, the rest. */
export function sortEntries(links: readonly FoundLink[]): Pick<PageReading, 'items' | 'lookAlikes' | 'unmatched'> {
  const out: Pick<PageReading, 'items' | 'lookAlikes' | 'unmatched'> = { items: [], lookAlikes: [], unmatched: [] };
  const seen = new Set<string>();
  for (const link of links) {
    const title = link.title || link.text;
    const verdict = judgeTitle(title);
    if (verdict === 'report') {
      if (!seen.has(link.url)) out.items.push({ url: link.url, title: norm(title) });
      seen.add(link.url);
    } else if (verdict === 'look-alike') out.lookAlikes.push(link);
    else out.unmatched.push(link);
  }
  return out;
}

/** Reads a list page with the given pagers (every known one when the CMS is not known). */
export function readListPage(html: string, pageUrl: string, pagers: readonly Pager[]): PageReading {
  const items: ListItem[] = [];
  const next: PageRequest[] = [];
  const columns: FoundLink[] = [];
  const unmatched: FoundLink[] = [];
  const lookAlikes: FoundLink[] = [];
  const seen = new Set<string>();
  const consider = (link: FoundLink) => {
    const title = link.title || link.text;
    const verdict = judgeTitle(title);
    if (verdict === 'report') {
      if (!seen.has(link.url)) items.push({ url: link.url, title: norm(title) });
      seen.add(link.url);
      // The same report linked through a mirror too: one request, the mirror URL recorded as another place of it.
      const item = items.find((i) => i.url === link.url)!;
      if (link.via && !item.alsoAt?.includes(link.via)) item.alsoAt = [...(item.alsoAt ?? []), link.via];
    } else if (verdict === 'look-alike' && !isColumnLink(link)) lookAlikes.push(link);
    else if (NEXT.test(norm(link.text))) next.push({ url: link.url, kind: 'html' });
    else if (isColumnLink(link) || isChildColumn(link, pageUrl)) columns.push(link);
    else unmatched.push(link);
  };
  for (const link of readLinks(html, pageUrl)) consider(link);
  const paged = pagers.map((pager) => pager(html, pageUrl));
  for (const p of paged) for (const link of p.records) consider(link);
  for (const p of paged) next.push(...p.next);
  // Links that fit no rule matter only on pages that list reports (elsewhere they are the site's navigation).
  return { items, next, columns, unmatched: items.length ? unmatched : [], lookAlikes };
}
