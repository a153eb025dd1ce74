// The scale replica's sites, as a pure plan: N fictional county portals (real county names, one loopback address
// each), their behaviour (normal, slow, failing, blocked, down), latency, 年报 list depth (1–50 pages) and what each
// page holds, all derived from the site's index so that any page can be rendered again without stored state.
// Renders pages; serves nothing (server.ts does).
import { readRegions } from '../../domain/regions/read-regions.js';
import { generateReport, rng } from '../generate-report.js';
import { renderHtml } from '../render-report.js';

export type ScaleBehaviour = 'ok' | 'slow' | 'failing' | 'blocked' | 'down';
export type ScaleBody = 'html' | 'pdf' | 'doc' | 'docx' | 'both';

export interface ScaleSite {
  index: number;
  id: string;
  /** The county's government, e.g. 北京市东城区人民政府. */
  name: string;
  county: string;
  regionCode: string;
  /** The loopback address its server binds (127.0.0.2, 127.0.0.3, … 127.0.1.x). */
  address: string;
  behaviour: ScaleBehaviour;
  /** Added before every answer (network and server time). */
  latencyMs: number;
  /** Pages of the 年报 list (index.html, index_1.html, …). */
  depth: number;
  /** Detail pages whose first request fails with 503 (a flaky server): every n-th item, 0 for none. */
  flakyEvery: number;
}

export interface ScaleItem {
  n: number;
  title: string;
  isReport: boolean;
  /** Path of the item's page on its site. */
  path: string;
  date: string;
  year: number;
  agency: string;
  body: ScaleBody;
  /** Path of the attachment, for bodies other than 'html'. */
  attachment: string | null;
}

export const ITEMS_PER_PAGE = 10;
const LIST_DIR = '/zwgk/zfxxgknb/';

/** Departments every county has (the reports of a county portal are mostly theirs and its townships'). */
const DEPARTMENTS = [
  '发展和改革委员会',
  '教育委员会',
  '财政局',
  '人力资源和社会保障局',
  '生态环境局',
  '住房和城乡建设委员会',
  '卫生健康委员会',
  '市场监督管理局',
  '应急管理局',
  '民政局',
];
/** Titles of the other documents of a 信息公开 list: notices (never followed) and look-alike annual reports. */
const OTHER_TITLES = [
  '关于做好{year}年政府信息公开工作年度报告编制工作的通知',
  '{county}{year}年法治政府建设年度报告',
  '{county}{year}年国民经济和社会发展统计公报',
  '关于公布{county}{year}年度行政规范性文件清理结果的通知',
];

let counties: { code: string; name: string; fullName: string; townships: string[] }[] | undefined;

function allCounties() {
  if (counties) return counties;
  const rows = readRegions();
  const towns = new Map<string, string[]>();
  for (const r of rows) if (r.level === 'township' && r.parentCode) towns.set(r.parentCode, [...(towns.get(r.parentCode) ?? []), r.name]);
  counties = rows.filter((r) => r.level === 'county').map((r) => ({ code: r.code, name: r.name, fullName: r.fullName, townships: towns.get(r.code) ?? [] }));
  return counties;
}

export function addressOf(index: number): string {
  return `127.0.${Math.floor(index / 250)}.${(index % 250) + 2}`;
}

/** Site `index` of a replica of `count` sites: the first is the deepest (50 pages); a few in every hundred misbehave. */
export function scaleSite(index: number, count: number): ScaleSite {
  const r = rng(9_000 + index);
  const all = allCounties();
  const county = all[Math.floor((index * all.length) / Math.max(count, 1))]!;
  const k = index % 100;
  const behaviour: ScaleBehaviour = k === 7 ? 'slow' : k === 13 ? 'failing' : k === 17 ? 'blocked' : k === 23 ? 'down' : 'ok';
  const d = r();
  const depth =
    index === 0
      ? 50
      : d < 0.55
        ? 1 + Math.floor(r() * 3)
        : d < 0.85
          ? 4 + Math.floor(r() * 9)
          : d < 0.97
            ? 13 + Math.floor(r() * 18)
            : 31 + Math.floor(r() * 20);
  return {
    index,
    id: `scale-${String(index + 1).padStart(3, '0')}`,
    name: `${county.fullName}人民政府`,
    county: county.fullName,
    regionCode: county.code,
    address: addressOf(index),
    behaviour,
    latencyMs: behaviour === 'slow' ? 2500 : 20 + Math.floor(r() * 180),
    // Slow sites are shallow: a slow server is the politeness bound only when it is also big.
    ...(behaviour === 'slow' ? { depth: 1 } : { depth }),
    flakyEvery: index % 10 === 3 ? 7 : 0,
  };
}

export function scaleSites(count: number): ScaleSite[] {
  return Array.from({ length: count }, (_, i) => scaleSite(i, count));
}

