// Builds the replica sites whose report lists only discovery finds (replica/sites/replica-{gkmlpt,vue,fragments,spa})
// and their ground truth (replica/discovery-truth.json): a Guangdong gkmlpt platform (JavaScript shell, JSON API with
// paging, the column in the link's hash, the site id in the shell's config), a Vue rebuild whose list comes from a
// JSON API built in its bundle, an app that delivers each report as HTML inside its POSTed JSON API's records, and a
// site whose list pages are written by a script from data packed into the page (the browser is needed every time).
// Each has look-alikes, a robots.txt forbidding something its pages or scripts ask for, relative and
// protocol-relative links, and titles cut short in the rendered list with the full one in title=. Deterministic apart
// from the office files (LibreOffice). The output is committed; run `npx tsx replica/build-discovery.ts` to rebuild.
import fs from 'node:fs';
import path from 'node:path';
import { type AttachmentFormat, articleHtml, esc, officeFiles, page, titleOf, write } from './build-replica.js';
import { generateReport, type ReportSpec, rng } from './generate-report.js';
import { renderHtml } from './render-report.js';

/** A report of a discovery site: a page of its own, or HTML inside an API record. */
export interface DiscoveryReport {
  id: string;
  site: string;
  agency: string;
  year: number;
  title: string;
  template: '2019' | '2021';
  facts: Record<string, number>;
  publishedAt: string;
  kind: 'page' | 'fragment';
  /** The detail page's path ('page'). */
  path: string | null;
  /** The API record holding it ('fragment'). */
  recordId: string | null;
  attachments: { path: string; format: AttachmentFormat }[];
  /** Listed, but robots.txt forbids its page: never fetched. */
  unreachable?: 'robots';
}

export interface DiscoveryTruth {
  sites: {
    id: string;
    name: string;
    regionCode: string;
    entry: string;
    /** How its list is built: named in its sources (gkmlpt), fetched from an API by its scripts, or written by a script. */
    list: 'known-api' | 'api' | 'script';
  }[];
  reports: DiscoveryReport[];
  lookAlikes: { site: string; title: string; path: string | null; recordId: string | null }[];
  /** Paths robots.txt forbids that the site's pages or scripts ask for: never requested. */
  forbidden: { site: string; path: string }[];
}

const ROOT = path.join(import.meta.dirname, 'sites');
const SITES = ['replica-gkmlpt', 'replica-vue', 'replica-fragments', 'replica-spa'];
const reports: DiscoveryReport[] = [];
const lookAlikes: DiscoveryTruth['lookAlikes'] = [];
const forbidden: DiscoveryTruth['forbidden'] = [];

/** A report's ground truth: who, which year and what numbers (its spec), and where the site serves it. */
function truthReport(
  site: string,
  id: string,
  s: ReportSpec,
  title: string,
  where: Pick<DiscoveryReport, 'kind' | 'path' | 'recordId'>,
  attachments: DiscoveryReport['attachments'],
  unreachable?: DiscoveryReport['unreachable'],
): DiscoveryReport {
  const report: DiscoveryReport = {
    id,
    site,
    agency: s.agency,
    year: s.year,
    title,
    template: s.template,
    facts: s.facts,
    publishedAt: s.publishedAt,
    ...where,
    attachments,
  };
  return unreachable ? { ...report, unreachable } : report;
}

let seed = 20_000;
type Size = 'district' | 'township' | 'department';
function spec(agency: string, year: number, size: Size): ReportSpec {
  const scale =
    size === 'district'
      ? { applications: 300, decisions: 20000 }
      : size === 'department'
        ? { applications: 40, decisions: 3000 }
        : { applications: 10, decisions: 400 };
  return generateReport(++seed, agency, year, scale);
}

/** The report as a CMS editor's plain HTML (the Word-pasted kind, articleHtml, only where a site shows it). */
function plainArticle(s: ReportSpec): string {
  return /<div class="WordSection1">([\s\S]*)<\/div><\/body>/.exec(renderHtml(s, { style: 'plain' }))![1]!;
}

const json = (v: unknown) => `${JSON.stringify(v, null, 1)}\n`;
const stamp = (s: ReportSpec) => s.publishedAt.replace(/-/g, '');
const epoch = (date: string) => Math.floor(Date.parse(`${date}T10:00:00+08:00`) / 1000);

