// Title, agency name, report year and dates, from the strongest source to the weakest: the title lines, the opening
// and statistical-period sentences, the signature, then the page metadata and link text (hints).
// The year is never taken from a publication date alone without a finding.
import type { Block, Finding, NameSource, ParseHints, ReportMetadata, YearSource } from '../types.js';
import { norm } from '../../domain/normalize.js';
import { detectHeading } from './sections.js';

/** The metadata read from the document and its link (ReportMetadata), with the findings made on the way. */
export interface Metadata extends ReportMetadata {
  findings: Finding[];
}

/** {agency}{year}年(度)?{政府信息公开|政务公开|信息公开}(工作)?(年度)?{报告|年报}, after whitespace removal. */
const TITLE = /^(?<agency>.*?)(?<year>(?:19|20)\d{2})年度?(?:的)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)/;
const TITLE_LOOSE = /(?<year>(?:19|20)\d{2})年度?(?:的)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)/;
/** 统计期限自2021年1月1日起至2021年12月31日止 / 统计期限为2019年1月1日起至2019年12月31日止 */
const PERIOD = /统计(?:期限|时限|区间|时间)[^。]{0,12}?((?:19|20)\d{2})年1月1日[^。]{0,8}?至((?:19|20)\d{2})年12月31日/;
/** 由北京市密云区北庄镇人民政府编制的2019年度… / 编制《北京市密云区大城子镇人民政府2025年…》 */
const OPENING = /由(.{2,40}?)编制的?((?:19|20)\d{2})年度?/;
const OPENING_BOOK = /《(.{2,40}?)((?:19|20)\d{2})年度?(?:政府信息公开|政务公开)(?:工作)?(?:年度)?报告》/;
/** 2021年潞城镇政府信息公开工作年度报告: the year first, then the agency. */
const TITLE_YEAR_FIRST = /^(?<year>(?:19|20)\d{2})年度?(?<agency>[^，。,]{2,40}?)(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)/;
const DATE = /^((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日$/;
/** Field prefixes of web archives and saved pages: 标题: / 文章标题： / 【标题】 / Title: (the title itself follows). */
const TITLE_PREFIX = /^(?:【(?:标题|题目)】|(?:文章标题|信息标题|标题|题目|title)[:：])/i;
/** 当前位置：首页 > 政务公开 > … — site chrome (breadcrumbs), never a title or an agency. */
const BREADCRUMB = /^(?:当前位置|您的位置|您现在的位置|你的位置|所在位置|当前页面|位置)[:：]/;
/** 来源：X / 发布机构：X / 信息来源：X — the publishing organ as the page states it. */
const SOURCE_LINE = /^(?:来源|信息来源|发布机构|发文机关|发布单位|公开主体|发布部门)[:：]([^\s:：|,，]{2,40})/;
/** 发布日期：2022-01-20 / 发布时间：2022年1月20日 */
const PUBLISHED_LINE = /(?:发布日期|发布时间|成文日期|公开日期|发文日期)[:：]((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})/;
const AGENCY_END = /(人民政府|政府|办事处|委员会|局|办公室|办公厅|中心|管委会|委|办|院|署|所|队|站)$/;

function pad(n: string): string {
  return n.padStart(2, '0');
}

/** Where a breadcrumb starts, wherever it is on the line (a site's menu words can be glued in front of it). */
const CRUMB_MARK = /(?:您当前的位置|您当前位置|您现在的位置|您的位置|你的位置|当前位置|所在位置|当前页面)[:：]?/g;
/** Column names of government sites that breadcrumbs print glued together (首页政务公开…年报四面山镇), longest first. */
const CRUMB_WORDS = [
  '政府信息公开工作年度报告',
  '政府信息公开年度报告',
  '政府信息公开年报',
  '法定主动公开内容',
  '信息公开年报',
  '政府信息公开',
  '政务公开',
  '信息公开',
  '主动公开',
  '年度报告',
  '工作年报',
  '公开年报',
  '网站首页',
  '政务服务',
  '互动交流',
  '通知公告',
  '首页',
  '年报',
  '正文',
];

/**
 * A name behind site chrome: after the breadcrumb's last step (segments parted by > › » / or glued column names
 * (首页政务公开…年报), whatever menu words come before 当前位置); the name itself when there is no breadcrumb.
 */
function afterBreadcrumb(name: string): string {
  const marks = [...name.matchAll(CRUMB_MARK)];
  if (marks.length === 0) return name;
  const last = marks.at(-1)!;
  let rest = name
    .slice(last.index + last[0].length)
    .split(/[>＞»›→/]/)
    .at(-1)!;
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const w of CRUMB_WORDS) {
      if (rest.startsWith(w) && rest.length >= w.length + 2) {
        rest = rest.slice(w.length);
        stripped = true;
        break;
      }
    }
  }
  return rest;
}

