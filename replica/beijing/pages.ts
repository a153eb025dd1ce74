// The Beijing replica's pages: every report URL that shared/registry/beijing.yaml records as stored (the real hosts,
// paths, id forms and date folders), the column pages that lead to them (those seen, and parents shaped like the
// real sites' trees), built from generated reports. Served by beijing/server.ts under the real host names. Pages that
// the evidence does not show and the replica adds to exercise discovery are marked `invented` in their comment.
import crypto from 'node:crypto';
import { generateReport } from '../generate-report.js';
import { renderHtml } from '../render-report.js';

export interface BeijingReport {
  url: string;
  /** The agency as the report's title prints it. */
  agency: string;
  year: number;
  /** The date the page was posted (the URL's date folder), not the report's date: reports are re-posted years later. */
  posted: string;
}

export interface ServedPage {
  url: string;
  body: string;
  contentType: string;
}

interface Link {
  href: string;
  text: string;
  title?: string;
  date?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const titleOf = (r: Pick<BeijingReport, 'agency' | 'year'>) => `${r.agency}${r.year}年政府信息公开工作年度报告`;
/** One seed per agency-year: every copy of a report (district site, qzf copy, mirror) carries the same numbers. */
const seedOf = (r: Pick<BeijingReport, 'agency' | 'year'>) => crypto.createHash('sha256').update(`${r.agency}|${r.year}`).digest().readUInt32BE(0);

/** An href as the real lists write it: relative (./202304/t….html) under the list's folder, else an absolute path. */
function hrefFrom(pageUrl: string, target: string): string {
  const page = new URL(pageUrl);
  const to = new URL(target);
  if (page.host !== to.host) return target;
  const dir = page.pathname.slice(0, page.pathname.lastIndexOf('/') + 1);
  return to.pathname.startsWith(dir) ? `./${to.pathname.slice(dir.length)}${to.search}` : `${to.pathname}${to.search}`;
}

function shell(siteName: string, title: string, body: string, extraHead = ''): string {
  return `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">${extraHead}<title>${esc(title)}_${esc(siteName)}</title></head>
<body>
<div class="header"><span class="logo">${esc(siteName)}</span> <a class="fanti" href="/gate/big5/HOST_PLACEHOLDER/">繁體</a></div>
${body}
<div class="footer"><p>主办：${esc(siteName)}　京ICP备05000000号</p></div>
</body></html>
`;
}

function page(url: string, siteName: string, title: string, body: string, extraHead = ''): ServedPage {
  const host = new URL(url).host;
  return { url, body: shell(siteName, title, body, extraHead).replace('HOST_PLACEHOLDER', host), contentType: 'text/html; charset=utf-8' };
}

/** A column page that links its child columns (years, categories, units). */
function column(url: string, siteName: string, title: string, links: Link[]): ServedPage {
  const items = links.map((l) => `<li><a href="${esc(l.href)}">${esc(l.text)}</a></li>`).join('\n');
  return page(
    url,
    siteName,
    title,
    `<div class="crumb">首页 &gt; ${esc(title)}</div>\n<h2 class="col-title">${esc(title)}</h2>\n<ul class="sub-columns">\n${items}\n</ul>`,
  );
}

/**
 * A TRS-style list: entries with the full title in `title` and a truncated link text, the posting date, and
 * createPageHTML(count, index, "index", "html") when the list runs over several pages.
 */
function list(
  url: string,
  siteName: string,
  title: string,
  reports: BeijingReport[],
  pager?: { count: number; index: number },
  extra: Link[] = [],
): ServedPage {
  const items = [
    ...reports.map((r) => {
      const t = titleOf(r);
      const shown = t.length > 24 ? `${t.slice(0, 23)}…` : t;
      return `<li><a href="${esc(hrefFrom(url, r.url))}" title="${esc(t)}" target="_blank">${esc(shown)}</a><span class="date">${r.posted}</span></li>`;
    }),
    ...extra.map(
      (l) =>
        `<li><a href="${esc(l.href)}"${l.title ? ` title="${esc(l.title)}"` : ''}>${esc(l.text)}</a>${l.date ? `<span class="date">${l.date}</span>` : ''}</li>`,
    ),
  ].join('\n');
  const script = pager ? `\n<script type="text/javascript">createPageHTML(${pager.count}, ${pager.index}, "index", "html");</script>` : '';
  return page(url, siteName, title, `<div class="crumb">首页 &gt; 政府信息公开 &gt; ${esc(title)}</div>\n<ul class="list">\n${items}\n</ul>${script}`);
}

/** A report's own page: the generated report with TRS metadata (ArticleTitle, PubDate = the posting date). */
function reportPage(r: BeijingReport, siteName: string, crumb: Link[] = []): ServedPage {
  const spec = generateReport(seedOf(r), r.agency, r.year);
  const article = /<div class="WordSection1">[\s\S]*<\/div>/.exec(renderHtml(spec, { chrome: false }))![0];
  const t = titleOf(r);
  const head = `<meta name="ArticleTitle" content="${esc(t)}"><meta name="PubDate" content="${r.posted} 10:00"><meta name="ContentSource" content="${esc(r.agency)}">`;
  const nav = crumb.map((l) => `<a href="${esc(l.href)}">${esc(l.text)}</a>`).join(' &gt; ');
  return page(
    r.url,
    siteName,
    t,
    `<div class="crumb">首页${nav ? ` &gt; ${nav}` : ''}</div>\n<h1 class="article-title">${esc(t)}</h1>\n<div class="info">发布时间：${r.posted}</div>\n<div class="TRS_Editor">\n${article}\n</div>`,
    head,
  );
}

/** 海淀's 信息公开大厅 column page: the unit's columns as tabs, the newest report rendered inline (no link to it). */
function inlineColumn(url: string, r: BeijingReport | null, siblings: Link[], fallback: string): ServedPage {
  const tabs = siblings.map((l) => `<li><a href="${esc(l.href)}">${esc(l.text)}</a></li>`).join('');
  if (!r)
    return page(
      url,
      '北京市海淀区人民政府',
      fallback,
      `<ul class="tabs">${tabs}</ul>\n<h1>${esc(fallback)}</h1>\n<p>为进一步做好政府信息公开工作，特编制本指南。</p>`,
    );
  const inner = reportPage({ ...r, url }, '北京市海淀区人民政府');
  return { ...inner, body: inner.body.replace('<div class="crumb">', `<ul class="tabs">${tabs}</ul>\n<div class="crumb">`) };
}

const R = (url: string, agency: string, year: number, posted: string): BeijingReport => ({ url, agency, year, posted });

// ───────────────────────────── the reports (shared/registry/beijing.yaml, report_urls_seen) ─────────────────────────────

const GOV = 'https://www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb';
/** beijing.gov.cn's qzf copies of the district governments' reports (posted 2020-2021 whatever their year). */
export const MUNICIPAL_COPIES: BeijingReport[] = [
  R(`${GOV}/2012nb/qzf/202010/t20201009_2105934.html`, '北京市房山区人民政府', 2012, '2020-10-09'),
  R(`${GOV}/2012nb/qzf/202009/t20200929_2103583.html`, '北京市昌平区人民政府', 2012, '2020-09-29'),
  R(`${GOV}/2013nb/qzf/202010/t20201012_2109100.html`, '北京市房山区人民政府', 2013, '2020-10-12'),
  R(`${GOV}/2014nb/qzf/202010/t20201029_2124497.html`, '北京市丰台区人民政府', 2014, '2020-10-29'),
  R(`${GOV}/2016nb/qzf/202102/t20210202_2251615.html`, '北京市昌平区人民政府', 2016, '2021-02-02'),
  R(`${GOV}/2016nb/qzf/202102/t20210202_2251738.html`, '北京市房山区人民政府', 2016, '2021-02-02'),
  R(`${GOV}/2017nb/qzf/202102/t20210224_2287570.html`, '北京市西城区人民政府', 2017, '2021-02-24'),
  R(`${GOV}/2017nb/qzf/202102/t20210223_2287264.html`, '北京市昌平区人民政府', 2017, '2021-02-23'),
  R(`${GOV}/2017nb/qzf/202102/t20210223_2287386.html`, '北京市石景山区人民政府', 2017, '2021-02-23'),
  R(`${GOV}/2018nb/qzf/202102/t20210224_2287611.html`, '北京市昌平区人民政府', 2018, '2021-02-24'),
  R(`${GOV}/2018nb/qzf/202102/t20210224_2287619.html`, '北京市海淀区人民政府', 2018, '2021-02-24'),
  R(`${GOV}/2019nb/qzf/202103/t20210310_2303792.html`, '北京市朝阳区人民政府', 2019, '2021-03-10'),
  R(`${GOV}/2019nb/qzf/202103/t20210310_2303773.html`, '北京市延庆区人民政府', 2019, '2021-03-10'),
];
/** The municipality's own report: under /gongkai/zfxxgk/gknb/, not under zfxxgknb. */
export const MUNICIPAL_OWN = R('https://www.beijing.gov.cn/gongkai/zfxxgk/gknb/202503/t20250331_4050078.html', '北京市人民政府', 2024, '2025-03-31');
/** Entries a qzf list also links through the gateway (房山 2013 was stored only as its big5 copy; 朝阳 2019 is the report found in three places). */
export const BIG5_LINKED = new Set([`${GOV}/2013nb/qzf/202010/t20201012_2109100.html`, `${GOV}/2019nb/qzf/202103/t20210310_2303792.html`]);

const DCH = 'https://www.bjdch.gov.cn/zfxxgkzl/zfxxgknb';
export const DONGCHENG: BeijingReport[] = [
  R(`${DCH}/2010nb/dcqjd2010/202012/t20201217_2995533.html`, '北京市东城区东直门街道办事处', 2010, '2020-12-17'),
  // The 2018 report re-posted in 2023-04: its date folder says 2023.
  R(`${DCH}/2018nb/dcqzfbm2018/202304/t20230418_3058419.html`, '北京市东城区信息化工作办公室', 2018, '2023-04-18'),
  R(`${DCH}/2020nb/dcqzf2020/202103/t20210310_2994413.html`, '北京市东城区人民政府', 2020, '2021-03-10'),
  // 2023's department folder is spelled dcgzfbm2023, not dcqzfbm2023.
  R(`${DCH}/2023nb/dcgzfbm2023/202401/t20240119_3539911.html`, '北京市东城区发展和改革委员会', 2023, '2024-01-19'),
  R(`${DCH}/2024nb/dcqzf2024/202503/t20250307_4028343.html`, '北京市东城区人民政府', 2024, '2025-03-07'),
  R(`${DCH}/2025nb/dcqjd2025/202601/t20260119_4446404.html`, '北京市东城区东四街道办事处', 2025, '2026-01-19'),
];

const XCH = 'https://www.bjxch.gov.cn/zt/xxgkzl';
export const XICHENG: BeijingReport[] = [
  R(`${XCH}/gknbxqx/pnidpv842515.html`, '北京市西城区教育委员会', 2015, '2016-03-20'),
  R(`${XCH}/gknbxq/pnidpv169pntypepvnbpnnfpv2018.html`, '北京市西城区西长安街街道办事处', 2018, '2019-01-25'),
  R(`${XCH}/gknbxq/pnidpv150pntypepvnbpnnfpv2021.html`, '北京市西城区发展和改革委员会', 2021, '2022-01-20'),
  R(`${XCH}/gknbxq/pnidpv196pntypepvnbpnnfpv2022.html`, '北京市西城区什刹海街道办事处', 2022, '2023-01-18'),
  R(`${XCH}/gknbxq/pnidpv360pntypepvnbpnnfpv2024.html`, '北京市西城区信访办公室', 2024, '2025-01-17'),
  R(`${XCH}/gknbxq/pnidpv379pntypepvnbpnnfpv2025.html`, '北京市西城区人民政府办公室', 2025, '2026-01-16'),
];

const CHY = 'http://www.bjchy.gov.cn/zfxxgk/gknb';
export const CHAOYANG: BeijingReport[] = [
  R(`${CHY}/5e2411a0ab75c16cfc17f94a.html`, '北京市朝阳区人民政府', 2017, '2018-03-28'),
  R(`${CHY}/4028805a9ba62cae019bc0704cc111b0.html`, '北京市朝阳区朝外街道办事处', 2025, '2026-01-20'),
  // invented (same 24-hex form): the district's 2019 report, also on beijing.gov.cn qzf and its big5 mirror.
  R(`${CHY}/5e7b1c2d3e4f5a6b7c8d9e0f.html`, '北京市朝阳区人民政府', 2019, '2020-03-26'),
];

export const FENGTAI: BeijingReport[] = [
  R('http://www.bjft.gov.cn/ftq/c100059/202003/bb7531cde4d74a10854521ebbe8b8e2e.shtml', '北京市丰台区人民政府', 2019, '2020-03-20'),
  R('http://www.bjft.gov.cn/ftq/c100059/202101/464c07413cbc44f2b847a7b06a4a5683.shtml', '北京市丰台区人民政府', 2020, '2021-01-25'),
  R('http://www.bjft.gov.cn/ftq/c100059/202402/aa2bfecf3a6a43f7a0e7fca9272d642b.shtml', '北京市丰台区人民政府', 2023, '2024-02-05'),
  R('http://www.bjft.gov.cn/ftq/c100285r/202201/3c1229e98cc1466f835377335e14ac00.shtml', '北京市丰台区卢沟桥街道办事处', 2021, '2022-01-20'),
  R('http://www.bjft.gov.cn/ftq/c100269/202301/34497c4746fe4d1aafd126c6e0b5bb6e.shtml', '北京市丰台区东高地街道办事处', 2022, '2023-01-19'),
  // invented (same id form): 花乡's 2024 report in its column c100273s.
  R('http://www.bjft.gov.cn/ftq/c100273s/202501/0d6c3a52e1f94b7e9a1d2c3b4a5f6e7d.shtml', '北京市丰台区花乡人民政府', 2024, '2025-01-20'),
  R('https://www.bjft.gov.cn/xxfb/xxgk/c100226/c100279/c100281/202601/t20260108_201108.shtml', '北京市丰台区马家堡街道办事处', 2025, '2026-01-08'),
];

// 区司法局's 2010 report, posted 2020-06.
export const SHIJINGSHAN: BeijingReport[] = [
  R('http://www.bjsjs.gov.cn/gongkai/qsfj/xxgknb_881/202006/t20200619_15807.shtml', '北京市石景山区司法局', 2010, '2020-06-19'),
];

/** 海淀's column pages show a report inline: the URL is the column's, the year is whatever is newest there. */
export const HAIDIAN: BeijingReport[] = [
  R('https://zyk.bjhd.gov.cn/jbdt/auto10489_51767/zfwj_59297/zfwj_59339/', '北京市海淀区人民政府', 2024, '2025-01-21'),
  R('http://xxgk.bjhd.gov.cn/auto10489_51767/zfwj_59297/zfwj_59339/', '北京市海淀区人民政府', 2016, '2017-03-30'),
  R('http://zyk.bjhd.gov.cn/jbdt/auto4509_62750/auto4509_53486/auto4509_53528/', '北京市海淀区政务服务管理办公室', 2018, '2019-01-30'),
  R('http://xxgk.bjhd.gov.cn/auto4509_62750/auto4509_53486/auto4509_53528/', '北京市海淀区政务服务管理办公室', 2017, '2018-01-30'),
  // invented: a unit whose 年报 column no entry names, reached only from the unit list (/jbdt/) by following links.
  R('https://zyk.bjhd.gov.cn/jbdt/auto4600_60001/auto4600_60002/auto4600_60009/', '北京市海淀区教育委员会', 2023, '2024-01-25'),
];

export const MENTOUGOU: BeijingReport[] = [
  R('http://www.bjmtg.gov.cn/mtg11J022/zfxxgknb/201003/bb09ad049a604725a20b6fdb459eef65.shtml', '北京市门头沟区民政局', 2009, '2010-03-25'),
  // The 教委's 2010 report, posted 2019-10.
  R('http://www.bjmtg.gov.cn/mtg11J005/zfxxgknb/201910/4d92f362e44c4adf92d171a9ee68bf85.shtml', '北京市门头沟区教育委员会', 2010, '2019-10-15'),
  R('http://www.bjmtg.gov.cn/11J000/zfxxgknb/201403/7e581dcf36a14077af1038f8e2ebb706.shtml', '北京市门头沟区人民政府', 2013, '2014-03-28'),
  R('https://www.bjmtg.gov.cn/mtg11J001/zfxxgknb/201802/9f4ea6931fff4c19b3ca55c47ac19062.shtml', '北京市门头沟区人民政府', 2017, '2018-02-28'),
  R('https://www.bjmtg.gov.cn/mtg11J007/zfxxgknb/202301/89763aeaf498412fb381bc77c04c9c80.shtml', '北京市门头沟区科学技术和信息化局', 2022, '2023-01-17'),
];

const TZH = 'http://www.bjtzh.gov.cn/tzzfxxgk';
export const TONGZHOU: BeijingReport[] = [
  R(`${TZH}/c109595/202009/1314827.shtml`, '北京市通州区人民政府', 2015, '2020-09-10'),
  R(`${TZH}/c109605/202106/1474523.shtml`, '北京市通州区人民政府', 2017, '2021-06-08'),
  R(`${TZH}/c109616n/202101/1332846.shtml`, '北京市通州区城市管理委员会', 2020, '2021-01-20'),
  R(`${TZH}/c109616ne/202201/1509074.shtml`, '北京市通州区民政局', 2021, '2022-01-18'),
  // One column holding two towns' 2022 reports.
  R(`${TZH}/c109617fbd/202301/1636626.shtml`, '北京市通州区宋庄镇人民政府', 2022, '2023-01-16'),
  R(`${TZH}/c109617fbd/202301/1636630.shtml`, '北京市通州区永乐店镇人民政府', 2022, '2023-01-16'),
];

const DX = 'https://www.bjdx.gov.cn/bjsdxqrmzf/zwfw/zfxxgk/dxqzf69';
export const DAXING: BeijingReport[] = [
  R(`${DX}/2016n/xzjd49/735093/index.html`, '北京市大兴区榆垡镇人民政府', 2016, '2017-03-20'),
  R(`${DX}/2017n/xzjd6/737810/index.html`, '北京市大兴区天宫院街道办事处', 2017, '2018-03-20'),
  R('http://www.bjdx.gov.cn/bjsdxqrmzf/zwfw/zfxxgk/dxqzf69/2018n/719718/index.html', '北京市大兴区人民政府', 2018, '2019-03-25'),
  R('http://www.bjdx.gov.cn/bjsdxqrmzf/zwfw/zfxxgk/dxqzf69/2019n/xzjd13/730971/index.html', '北京市大兴区亦庄镇人民政府', 2019, '2020-01-20'),
  R(`${DX}/2023n62/qzfbm7/2127090/index.html`, '北京市大兴区城市管理委员会', 2023, '2024-01-19'),
  R(`${DX}/2291822/2291823/2293115/index.html`, '北京市大兴区人民政府办公室', 2025, '2026-01-19'),
  R(`${DX}/2291822/2291824/2293322/index.html`, '北京市大兴区安定镇人民政府', 2025, '2026-01-20'),
];

const HR = 'https://www.bjhr.gov.cn/zfxxgkzl/gknb';
export const HUAIROU: BeijingReport[] = [
  R(`${HR}/2015nb/qzf2015/202003/t20200317_2397762.html`, '北京市怀柔区人民政府', 2015, '2020-03-17'),
  R('http://www.bjhr.gov.cn/zfxxgkzl/gknb/2018nb/qzfbm2018/201912/t20191229_2397538.html', '北京市怀柔区人民政府', 2018, '2019-12-29'),
  R('http://www.bjhr.gov.cn/zfxxgkzl/gknb/2018nb/qzfbm2018/201912/t20191229_2397558.html', '北京市怀柔区城市管理委员会', 2018, '2019-12-29'),
  R(`${HR}/2024nb/qzfbm2024/202501/t20250120_3993262.html`, '北京市怀柔区人民政府办公室', 2024, '2025-01-20'),
  R(`${HR}/2025nb/qzfbm2025/202601/t20260119_4446942.html`, '北京市怀柔区经济和信息化局', 2025, '2026-01-19'),
  R(`${HR}/2025nb/zxjd2025/202601/t20260120_4449845.html`, '北京市怀柔区北房镇人民政府', 2025, '2026-01-20'),
];

const MY = 'https://www.bjmy.gov.cn/zwgk/zfxxgk/zfxxgknb';
export const MIYUN: BeijingReport[] = [
  R(`${MY}/gknb2018/201903/t20190319_195726.html`, '北京市密云区人民政府', 2018, '2019-03-19'),
  R(`${MY}/gknb2019/202003/t20200317_195667.html`, '北京市密云区人民政府', 2019, '2020-03-17'),
  R(`${MY}/gknb2023/202401/t20240118_273722.html`, '北京市密云区大城子镇人民政府', 2023, '2024-01-18'),
  R(`${MY}/gknb2025/202601/t20260114_526954.html`, '北京市密云区大城子镇人民政府', 2025, '2026-01-14'),
];

/** Every report page of the replica with the site it belongs to. */
export const REPORTS_BY_SITE: Record<string, BeijingReport[]> = {
  'beijing-municipal': [...MUNICIPAL_COPIES, MUNICIPAL_OWN],
  'beijing-dongcheng': DONGCHENG,
  'beijing-xicheng': XICHENG,
  'beijing-chaoyang': CHAOYANG,
  'beijing-fengtai': FENGTAI,
  'beijing-shijingshan': SHIJINGSHAN,
  'beijing-haidian': HAIDIAN,
  'beijing-mentougou': MENTOUGOU,
  'beijing-tongzhou': TONGZHOU,
  'beijing-daxing': DAXING,
  'beijing-huairou': HUAIROU,
  'beijing-miyun': MIYUN,
};

// ───────────────────────────── the pages ─────────────────────────────

const under = (reports: BeijingReport[], prefix: string) =>
  reports.filter((r) => r.url.replace(/^http:/, 'https:').startsWith(prefix.replace(/^http:/, 'https:')));
const rel = (from: string, to: string) => hrefFrom(from, to);

function municipal(): ServedPage[] {
  const name = '北京市人民政府';
  const out: ServedPage[] = [];
  const years = [2012, 2013, 2014, 2016, 2017, 2018, 2019];
  out.push(
    column(
      `${GOV}/`,
      name,
      '政府信息公开年报',
      // 2013 and 2016 are linked through the big5 gateway, as the stored copies of them were.
      years.map((y) => ({ href: y === 2013 || y === 2016 ? `/gate/big5/www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/${y}nb/` : `./${y}nb/`, text: `${y}年度` })),
    ),
  );
  for (const y of years) {
    out.push(
      column(`${GOV}/${y}nb/`, name, `${y}年度政府信息公开年报`, [
        { href: './qzf/', text: '区政府' },
        { href: './szfbm/', text: '市政府部门' },
      ]),
    );
    const listUrl = `${GOV}/${y}nb/qzf/`;
    const reports = under(MUNICIPAL_COPIES, listUrl);
    // Some entries are also linked through the gateway (繁體): the stored copies of 房山 2013/2016 and 延庆 2019 are big5 pages.
    const mirrors = reports
      .filter((r) => BIG5_LINKED.has(r.url))
      .map((r) => ({ href: r.url.replace('https://www.beijing.gov.cn/', '/gate/big5/www.beijing.gov.cn/'), text: '繁體', title: titleOf(r) }));
    out.push(list(listUrl, name, `${y}年度 区政府`, reports, undefined, mirrors));
    out.push(list(`${GOV}/${y}nb/szfbm/`, name, `${y}年度 市政府部门`, []));
  }
  out.push(list('https://www.beijing.gov.cn/gongkai/zfxxgk/gknb/', name, '北京市人民政府政府信息公开工作年度报告', [MUNICIPAL_OWN]));
  for (const r of [...MUNICIPAL_COPIES, MUNICIPAL_OWN]) out.push(reportPage(r, name, [{ href: '/gongkai/zfxxgk/zfxxgknb/', text: '政府信息公开年报' }]));
  return out;
}

/** TRS per year then per category (东城, 怀柔: the same platform). Category folders are read from the reports. */
function yearCategoryTree(root: string, name: string, reports: BeijingReport[], categoryText: Record<string, string>): ServedPage[] {
  const portal = new URL(root).origin;
  const out: ServedPage[] = [column(`${portal}/`, name, '首页', [{ href: new URL(root).pathname, text: '政府信息公开年报' }])];
  const folder = (r: BeijingReport) => r.url.replace(/^https?:\/\/[^/]+/, '').split('/');
  const rootPath = new URL(root).pathname.split('/').length - 1;
  const years = [...new Set(reports.map((r) => folder(r)[rootPath]!))].sort().reverse();
  out.push(
    column(
      root,
      name,
      '政府信息公开年报',
      years.map((y) => ({ href: `./${y}/`, text: `${y.slice(0, 4)}年度` })),
    ),
  );
  for (const y of years) {
    const cats = [...new Set(reports.filter((r) => folder(r)[rootPath] === y).map((r) => folder(r)[rootPath + 1]!))];
    out.push(
      column(
        `${root}${y}/`,
        name,
        `${y.slice(0, 4)}年度`,
        cats.map((c) => ({ href: `./${c}/`, text: categoryText[c.replace(/\d+$/, '')] ?? c })),
      ),
    );
    for (const c of cats) {
      const listUrl = `${root}${y}/${c}/`;
      out.push(list(listUrl, name, `${y.slice(0, 4)}年度 ${categoryText[c.replace(/\d+$/, '')] ?? c}`, under(reports, listUrl), { count: 1, index: 0 }));
    }
  }
  for (const r of reports) out.push(reportPage(r, name, [{ href: new URL(root).pathname, text: '政府信息公开年报' }]));
  return out;
}

function xicheng(): ServedPage[] {
  const name = '北京市西城区人民政府';
  return [
    column(`${XCH}/`, name, '政府信息公开专栏', [
      { href: './zfxxgknb.html', text: '政府信息公开年报' },
      { href: './zfxxgkzn.html', text: '政府信息公开指南' },
    ]),
    list(`${XCH}/zfxxgknb.html`, name, '政府信息公开年报', XICHENG),
    ...XICHENG.map((r) => reportPage(r, name, [{ href: '/zt/xxgkzl/zfxxgknb.html', text: '政府信息公开年报' }])),
  ];
}

function chaoyang(): ServedPage[] {
  const name = '北京市朝阳区人民政府';
  return [
    column('http://www.bjchy.gov.cn/', name, '首页', [{ href: '/zfxxgk/gknb/', text: '政府信息公开年报' }]),
    list(`${CHY}/`, name, '政府信息公开年报', CHAOYANG),
    ...CHAOYANG.map((r) => reportPage(r, name, [{ href: '/zfxxgk/gknb/', text: '政府信息公开年报' }])),
  ];
}

function fengtai(): ServedPage[] {
  const name = '北京市丰台区人民政府';
  const out: ServedPage[] = [];
  for (const c of ['c100059', 'c100269', 'c100285r', 'c100273s']) {
    const listUrl = `http://www.bjft.gov.cn/ftq/${c}/`;
    out.push(list(listUrl, name, '政府信息公开年报', under(FENGTAI, listUrl)));
  }
  const tree = 'https://www.bjft.gov.cn/xxfb/xxgk/c100226/';
  out.push(column(tree, name, '政府信息公开', [{ href: './c100279/', text: '街道乡镇' }]));
  out.push(column(`${tree}c100279/`, name, '街道乡镇', [{ href: './c100281/', text: '马家堡街道' }]));
  out.push(list(`${tree}c100279/c100281/`, name, '马家堡街道', under(FENGTAI, `${tree}c100279/c100281/`), { count: 1, index: 0 }));
  for (const r of FENGTAI) out.push(reportPage(r, name));
  return out;
}

function shijingshan(): ServedPage[] {
  const name = '北京市石景山区人民政府';
  const col = 'http://www.bjsjs.gov.cn/gongkai/qsfj/xxgknb_881/';
  return [
    column('http://www.bjsjs.gov.cn/', name, '首页', [{ href: '/gongkai/qsfj/xxgknb_881/', text: '信息公开年报' }]),
    list(col, name, '区司法局 信息公开年报', SHIJINGSHAN, { count: 1, index: 0 }),
    ...SHIJINGSHAN.map((r) => reportPage(r, name)),
  ];
}

function haidian(): ServedPage[] {
  const out: ServedPage[] = [];
  const unitTabs = (base: string, unit: string, a: string, guide: string, report: string): Link[] => [
    { href: `${base}${unit}/${a}/${guide}/`, text: '政府信息公开指南' },
    { href: `${base}${unit}/${a}/${report}/`, text: '政府信息公开年度报告' },
  ];
  for (const [base, prefix] of [
    ['https://zyk.bjhd.gov.cn/jbdt/', '/jbdt/'],
    ['http://xxgk.bjhd.gov.cn/', '/'],
  ] as const) {
    const units: [string, string, string, string, string][] = [
      ['北京市海淀区人民政府', 'auto10489_51767', 'zfwj_59297', 'zfwj_59338', 'zfwj_59339'],
      ['区政务服务管理办公室', 'auto4509_62750', 'auto4509_53486', 'auto4509_53527', 'auto4509_53528'],
      ['区教育委员会', 'auto4600_60001', 'auto4600_60002', 'auto4600_60008', 'auto4600_60009'],
      ['区某单位', 'auto4556_51852', 'auto4556_57730', 'auto4556_57771', 'auto4556_57772'],
    ];
    // invented: the unit list (the tree's root) and each unit's page, linking its 指南 and 年度报告 columns.
    out.push(
      column(
        base,
        '北京市海淀区人民政府',
        '政府信息公开大厅',
        units.map(([text, unit]) => ({ href: `${prefix}${unit}/`, text })),
      ),
    );
    for (const [text, unit, a, guide, report] of units) {
      const tabs = unitTabs(prefix, unit, a, guide, report);
      out.push(column(`${base}${unit}/`, '北京市海淀区人民政府', text, tabs));
      const colUrl = `${base}${unit}/${a}/${report}/`;
      const shown = HAIDIAN.find((r) => r.url.replace(/^http:/, 'https:') === colUrl.replace(/^http:/, 'https:')) ?? null;
      // The unnamed unit's column displayed a 2019 指南 when stored: no report to find there.
      out.push(inlineColumn(colUrl, shown, tabs, '2019年政府信息公开指南'));
      out.push(inlineColumn(`${base}${unit}/${a}/${guide}/`, null, tabs, '政府信息公开指南'));
    }
  }
  return out;
}

function mentougou(): ServedPage[] {
  const name = '北京市门头沟区人民政府';
  const out: ServedPage[] = [column('https://www.bjmtg.gov.cn/', name, '首页', [{ href: '/mtg11J001/zfxxgknb/', text: '政府信息公开年报' }])];
  for (const unit of ['mtg11J001', 'mtg11J005', 'mtg11J007', 'mtg11J022', '11J000']) {
    const listUrl = `https://www.bjmtg.gov.cn/${unit}/zfxxgknb/`;
    out.push(list(listUrl, name, '政府信息公开年报', under(MENTOUGOU, listUrl)));
  }
  for (const r of MENTOUGOU) out.push(reportPage(r, name));
  return out;
}

function tongzhou(): ServedPage[] {
  const name = '北京市通州区人民政府';
  const cols: [string, string][] = [
    ['c109595', '区政府信息公开年报'],
    ['c109605', '区政府年报'],
    ['c109616n', '区城市管理委'],
    ['c109616ne', '区民政局'],
    ['c109617fbd', '宋庄镇 永乐店镇'],
  ];
  const out: ServedPage[] = [
    column('http://www.bjtzh.gov.cn/', name, '首页', [{ href: '/tzzfxxgk/', text: '政府信息公开' }]),
    column(
      `${TZH}/`,
      name,
      '政府信息公开',
      cols.map(([c, text]) => ({ href: `./${c}/`, text })),
    ),
  ];
  for (const [c, text] of cols) out.push(list(`${TZH}/${c}/`, name, text, under(TONGZHOU, `${TZH}/${c}/`)));
  for (const r of TONGZHOU) out.push(reportPage(r, name));
  return out;
}

function daxing(): ServedPage[] {
  const name = '北京市大兴区人民政府';
  const out: ServedPage[] = [
    column('https://www.bjdx.gov.cn/bjsdxqrmzf/zwfw/zfxxgk/', name, '政府信息公开', [{ href: './dxqzf69/', text: '政府信息公开年报' }]),
  ];
  const yearNodes: [string, string][] = [
    ['2291822', '2025年'],
    ['2023n62', '2023年'],
    ['2019n', '2019年'],
    ['2018n', '2018年'],
    // The 2017 link spells the host with capitals, as one stored URL does.
    ['2017n', '2017年'],
    ['2016n', '2016年'],
  ];
  out.push(
    column(
      `${DX}/`,
      name,
      '政府信息公开年报',
      yearNodes.map(([n, text]) => ({ href: n === '2017n' ? `https://www.Bjdx.gov.cn/bjsdxqrmzf/zwfw/zfxxgk/dxqzf69/${n}/` : `./${n}/`, text })),
    ),
  );
  const categoryText: Record<string, string> = {
    xzjd49: '乡镇街道',
    xzjd6: '乡镇街道',
    xzjd13: '镇街',
    qzfbm7: '区政府部门',
    '2291823': '区政府部门',
    '2291824': '镇',
  };
  for (const [node, text] of yearNodes) {
    const nodeUrl = `${DX}/${node}/`;
    const inNode = under(DAXING, nodeUrl);
    const cats = [
      ...new Set(
        inNode
          .map((r) => r.url.slice(r.url.indexOf(`/${node}/`) + node.length + 2).split('/'))
          .filter((p) => p.length === 3)
          .map((p) => p[0]!),
      ),
    ];
    const direct = inNode.filter((r) => r.url.slice(r.url.indexOf(`/${node}/`) + node.length + 2).split('/').length === 2);
    out.push(
      list(
        nodeUrl,
        name,
        text,
        direct,
        undefined,
        cats.map((c) => ({ href: `./${c}/`, text: categoryText[c] ?? c })),
      ),
    );
    for (const c of cats) out.push(list(`${nodeUrl}${c}/`, name, `${text} ${categoryText[c] ?? c}`, under(DAXING, `${nodeUrl}${c}/`)));
  }
  for (const r of DAXING) out.push(reportPage(r, name));
  return out;
}

function miyun(): ServedPage[] {
  const name = '北京市密云区人民政府';
  // Stored pages show 2018, 2019, 2023 and 2025; the other years' columns exist (site-patterns.md §1.3) but their
  // reports were not seen, so the replica serves them empty.
  const years = ['gknb2025', 'gknb2024', 'gknb2023', 'gknb2022', 'gknb2021', 'gknb2020', 'gknb2019', 'gknb2018'];
  const out: ServedPage[] = [
    column(
      `${MY}/`,
      name,
      '政府信息公开年报',
      years.map((y) => ({ href: `./${y}/`, text: `${y.slice(4)}年` })),
    ),
  ];
  for (const y of years) {
    const listUrl = `${MY}/${y}/`;
    const reports = under(MIYUN, listUrl);
    if (y === 'gknb2023') {
      // Two pages: createPageHTML(2, 0, …) on index.html, the report on index_1.html.
      out.push(list(listUrl, name, '2023年', [], { count: 2, index: 0 }));
      out.push(list(`${listUrl}index_1.html`, name, '2023年', reports, { count: 2, index: 1 }));
    } else out.push(list(listUrl, name, `${y.slice(4)}年`, reports, { count: 1, index: 0 }));
  }
  for (const r of MIYUN) out.push(reportPage(r, name));
  return out;
}

/** Every page of the replica, keyed by host and path (the scheme is not part of the key: both are served). */
export function beijingPages(): Map<string, ServedPage> {
  const all = [
    ...municipal(),
    ...yearCategoryTree(`${DCH}/`, '北京市东城区人民政府', DONGCHENG, { dcqzf: '区政府', dcqzfbm: '区政府部门', dcgzfbm: '区政府部门', dcqjd: '街道' }),
    ...xicheng(),
    ...chaoyang(),
    ...fengtai(),
    ...shijingshan(),
    ...haidian(),
    ...mentougou(),
    ...tongzhou(),
    ...daxing(),
    ...yearCategoryTree(`${HR}/`, '北京市怀柔区人民政府', HUAIROU, { qzf: '区政府', qzfbm: '区政府部门', zxjd: '镇乡街道' }),
    ...miyun(),
  ];
  const pages = new Map<string, ServedPage>();
  for (const p of all) pages.set(keyOf(p.url), p);
  return pages;
}

/** host + path + query, lower-case host, index.html implied for a folder. */
export function keyOf(url: string): string {
  const u = new URL(url);
  return `${u.host.toLowerCase()}${u.pathname.endsWith('/') ? `${u.pathname}index.html` : u.pathname}${u.search}`;
}

export { rel, titleOf };