/** A portal page with some text of its own (news, notices), as real home pages have: not a shell. */
function portal(title: string, nav: string, extra = ''): string {
  const news = [
    '区政府召开常务会议研究部署近期重点工作',
    '全区安全生产工作会议召开',
    '关于开展2024年度“双随机、一公开”抽查工作的公告',
    '区领导调研基层政务服务中心建设情况',
    '我区举办政务公开日活动',
  ];
  return page(
    title,
    `<div class="nav">${nav}</div>
<div class="news"><h3>要闻动态</h3><ul>${news.map((n, i) => `<li><a href="/xwzx/${202400 + i}.html">${n}</a><span>2024-0${i + 1}-1${i}</span></li>`).join('')}</ul>
<p>本网站是区人民政府门户网站，发布政务信息、政策文件、办事服务和互动交流内容。政府信息公开工作按照《中华人民共和国政府信息公开条例》要求，坚持以公开为常态、不公开为例外，及时准确发布各类政府信息。</p></div>
${extra}`,
  );
}

// ------------------------------------------------------------------ replica-gkmlpt: 清远市清新区, gkmlpt platform
function buildGkmlpt(): void {
  const site = 'replica-gkmlpt';
  const district = '清远市清新区';
  const sid = '755033';
  const column = 2629;
  const towns = ['太和镇', '太平镇', '山塘镇', '三坑镇', '龙颈镇', '禾云镇', '浸潭镇', '石潭镇'];
  const depts = [
    '发展和改革局',
    '教育局',
    '民政局',
    '财政局',
    '人力资源和社会保障局',
    '自然资源局',
    '住房和城乡建设局',
    '交通运输局',
    '农业农村局',
    '卫生健康局',
  ];
  const units: [string, Size, string][] = [
    [`${district}人民政府`, 'district', 'qxq/zwgk/zfxxgknb'],
    ...towns.map((t, i): [string, Size, string] => [`${district}${t}人民政府`, 'township', `qxq/zjxx/z${i + 1}/zfxxgknb`]),
    ...depts.map((d, i): [string, Size, string] => [`${district}${d}`, 'department', `qxq/bmjg/b${i + 1}/zfxxgknb`]),
  ];
  const r = rng(31);
  const articles: Record<string, unknown>[] = [];
  let post = 1506100;
  for (const year of [2023, 2022, 2021, 2020, 2019]) {
    units.forEach(([agency, size, dir], u) => {
      if (year === 2019 && u >= units.length - 3) return; // three departments published nothing for 2019
      const s = spec(agency, year, size);
      const id = post++;
      const title = titleOf(agency, year);
      // The platform's own content URLs for most, the department's old column for some.
      const detailPath = u % 4 === 3 ? `${dir}/content/post_${id}.html` : `gkmlpt/content/${Math.floor(id / 1e6)}/${Math.floor(id / 1e3)}/post_${id}.html`;
      const stub = r() < 0.12;
      const attachments: DiscoveryReport['attachments'] = [];
      const files: string[] = [];
      if (stub) {
        const format: AttachmentFormat = r() < 0.7 ? 'pdf' : 'docx';
        const file = `attachment/0/${Math.floor(id / 1e3)}/${id}/${(id * 7919).toString(36)}.${format}`;
        write(site, file, officeFiles(s, [format])[format]);
        attachments.push({ path: file, format });
        files.push(`<p><a href="/${file}" target="_blank">${esc(title)}.${format}</a></p>`);
      }
      write(site, detailPath, gkmlptDetail(s, title, stub ? `<p>${esc(title)}全文见附件。</p>` : plainArticle(s), files, id));
      reports.push(truthReport(site, `${site}-${id}`, s, title, { kind: 'page', path: detailPath, recordId: null }, attachments));
      // Absolute, protocol-relative and root-relative URLs, as the platform mixes them.
      const url = u % 3 === 0 ? `SITE_ORIGIN/${detailPath}#${column}` : u % 3 === 1 ? `//SITE_HOST/${detailPath}` : `/${detailPath}`;
      articles.push(gkmlptArticle(id, title, url, agency, s.publishedAt, u));
    });
  }
  // A report the platform lists whose page robots.txt forbids.
  const hidden = spec(`${district}笔架林场`, 2022, 'township');
  const hiddenTitle = titleOf(hidden.agency, 2022);
  const hiddenPath = 'qxq/neibu/content/post_1506900.html';
  write(site, hiddenPath, gkmlptDetail(hidden, hiddenTitle, plainArticle(hidden), [], 1506900));
  reports.push(truthReport(site, `${site}-hidden`, hidden, hiddenTitle, { kind: 'page', path: hiddenPath, recordId: null }, [], 'robots'));
  articles.splice(37, 0, gkmlptArticle(1506900, hiddenTitle, `/${hiddenPath}`, hidden.agency, hidden.publishedAt, 0));
  forbidden.push({ site, path: `/${hiddenPath}` });
  // Look-alikes published in the same column.
  const others: [string, string][] = [
    ['关于做好清新区2024年政府信息公开工作年度报告编制和发布工作的通知', '2024-01-05'],
    [`${district}人民政府2023年法治政府建设年度报告`, '2024-02-20'],
    [`${district}2023年政务公开工作要点`, '2023-04-11'],
    [`${district}民政局2022年度部门整体支出绩效自评报告`, '2023-03-02'],
    [`${district}2022年部门决算报告`, '2023-08-30'],
    ['清新区2021年政府信息公开工作年度报告解读', '2022-01-30'],
  ];
  others.forEach(([title, date], i) => {
    const id = 1506800 + i;
    const p = `gkmlpt/content/1/${Math.floor(id / 1e3)}/post_${id}.html`;
    write(site, p, page(title, `<div class="article-content"><p>${esc(title)}</p></div>`));
    lookAlikes.push({ site, title, path: p, recordId: null });
    articles.splice(5 + i * 13, 0, gkmlptArticle(id, title, `/${p}`, `${district}人民政府办公室`, date, i));
  });
  // The newest district report is pinned: the platform repeats it at the top of every page.
  const pinned = { ...articles.find((a) => (a.title as string).startsWith(`${district}人民政府2023`))!, is_top: 1 };
  write(site, '_articles.json', json({ pinned, articles }));
  // Another column of the platform (rules and notices): data, but no report in it.
  const notices = Array.from({ length: 23 }, (_, i) =>
    gkmlptArticle(
      1507000 + i,
      `关于印发清新区${['农村人居环境整治', '安全生产', '森林防火', '防汛防旱'][i % 4]}工作方案的通知`,
      `/gkmlpt/content/1/1507/post_${1507000 + i}.html`,
      `${district}人民政府办公室`,
      `2023-0${(i % 9) + 1}-1${i % 9}`,
      i,
    ),
  );
  write(site, '_notices.json', json(notices));

  write(site, 'robots.txt', 'User-agent: *\nDisallow: /gkmlpt/api/search\nDisallow: /qxq/neibu/\n');
  forbidden.push({ site, path: '/gkmlpt/api/search' });
  write(
    site,
    'index.html',
    portal(
      '清远市清新区人民政府门户网站',
      `<a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/gkmlpt/index">政府信息公开</a> <a href="/hdjl/">互动交流</a>`,
      `<div class="gk-entry"><a href="/gkmlpt/index">政府信息公开目录</a> <a href="/gkmlpt/annualreport#${column}">政府信息公开年报</a> <a href="/gkmlpt/guide">政府信息公开指南</a></div>`,
    ),
  );
  write(
    site,
    'zwgk/index.html',
    portal(
      '政务公开_清远市清新区人民政府',
      `<a href="/">首页</a> <a href="/gkmlpt/index">政府信息公开</a> <a href="/gkmlpt/annualreport#${column}">政府信息公开年报</a>`,
    ),
  );
  write(
    site,
    'gkmlpt/guide',
    page(
      '政府信息公开指南_清远市清新区',
      '<div class="article-content"><p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。</p></div>',
    ),
  );
  const shell = (title: string, view: string) => `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="/gkmlpt/static/css/gkml.css">
<script>window._CONFIG = { SID: "${sid}", SITE_NAME: "${district}人民政府", API_BASE: "/gkmlpt/api" };</script>
</head><body>
<div id="app" data-view="${view}"></div>
<script src="/gkmlpt/static/js/gkml.js"></script>
</body></html>
`;
  write(site, 'gkmlpt/index', shell('政府信息公开_清远市清新区人民政府', 'index'));
  write(site, 'gkmlpt/annualreport', shell('政府信息公开年报_清远市清新区人民政府', 'annualreport'));
  write(site, 'gkmlpt/static/css/gkml.css', '.gkml-list li{line-height:2}\n');
  write(
    site,
    'gkmlpt/static/js/gkml.js',
    `(function () {
  var cfg = window._CONFIG, app = document.getElementById('app');
  var view = app.getAttribute('data-view');
  function cut(t) { return t.length > 24 ? t.slice(0, 24) + '…' : t; }
  function load(col, page) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', cfg.API_BASE + '/all/' + col + '?page=' + page + '&sid=' + cfg.SID);
    xhr.onload = function () {
      var data = JSON.parse(xhr.responseText), html = '<ul class="gkml-list">';
      data.articles.forEach(function (a) {
        html += '<li><a href="' + a.url + '" title="' + a.title + '" target="_blank">' + cut(a.title) + '</a><span>' +
          new Date(a.display_publish_time * 1000).toISOString().slice(0, 10) + '</span></li>';
      });
      html += '</ul><div class="gkml-pager">';
      for (var p = 1; p <= Math.ceil(data.total / 10); p++) html += '<a href="javascript:;" data-page="' + p + '">' + p + '</a> ';
      app.innerHTML = html + '</div>';
      app.querySelectorAll('[data-page]').forEach(function (b) { b.onclick = function () { load(col, +b.getAttribute('data-page')); }; });
    };
    xhr.send();
  }
  if (view === 'annualreport') load((location.hash.match(/\\d+/) || ['${column}'])[0], 1);
  else {
    app.innerHTML = '<div class="menu"><a href="/gkmlpt/annualreport#${column}">政府信息公开年报</a> <a href="/gkmlpt/guide">政府信息公开指南</a></div><div id="latest"></div>';
    load(2600, 1);
  }
  // Visit statistics: robots.txt keeps crawlers out of the search API.
  fetch(cfg.API_BASE + '/search?sid=' + cfg.SID + '&keywords=').catch(function () {});
})();
`,
  );
}