/** Markdown and similar markup around a title line: # headings, > quotes, list bullets, ** / __ emphasis, `code`. */
function stripMarkup(n: string): string {
  return n
    .replace(/^[#>*+\-•·~_`]+/, '')
    .replace(/\*\*|__|~~|`/g, '')
    .replace(/[#*~_`]+$/, '');
}

function cleanAgency(name: string): string | null {
  // Chrome glued in front of a name (当前位置:首页>…>北京市…) is not part of it: what follows the breadcrumb is.
  const n = stripMarkup(afterBreadcrumb(stripMarkup(name)))
    .replace(TITLE_PREFIX, '')
    .replace(/^关于/, '')
    .replace(/[《》"“”]/g, '')
    .trim();
  return n.length >= 2 ? n : null;
}

/**
 * A line of the page's dates (发布日期：… 浏览次数：…), skipped on the way to the title; not a title that the date
 * follows on the same line, as a flattened page prints them (…2022年政府信息公开工作年度报告 发布日期：2023-03-28 …).
 */
function isDateLine(n: string): boolean {
  const date = PUBLISHED_LINE.exec(n);
  if (!date) return false;
  const title = TITLE_LOOSE.exec(n);
  return !title || title.index > date.index;
}

/** The title: the first lines before the body starts, joined (titles are often split over two or three lines). */
function readTitle(paras: { text: string; n: string }[]): { title: string; agency: string | null; year: number } | null {
  const head: string[] = [];
  for (const p of paras.slice(0, 10)) {
    // Archive fields and chrome above the title are skipped; a title behind a field prefix is the title.
    if ((BREADCRUMB.test(p.n) && !TITLE_LOOSE.test(p.n)) || SOURCE_LINE.test(p.n) || isDateLine(p.n) || /^(原文链接|链接|网址|url)[:：]/i.test(p.n)) continue;
    const n = stripMarkup(stripMarkup(p.n).replace(TITLE_PREFIX, ''));
    if (detectHeading(p.text) || /^(依据|根据|本报告|按照)/.test(n)) break;
    // A title glued to the text after it (a flattened page) is read from the start of the line, also after chrome
    // lines the head already holds (the runs below try the head's own lines first).
    if (n.length > 60) {
      head.push(n.slice(0, 60));
      break;
    }
    head.push(n);
  }
  // Try every run of consecutive head lines (the title may repeat, or follow a site banner line).
  for (let start = 0; start < head.length; start++) {
    let joined = '';
    for (let end = start; end < Math.min(head.length, start + 3); end++) {
      joined += head[end];
      const m = TITLE.exec(joined) ?? TITLE_YEAR_FIRST.exec(joined);
      if (m?.groups) {
        const agency = cleanAgency(m.groups.agency ?? '');
        const title = m[0].length < joined.length && joined.length >= 60 ? m[0] : joined;
        return { title: afterBreadcrumb(title), agency, year: Number(m.groups.year) };
      }
    }
  }
  return null;
}

function fromText(text: string | undefined): { agency: string | null; year: number } | null {
  if (!text) return null;
  const n = stripMarkup(stripMarkup(norm(text)).replace(TITLE_PREFIX, ''));
  const m = TITLE.exec(n) ?? TITLE_LOOSE.exec(n);
  if (!m?.groups) return null;
  const agency = m.groups.agency !== undefined ? cleanAgency(m.groups.agency) : null;
  return { agency, year: Number(m.groups.year) };
}

function readSignature(paras: { text: string; n: string }[]): { name: string | null; date: string | null } {
  let date: string | null = null;
  let name: string | null = null;
  const tail = paras.slice(-4);
  for (let i = tail.length - 1; i >= 0; i--) {
    const t = tail[i]!.n;
    const d = DATE.exec(t);
    if (d && !date) {
      date = `${d[1]}-${pad(d[2]!)}-${pad(d[3]!)}`;
      const prev = tail[i - 1]?.n;
      if (prev && prev.length <= 40 && AGENCY_END.test(prev)) name = prev;
      break;
    }
  }
  return { name, date };
}

export function readMetadata(blocks: Block[], hints: ParseHints, pageTitle?: string): Metadata {
  const findings: Finding[] = [];
  const paras = blocks.flatMap((b) => (b.kind === 'para' ? [{ text: b.text, n: norm(b.text) }] : []));
  const all = paras.map((p) => p.n).join('\n');

  const title = readTitle(paras);
  const signature = readSignature(paras);
  const period = PERIOD.exec(all);
  const periodYear = period ? Number(period[1]) : null;
  const opening = OPENING.exec(all) ?? OPENING_BOOK.exec(all);
  const meta = fromText(hints.meta?.ArticleTitle ?? pageTitle);
  // 来源/发布机构 and 发布日期 lines of a saved page or a web archive (only near the top, where pages print them).
  const top = paras.slice(0, 12).map((p) => p.n);
  const sourceName = top.map((n) => SOURCE_LINE.exec(n)?.[1]).find((x) => x && AGENCY_END.test(x)) ?? null;
  const publishedLine = top.map((n) => PUBLISHED_LINE.exec(n)).find((x) => x) ?? null;
  const link = fromText(hints.linkText);

  let agencyName: string | null = null;
  let nameSource: NameSource | null = null;
  const candidates: [string | null | undefined, NameSource][] = [
    [title?.agency, 'title'],
    [opening ? cleanAgency(opening[1]!) : null, 'opening'],
    [signature.name, 'signature'],
    [meta?.agency, 'metadata'],
    [sourceName, 'metadata'],
    [link?.agency, 'link'],
  ];
  for (const [name, source] of candidates) {
    if (name) {
      agencyName = name;
      nameSource = source;
      break;
    }
  }

  let year: number | null = null;
  let yearSource: YearSource | null = null;
  const years: [number | null | undefined, YearSource][] = [
    [title?.year, 'title'],
    [periodYear, 'period'],
    [opening ? Number(opening[2]) : null, 'opening'],
    [meta?.year, 'metadata'],
    [link?.year, 'link'],
  ];
  for (const [y, source] of years) {
    if (y) {
      year = y;
      yearSource = source;
      break;
    }
  }
  const publishedAt = hints.publishedAt ?? (publishedLine ? `${publishedLine[1]}-${pad(publishedLine[2]!)}-${pad(publishedLine[3]!)}` : null) ?? signature.date;
  if (!year && publishedAt) {
    year = Number(publishedAt.slice(0, 4)) - 1;
    yearSource = 'publication';
    findings.push({
      rule: 'meta.year_from_publication',
      severity: 'warning',
      message: `no year in the title, text or metadata; assumed ${year} from the publication date ${publishedAt}`,
      keys: [],
    });
  }
  if (!title) {
    findings.push({
      rule: 'meta.title_missing',
      severity: agencyName && year ? 'info' : 'warning',
      message: `no report title at the top of the document${nameSource ? `; agency from the ${nameSource}` : ''}`,
      keys: [],
    });
  }
  return {
    title: title?.title ?? (hints.linkText ? norm(hints.linkText) : null),
    agencyName,
    nameSource,
    year,
    yearSource,
    periodYear,
    signatureName: signature.name,
    signatureDate: signature.date,
    publishedAt: publishedAt ?? null,
    local: null,
    findings,
  };
}