/** Item `n` of a site's list (page floor(n / 10)): the first three pages are mostly reports, deeper pages mostly other documents. */
export function scaleItem(site: ScaleSite, n: number): ScaleItem {
  const r = rng(site.index * 100_003 + n);
  const page = Math.floor(n / ITEMS_PER_PAGE);
  const isReport = r() < (page < 3 ? 0.8 : 0.1);
  const year = Math.max(2008, 2025 - Math.floor(n / 25) - (n % 3 === 0 ? 1 : 0));
  const month = 1 + (n % 3);
  const day = 1 + (n % 27);
  const date = `${year + 1}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const ym = date.slice(0, 7).replace('-', '');
  const ymd = date.replaceAll('-', '');
  const county = allCounties().find((c) => c.code === site.regionCode)!;
  const units = [
    site.name,
    ...DEPARTMENTS.map((x) => `${site.county}${x}`),
    ...county.townships.slice(0, 20).map((t) => `${site.county}${t}${/街道$/.test(t) ? '办事处' : '人民政府'}`),
  ];
  const agency = units[Math.floor(r() * units.length)]!;
  if (!isReport) {
    const title = OTHER_TITLES[n % OTHER_TITLES.length]!.replace('{year}', String(year)).replace('{county}', site.county);
    return { n, title, isReport, path: `/zwgk/tzgg/${ym}/t${ymd}_${n}.html`, date, year, agency, body: 'html', attachment: null };
  }
  const b = r();
  const body: ScaleBody = b < 0.65 ? 'html' : b < 0.8 ? 'pdf' : b < 0.85 ? 'doc' : b < 0.9 ? 'docx' : 'both';
  const ext = body === 'both' ? 'pdf' : body;
  return {
    n,
    title: `${agency}${year}年政府信息公开工作年度报告`,
    isReport,
    path: `${LIST_DIR}${ym}/t${ymd}_${n}.html`,
    date,
    year,
    agency,
    body,
    attachment: body === 'html' ? null : `${LIST_DIR}${ym}/P0${ymd}_${n}.${ext}`,
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function chrome(site: ScaleSite, title: string, body: string, meta = ''): string {
  return `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">${meta}
<title>${esc(title)}_${esc(site.name)}</title></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/hdjl/">互动交流</a> <a href="/bsfw/">办事服务</a></div>
${body}
<div class="footer"><p>主办单位：${esc(site.name)}　<a href="/sitemap/">网站地图</a>　<a href="/contact/">联系我们</a></p></div>
</body></html>
`;
}

/** The entry page of a site's 年报 column. */
export function entryPath(): string {
  return LIST_DIR;
}

/** List page `page` (0-based) of a site: ten items and the TRS pager. */
export function listPage(site: ScaleSite, page: number): string {
  const items = Array.from({ length: ITEMS_PER_PAGE }, (_, i) => scaleItem(site, page * ITEMS_PER_PAGE + i));
  const lis = items
    .map((it) => {
      const short = it.title.length > 22 ? `${it.title.slice(0, 22)}…` : it.title;
      return `<li><a href="${it.path}" target="_blank" title="${esc(it.title)}">${esc(short)}</a><span>${it.date}</span></li>`;
    })
    .join('\n');
  return chrome(
    site,
    '政府信息公开年报',
    `<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>\n<ul class="list">\n${lis}\n</ul>\n<div class="page"><script>createPageHTML(${site.depth}, ${page}, "index", "html");</script></div>`,
    '\n<meta name="ColumnName" content="政府信息公开年报">',
  );
}

/** The page of a report: the report itself ('html', 'both' with its PDF twin), or a stub pointing to its attachment. */
export function detailPage(site: ScaleSite, item: ScaleItem): string {
  if (item.body === 'html' || item.body === 'both') {
    const spec = generateReport(site.index * 100_003 + item.n, item.agency, item.year, { applications: 30, decisions: 800 });
    const html = renderHtml({ ...spec, publishedAt: item.date }, { style: 'word', chrome: true });
    if (item.body === 'html') return html;
    return html.replace(
      '</div>\n<div class="footer">',
      `</div>\n<p class="insertfileTag"><a appendix="true" href="${item.attachment}">${esc(item.title)}.pdf</a></p>\n<div class="footer">`,
    );
  }
  return chrome(
    site,
    item.title,
    `<table class="xxgk-info"><tr><td>发布机构</td><td>${esc(item.agency)}</td><td>发布日期</td><td>${item.date}</td></tr></table>
<div class="TRS_Editor"><p>${esc(item.title)}全文详见附件。</p></div>
<p class="insertfileTag"><a appendix="true" href="${item.attachment}">${esc(item.title)}.${item.body}</a></p>`,
    `\n<meta name="ArticleTitle" content="${esc(item.title)}"><meta name="PubDate" content="${item.date} 09:30">`,
  );
}

/** The item a detail or attachment path names, if it is one of the site's reports. */
export function itemOfPath(site: ScaleSite, pathname: string): { item: ScaleItem; part: 'page' | 'attachment' } | null {
  const m = /\/(?:t|P0)\d{8}_(\d+)\.(html|pdf|docx?)$/.exec(pathname);
  if (!m || !pathname.startsWith(LIST_DIR)) return null;
  const n = Number(m[1]);
  if (n >= site.depth * ITEMS_PER_PAGE) return null;
  const item = scaleItem(site, n);
  if (!item.isReport) return null;
  if (pathname === item.path) return { item, part: 'page' };
  if (pathname === item.attachment) return { item, part: 'attachment' };
  return null;
}