function gkmlptArticle(id: number, title: string, url: string, publisher: string, date: string, i: number): Record<string, unknown> {
  const t = epoch(date);
  return {
    id,
    title,
    url,
    publisher,
    identifier: `11441803007147${String(id).slice(-3)}/${date.slice(0, 4)}-${String(i + 1).padStart(5, '0')}`,
    create_time: t - 3600,
    display_publish_time: t,
    first_publish_time: t,
    attachment: [],
    is_top: 0,
  };
}

function gkmlptDetail(s: ReportSpec, title: string, body: string, files: string[], id: number): string {
  return page(
    `${title}_清远市清新区人民政府`,
    `<div class="classify"><table>
<tr><td>索引号：</td><td>11441803007147${String(id).slice(-3)}/${s.year + 1}-00${id % 100}</td><td>分类：</td><td>政府信息公开年报</td></tr>
<tr><td>发布机构：</td><td>${esc(s.agency)}</td><td>成文日期：</td><td>${s.publishedAt}</td></tr>
<tr><td>名称：</td><td colspan="3">${esc(title)}</td></tr>
<tr><td>发布日期：</td><td>${s.publishedAt}</td><td></td><td></td></tr></table></div>
<div class="article-content">
${body}
</div>
${files.join('\n')}`,
    { meta: { ArticleTitle: title, PubDate: `${s.publishedAt} 10:00`, ContentSource: s.agency } },
  );
}

// ------------------------------------------------------------------ replica-vue: 北京市昌平区, Vue rebuild + JSON API
function buildVue(): void {
  const site = 'replica-vue';
  const district = '北京市昌平区';
  const units: [string, Size][] = [
    [`${district}人民政府`, 'district'],
    [`${district}城北街道办事处`, 'township'],
    [`${district}回龙观街道办事处`, 'township'],
    [`${district}南口镇人民政府`, 'township'],
    [`${district}小汤山镇人民政府`, 'township'],
    [`${district}发展和改革委员会`, 'department'],
    [`${district}教育委员会`, 'department'],
    [`${district}卫生健康委员会`, 'department'],
  ];
  const r = rng(37);
  const list: Record<string, unknown>[] = [];
  let doc = 3120400;
  for (const year of [2023, 2022, 2021, 2020]) {
    units.forEach(([agency, size], u) => {
      if (year === 2020 && u % 3 === 2) return;
      const s = spec(agency, year, size);
      const title = titleOf(agency, year);
      const detailPath = `zwgk/zfxxgknb/${stamp(s).slice(0, 6)}/t${stamp(s)}_${doc}.html`;
      const stub = r() < 0.15;
      const attachments: DiscoveryReport['attachments'] = [];
      const links: string[] = [];
      if (stub) {
        const file = `zwgk/zfxxgknb/${stamp(s).slice(0, 6)}/P0${stamp(s)}${doc}.pdf`;
        write(site, file, officeFiles(s, ['pdf']).pdf);
        attachments.push({ path: file, format: 'pdf' });
        links.push(`<p class="insertfileTag"><a appendix="true" href="./P0${stamp(s)}${doc}.pdf">${esc(title)}.pdf</a></p>`);
      }
      write(
        site,
        detailPath,
        page(
          `${title}_北京市昌平区人民政府`,
          `<div class="TRS_Editor">${stub ? `<p>${esc(title)}详见附件。</p>` : plainArticle(s)}</div>\n${links.join('\n')}`,
          {
            meta: { ArticleTitle: title, PubDate: `${s.publishedAt} 09:00`, ContentSource: agency },
          },
        ),
      );
      reports.push(truthReport(site, `${site}-${doc}`, s, title, { kind: 'page', path: detailPath, recordId: null }, attachments));
      // Paths written for the list page (./YYYYMM/…), or from the root.
      const docUrl = u % 2 ? `./${detailPath.split('/').slice(-2).join('/')}` : `/${detailPath}`;
      list.push({ docId: doc, docTitle: title, docUrl, pubDate: `${s.publishedAt} 09:00:00`, siteName: '北京市昌平区人民政府', chnlName: '政府信息公开年报' });
      doc++;
    });
  }
  const others = [
    `关于做好昌平区2023年政府信息公开工作年度报告编制工作的通知`,
    `${district}2022年法治政府建设年度报告`,
    `${district}2023年政务公开工作要点`,
    `${district}2021年国民经济和社会发展统计公报`,
  ];
  others.forEach((title, i) => {
    const p = `zwgk/zfxxgknb/202301/t2023011${i}_${3120900 + i}.html`;
    write(site, p, page(title, `<div class="TRS_Editor"><p>${esc(title)}</p></div>`));
    lookAlikes.push({ site, title, path: p, recordId: null });
    list.splice(4 + i * 7, 0, {
      docId: 3120900 + i,
      docTitle: title,
      docUrl: `/${p}`,
      pubDate: `2023-01-1${i} 09:00:00`,
      siteName: '北京市昌平区人民政府',
      chnlName: '政府信息公开年报',
    });
  });
  write(site, '_list.json', json(list));
  write(site, 'robots.txt', 'User-agent: *\nDisallow: /api/zwgk/visit\n');
  forbidden.push({ site, path: '/api/zwgk/visit' });
  write(site, 'index.html', portal('北京市昌平区人民政府', '<a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a>'));
  write(
    site,
    'zwgk/index.html',
    portal(
      '政务公开_北京市昌平区人民政府',
      '<a href="/">首页</a> <a href="/zwgk/zfxxgkzn/">政府信息公开指南</a> <a href="/zwgk/zfxxgknb/">政府信息公开年报</a>',
    ),
  );
  write(site, 'zwgk/zfxxgkzn/index.html', page('政府信息公开指南', '<div class="TRS_Editor"><p>本指南依据《中华人民共和国政府信息公开条例》编制。</p></div>'));
  write(
    site,
    'zwgk/zfxxgknb/index.html',
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>政府信息公开年报_北京市昌平区人民政府</title>
<link href="/static/css/app.9d1e2c3a.css" rel="stylesheet"></head>
<body><noscript><strong>请开启浏览器的JavaScript功能以浏览本站。</strong></noscript><div id="app"></div>
<script src="/static/js/chunk-vendors.4b7a90e1.js"></script><script src="/static/js/app.6c2f81a4.js"></script></body></html>
`,
  );
  write(site, 'static/css/app.9d1e2c3a.css', '.list li{line-height:2}\n');
  write(site, 'static/js/chunk-vendors.4b7a90e1.js', '/* vendors */ window.__vendors = { version: "2.6.14" };\n');
  write(
    site,
    'static/js/app.6c2f81a4.js',
    `(function () {
  var app = document.getElementById('app'), channel = 3207, size = 15;
  function cut(t) { return t.length > 22 ? t.slice(0, 22) + '…' : t; }
  function get(u, cb) { var x = new XMLHttpRequest(); x.open('GET', u); x.onload = function () { cb(JSON.parse(x.responseText)); }; x.send(); }
  function load(n) {
    get('/api/zwgk/articles?channelId=' + channel + '&pageNum=' + n + '&pageSize=' + size + '&_t=' + Date.now(), function (res) {
      var d = res.data, h = '<div class="crumb" data-v-5a1c2e7d>首页 &gt; 政务公开 &gt; 政府信息公开年报</div><ul class="list" data-v-5a1c2e7d>';
      d.list.forEach(function (a) { h += '<li data-v-5a1c2e7d><a href="' + a.docUrl + '" title="' + a.docTitle + '">' + cut(a.docTitle) + '</a><span>' + a.pubDate.slice(0, 10) + '</span></li>'; });
      h += '</ul><div class="pager">';
      for (var p = 1; p <= d.pages; p++) h += '<button data-p="' + p + '">' + p + '</button>';
      app.innerHTML = h + '</div>';
      app.querySelectorAll('[data-p]').forEach(function (b) { b.onclick = function () { load(+b.getAttribute('data-p')); }; });
    });
  }
  load(1);
  get('/api/zwgk/visit?channelId=' + channel, function () {});
})();
`,
  );
}

// ------------------------------------------------------------------ replica-fragments: 上海市宝山区, reports inside API records
function buildFragments(): void {
  const site = 'replica-fragments';
  const district = '上海市宝山区';
  const units: [string, Size][] = [
    [`${district}人民政府`, 'district'],
    [`${district}吴淞街道办事处`, 'township'],
    [`${district}友谊路街道办事处`, 'township'],
    [`${district}张庙街道办事处`, 'township'],
    [`${district}罗店镇人民政府`, 'township'],
    [`${district}大场镇人民政府`, 'township'],
    [`${district}顾村镇人民政府`, 'township'],
    [`${district}教育局`, 'department'],
    [`${district}民政局`, 'department'],
    [`${district}生态环境局`, 'department'],
  ];
  const r = rng(41);
  const records: Record<string, unknown>[] = [];
  for (const year of [2023, 2022, 2021]) {
    units.forEach(([agency, size], u) => {
      const s = spec(agency, year, size);
      const title = titleOf(agency, year);
      const id = `${(seed * 2654435761).toString(16).slice(-8)}-${year}-${u}`;
      const stub = r() < 0.15;
      const attachments: DiscoveryReport['attachments'] = [];
      const fileList: { fileName: string; fileUrl: string }[] = [];
      if (stub) {
        const format: AttachmentFormat = u % 2 ? 'pdf' : 'docx';
        const file = `upload/${s.publishedAt.replace(/-/g, '/')}/${id}.${format}`;
        write(site, file, officeFiles(s, [format])[format]);
        attachments.push({ path: file, format });
        fileList.push({ fileName: `${title}.${format}`, fileUrl: `/${file}` });
      }
      reports.push(truthReport(site, `${site}-${id}`, s, title, { kind: 'fragment', path: null, recordId: id }, attachments));
      records.push({
        id,
        title,
        publishDate: `${s.publishedAt} 10:00:00`,
        source: agency,
        columnId: 57,
        content: stub ? `<p style="text-indent:2em">${esc(title)}详见附件。</p>` : u % 3 === 0 ? articleHtml(s) : plainArticle(s),
        fileList,
        viewCount: 100 + u,
      });
    });
  }
  const others = ['关于做好宝山区2023年政府信息公开工作年度报告编制工作的通知', `${district}2022年法治政府建设年度报告`, `${district}2023年政务公开工作要点`];
  others.forEach((title, i) => {
    const id = `notice-${i}`;
    lookAlikes.push({ site, title, path: null, recordId: id });
    records.splice(3 + i * 9, 0, {
      id,
      title,
      publishDate: `2023-01-0${i + 2} 10:00:00`,
      source: `${district}人民政府办公室`,
      columnId: 57,
      content: `<p>${esc(title)}</p><p>各单位：现将有关事项通知如下。</p>`.repeat(3),
      fileList: [],
      viewCount: 10,
    });
  });
  write(site, '_records.json', json(records));
  write(site, 'robots.txt', 'User-agent: *\nDisallow: /api/cms/statistics\n');
  forbidden.push({ site, path: '/api/cms/statistics' });
  write(site, 'index.html', portal('上海市宝山区人民政府', '<a href="/">首页</a> <a href="/zwgk/index.html">政务公开</a> <a href="/bsfw/">办事服务</a>'));
  write(
    site,
    'zwgk/index.html',
    portal(
      '政务公开_上海市宝山区人民政府',
      '<a href="/">首页</a> <a href="/zwgk/zn/index.html">政府信息公开指南</a> <a href="/zwgk/nb/index.html">政府信息公开年报</a>',
    ),
  );
  write(site, 'zwgk/zn/index.html', page('政府信息公开指南_上海市宝山区', '<div class="article"><p>宝山区政府信息公开指南。</p></div>'));
  write(
    site,
    'zwgk/nb/index.html',
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报_上海市宝山区人民政府</title></head>
<body><div id="app"><div class="loading">加载中…</div></div>
<script src="/static/js/app.1f3c9b2e.js"></script></body></html>
`,
  );
  write(
    site,
    'static/js/app.1f3c9b2e.js',
    `(function () {
  var app = document.getElementById('app'), size = 8;
  function post(u, body, cb) {
    var x = new XMLHttpRequest(); x.open('POST', u); x.setRequestHeader('Content-Type', 'application/json;charset=UTF-8');
    x.onload = function () { cb(JSON.parse(x.responseText)); }; x.send(JSON.stringify(body));
  }
  function cut(t) { return t.length > 20 ? t.slice(0, 20) + '…' : t; }
  function show(r) { app.innerHTML = '<h2>' + r.title + '</h2><div class="content">' + r.content + '</div>'; }
  function load(n) {
    post('/api/cms/content/list', { columnId: 57, pageNo: n, pageSize: size }, function (res) {
      var d = res.data, h = '<ul class="list">';
      d.records.forEach(function (r, i) { h += '<li><a href="#/detail/' + r.id + '" title="' + r.title + '" data-i="' + i + '">' + cut(r.title) + '</a><span>' + r.publishDate.slice(0, 10) + '</span></li>'; });
      h += '</ul><div class="pager">共' + d.total + '条 第' + d.pageNo + '/' + d.totalPage + '页</div>';
      app.innerHTML = h;
      app.querySelectorAll('[data-i]').forEach(function (a) { a.onclick = function () { show(d.records[+a.getAttribute('data-i')]); }; });
    });
  }
  load(1);
  fetch('/api/cms/statistics?columnId=57').catch(function () {});
})();
`,
  );
}

// ------------------------------------------------------------------ replica-spa: 北京市门头沟区, list written by script
function buildSpa(): void {
  const site = 'replica-spa';
  const district = '北京市门头沟区';
  const units: [string, Size][] = [
    [`${district}人民政府`, 'district'],
    [`${district}大峪街道办事处`, 'township'],
    [`${district}城子街道办事处`, 'township'],
    [`${district}潭柘寺镇人民政府`, 'township'],
    [`${district}斋堂镇人民政府`, 'township'],
    [`${district}水务局`, 'department'],
    [`${district}城市管理委员会`, 'department'],
  ];
  const r = rng(43);
  const entries: { t: string; u: string; d: string }[] = [];
  let n = 880;
  for (const year of [2023, 2022, 2021, 2020]) {
    units.forEach(([agency, size], u) => {
      if (year === 2020 && u > 2) return;
      const s = spec(agency, year, size);
      const title = titleOf(agency, year);
      const detailPath = `xxgk/nb/${year}/${n}.html`;
      const stub = r() < 0.2;
      const attachments: DiscoveryReport['attachments'] = [];
      const links: string[] = [];
      if (stub) {
        const file = `xxgk/nb/${year}/files/${n}.docx`;
        write(site, file, officeFiles(s, ['docx']).docx);
        attachments.push({ path: file, format: 'docx' });
        links.push(`<p><a href="./files/${n}.docx">${esc(title)}.docx</a></p>`);
      }
      write(
        site,
        detailPath,
        page(`${title}_北京市门头沟区人民政府`, `<div id="zoom">${stub ? `<p>${esc(title)}详见附件。</p>` : plainArticle(s)}</div>\n${links.join('\n')}`, {
          meta: { ArticleTitle: title, PubDate: s.publishedAt },
        }),
      );
      reports.push(truthReport(site, `${site}-${n}`, s, title, { kind: 'page', path: detailPath, recordId: null }, attachments));
      // Relative to the list pages (../nb/2023/…), protocol-relative, or from the root.
      entries.push({ t: title, u: u % 3 === 0 ? `./${year}/${n}.html` : u % 3 === 1 ? `//SITE_HOST/${detailPath}` : `/${detailPath}`, d: s.publishedAt });
      n++;
    });
  }
  const draftSpec = spec(`${district}王平镇人民政府`, 2023, 'township');
  const draftTitle = titleOf(draftSpec.agency, 2023);
  write(site, 'xxgk/nb/draft/990.html', page(draftTitle, `<div id="zoom">${plainArticle(draftSpec)}</div>`));
  reports.push(truthReport(site, `${site}-draft`, draftSpec, draftTitle, { kind: 'page', path: 'xxgk/nb/draft/990.html', recordId: null }, [], 'robots'));
  entries.splice(2, 0, { t: draftTitle, u: './draft/990.html', d: draftSpec.publishedAt });
  forbidden.push({ site, path: '/xxgk/nb/draft/990.html' });
  const others = [`关于做好门头沟区2023年政府信息公开年报编制和公布有关工作的函`, `${district}2022年法治政府建设年度报告`, `${district}2021年部门决算报告`];
  others.forEach((title, i) => {
    const p = `xxgk/nb/other/${i}.html`;
    write(site, p, page(title, `<div id="zoom"><p>${esc(title)}</p></div>`));
    lookAlikes.push({ site, title, path: p, recordId: null });
    entries.splice(5 + i * 8, 0, { t: title, u: `/${p}`, d: '2023-01-10' });
  });
  write(site, 'robots.txt', 'User-agent: *\nDisallow: /xxgk/nb/draft/\n');
  write(site, 'index.html', portal('北京市门头沟区人民政府', '<a href="/">首页</a> <a href="/xxgk/index.html">信息公开</a> <a href="/hdjl/">互动交流</a>'));
  write(
    site,
    'xxgk/index.html',
    portal(
      '信息公开_北京市门头沟区人民政府',
      '<a href="/">首页</a> <a href="/xxgk/nb/index.html">政府信息公开年报</a> <a href="/xxgk/zn.html">政府信息公开指南</a>',
    ),
  );
  write(site, 'xxgk/zn.html', page('政府信息公开指南', '<div id="zoom"><p>门头沟区政府信息公开指南。</p></div>'));
  // Ten entries a page; each page packs its entries (base64 of reversed JSON) and writes them, and its pager, by script.
  const pages = Math.ceil(entries.length / 10);
  for (let p = 0; p < pages; p++) {
    const packed = Buffer.from(
      JSON.stringify(entries.slice(p * 10, p * 10 + 10))
        .split('')
        .reverse()
        .join(''),
      'utf8',
    ).toString('base64');
    const file = p === 0 ? 'index.html' : `list_${p + 1}.html`;
    write(
      site,
      `xxgk/nb/${file}`,
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报_北京市门头沟区人民政府</title>
<script src="/js/base.js"></script></head>
<body><div class="crumb"><a href="/">首页</a> &gt; <a href="/xxgk/index.html">信息公开</a> &gt; 政府信息公开年报</div>
<ul id="list" class="news-list"></ul><div id="pager"></div>
<script>
var _d = "${packed}";
renderList(JSON.parse(decodeURIComponent(escape(atob(_d))).split('').reverse().join('')), ${p + 1}, ${pages});
</script>
</body></html>
`,
    );
  }
  // The placeholder is split in the script: server.ts replaces SITE_HOST in every file it serves, this one included.
  write(
    site,
    'js/base.js',
    `function renderList(items, page, pages) {
  var ul = document.getElementById('list');
  items.forEach(function (it) {
    var li = document.createElement('li'), a = document.createElement('a');
    a.href = it.u.replace('SITE_' + 'HOST', location.host); a.title = it.t; a.textContent = it.t.length > 21 ? it.t.slice(0, 21) + '…' : it.t;
    li.appendChild(a); li.appendChild(document.createTextNode(' ' + it.d)); ul.appendChild(li);
  });
  var pager = document.getElementById('pager');
  if (page > 1) pager.innerHTML += '<a href="' + (page === 2 ? 'index.html' : 'list_' + (page - 1) + '.html') + '">上一页</a> ';
  if (page < pages) pager.innerHTML += '<a href="list_' + (page + 1) + '.html">下一页</a>';
}
`,
  );
}

function main(): void {
  for (const s of SITES) fs.rmSync(path.join(ROOT, s), { recursive: true, force: true });
  buildGkmlpt();
  buildVue();
  buildFragments();
  buildSpa();
  const truth: DiscoveryTruth = {
    sites: [
      { id: 'replica-gkmlpt', name: '清远市清新区人民政府（复刻）', regionCode: '441803', entry: '/', list: 'known-api' },
      { id: 'replica-vue', name: '北京市昌平区人民政府（复刻）', regionCode: '110114', entry: '/', list: 'api' },
      { id: 'replica-fragments', name: '上海市宝山区人民政府（复刻）', regionCode: '310113', entry: '/', list: 'api' },
      { id: 'replica-spa', name: '北京市门头沟区人民政府（复刻）', regionCode: '110109', entry: '/', list: 'script' },
    ],
    reports,
    lookAlikes,
    forbidden,
  };
  fs.writeFileSync(path.join(import.meta.dirname, 'discovery-truth.json'), json(truth));
  for (const s of truth.sites) {
    const mine = reports.filter((r) => r.site === s.id);
    process.stdout.write(
      `${s.id}: ${mine.length} reports, ${mine.reduce((n, r) => n + r.attachments.length, 0)} attachments, ${lookAlikes.filter((l) => l.site === s.id).length} look-alikes\n`,
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
