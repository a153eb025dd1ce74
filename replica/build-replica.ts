// Builds the replica sites (replica/sites/<site>/…) and their ground truth (ground-truth.json): five fictional
// sites of real Beijing districts, each reproducing one publishing pattern of shared/domain/site-patterns.md, with
// 81 reports of 2019–2024 in HTML, PDF, DOCX and DOC, one of them a township page whose tables are scanned pictures
// (read by OCR), and the hazards of §7. Deterministic apart from the office files, which LibreOffice makes (Debian:
// libreoffice-writer-nogui, fonts-noto-cjk), and the scanned pictures, which Chromium prints. The output is committed;
// run `npx tsx replica/build-replica.ts` to rebuild after changing this file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { chromium } from 'playwright-core';
import { generateReport, rng, type ReportSpec } from './generate-report.js';
import { renderHtml } from './render-report.js';
import { degrade, scanPages } from './scan-report.js';

const ROOT = path.join(import.meta.dirname, 'sites');

export type AttachmentFormat = 'pdf' | 'docx' | 'doc';

export interface TruthReport {
  id: string;
  site: string;
  agency: string;
  year: number;
  template: '2019' | '2021';
  facts: Record<string, number>;
  publishedAt: string;
  listTitle: string;
  /** Path of the detail page on its site. */
  detailPath: string;
  /**
   * 'html': the report is in the page; 'stub': the page says 详见附件; 'both': the page and an attachment (twins);
   * 'scanned': the page's text with its tables as scanned pictures (`images`), read by OCR.
   */
  body: 'html' | 'stub' | 'both' | 'scanned';
  /** For 'scanned': paths of the pictures of tables 2, 3 and 4 on its site. */
  images?: string[];
  attachments: { path: string; format: AttachmentFormat; oldsrc?: string }[];
  /** Expected not to be collected, and why (the site's hazards). */
  unreachable?: 'robots' | 'redirect_loop';
  /** Phase 2 of the replica serves a corrected report at the same URL. */
  replaced?: { facts: Record<string, number> };
}

export interface Truth {
  sites: { id: string; name: string; regionCode: string; pattern: string; entry: string; waitFor?: string; api?: Record<string, unknown> }[];
  reports: TruthReport[];
  lookAlikes: { site: string; title: string; path: string }[];
}

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function write(site: string, rel: string, content: string | Buffer): void {
  const file = path.join(ROOT, site, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

export const truncate = (s: string, n = 22) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The report's body as the article of a CMS page: the Word-style HTML of render-report without its page. */
export function articleHtml(spec: ReportSpec): string {
  const full = renderHtml(spec, { style: 'word' });
  return /<div class="WordSection1">([\s\S]*)<\/div><\/body>/.exec(full)![1]!;
}

export function officeFiles(spec: ReportSpec, formats: AttachmentFormat[]): Record<AttachmentFormat, Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replica-'));
  fs.writeFileSync(path.join(dir, 'r.html'), renderHtml(spec, { style: 'word' }));
  const run = (args: string[]) => execFileSync('soffice', ['--headless', ...args], { cwd: dir, stdio: 'ignore' });
  run(['--convert-to', 'docx:MS Word 2007 XML', 'r.html']);
  if (formats.includes('doc')) run(['--convert-to', 'doc:MS Word 97', 'r.docx']);
  if (formats.includes('pdf')) run(['--convert-to', 'pdf', 'r.docx']);
  const out = {} as Record<AttachmentFormat, Buffer>;
  for (const f of formats) out[f] = fs.readFileSync(path.join(dir, `r.${f}`));
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

export function page(title: string, body: string, options: { charset?: string; meta?: Record<string, string> } = {}): string {
  const meta = Object.entries(options.meta ?? {})
    .map(([k, v]) => `<meta name="${k}" content="${esc(v)}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=${options.charset ?? 'utf-8'}">
${meta}
<title>${esc(title)}</title></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/hdjl/">互动交流</a> <a href="/bsfw/">办事服务</a></div>
${body}
<div class="footer"><p>主办单位：${esc(title.split('_').at(-1) ?? '')}　<a href="/sitemap/">网站地图</a>　<a href="/contact/">联系我们</a></p></div>
</body></html>
`;
}

export function detailPage(
  spec: ReportSpec,
  title: string,
  body: 'html' | 'stub' | 'both',
  attachments: { href: string; oldsrc?: string; name: string }[],
  siteName: string,
  container: 'trs' | 'zoom' | 'plain',
  charset = 'utf-8',
): string {
  const content = body === 'stub' ? `<p>${esc(title)}全文详见附件。</p>` : articleHtml(spec);
  const files = attachments
    .map((a) => `<p class="insertfileTag"><a appendix="true" href="${a.href}"${a.oldsrc ? ` OLDSRC="${a.oldsrc}"` : ''}>${esc(a.name)}</a></p>`)
    .join('\n');
  const open = container === 'trs' ? '<div class="TRS_Editor">' : container === 'zoom' ? '<div id="zoom">' : '<div class="article">';
  return page(
    `${title}_${siteName}`,
    `<table class="xxgk-info"><tr><td>索引号</td><td>${spec.year + 1}-000${spec.facts['t2.penalty.decisions']! % 1000}</td><td>发布机构</td><td>${esc(spec.agency)}</td></tr>
<tr><td>发布日期</td><td>${spec.publishedAt}</td><td>名称</td><td>${esc(title)}</td></tr></table>
${open}
${content}
</div>
${files}`,
    { charset, meta: { ArticleTitle: title, PubDate: `${spec.publishedAt} 09:30`, ContentSource: spec.agency } },
  );
}

const reports: TruthReport[] = [];
const lookAlikes: Truth['lookAlikes'] = [];
let seedCounter = 1000;
const nextSeed = () => ++seedCounter;

function makeSpec(agency: string, year: number, size: 'township' | 'district' | 'department'): ReportSpec {
  const scale =
    size === 'district'
      ? { applications: 300, decisions: 20000 }
      : size === 'department'
        ? { applications: 40, decisions: 3000 }
        : { applications: 10, decisions: 400 };
  return generateReport(nextSeed(), agency, year, scale);
}

export const titleOf = (agency: string, year: number) => `${agency}${year}年政府信息公开工作年度报告`;

// ------------------------------------------------------------------ replica-trs: 密云区, TRS, per-year columns
function buildTrs(): void {
  const site = 'replica-trs';
  const district = '北京市密云区';
  const units: [string, 'district' | 'township' | 'department'][] = [
    [`${district}人民政府`, 'district'],
    [`${district}北庄镇人民政府`, 'township'],
    [`${district}古北口镇人民政府`, 'township'],
    [`${district}发展和改革委员会`, 'department'],
  ];
  const years = [2019, 2020, 2021, 2022, 2023, 2024];
  const r = rng(7);
  const latest: string[] = [];
  write(site, 'robots.txt', 'User-agent: *\nDisallow: /zwgk/zfxxgk/zfxxgknb/private/\n');
  write(
    site,
    'index.html',
    page('北京市密云区人民政府', '<ul class="nav"><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwgk/zfxxgk/">政府信息公开</a></li></ul>'),
  );
  write(
    site,
    'zwgk/index.html',
    page('政务公开_北京市密云区人民政府', '<ul><li><a href="/zwgk/zfxxgk/">政府信息公开</a></li><li><a href="/zwgk/zcjd/">政策解读</a></li></ul>'),
  );
  write(
    site,
    'zwgk/zfxxgk/index.html',
    page(
      '政府信息公开_北京市密云区人民政府',
      '<ul><li><a href="/zwgk/zfxxgk/zn/">政府信息公开指南</a></li><li><a href="/zwgk/zfxxgk/zfxxgknb/">政府信息公开年报</a></li></ul>',
    ),
  );
  let id = 200100;
  for (const year of years) {
    const entries: string[] = [];
    units.forEach(([agency, size], i) => {
      const spec = makeSpec(agency, year, size);
      const title = titleOf(agency, year);
      const stamp = spec.publishedAt.replace(/-/g, '');
      const folder = `zwgk/zfxxgk/zfxxgknb/gknb${year}/${stamp.slice(0, 6)}`;
      const detailPath = `${folder}/t${stamp}_${id++}.html`;
      const stub = (i === 1 && year >= 2023) || (i === 3 && year === 2020) || r() < 0.1;
      const attachments: TruthReport['attachments'] = [];
      const links: { href: string; oldsrc?: string; name: string }[] = [];
      if (stub) {
        const p0 = `P0${stamp}${String(id).padStart(12, '0')}.pdf`;
        // One attachment's href is dead and only OLDSRC works; the others have a dead OLDSRC and a working href.
        const deadHref = year === 2024 && i === 1;
        const href = deadHref ? `./dead_${p0}` : `./${p0}`;
        const oldsrc = deadHref ? `/protect/P0${stamp.slice(0, 6)}/${p0}` : `/protect/missing/${p0}`;
        links.push({ href, oldsrc, name: `${title}.pdf` });
        attachments.push({ path: deadHref ? `protect/P0${stamp.slice(0, 6)}/${p0}` : `${folder}/${p0}`, format: 'pdf' });
        write(site, attachments[0]!.path, officeFiles(spec, ['pdf']).pdf);
      }
      write(site, detailPath, detailPage(spec, title, stub ? 'stub' : 'html', links, '北京市密云区人民政府', 'trs'));
      const report: TruthReport = {
        id: `${site}-${year}-${i}`,
        site,
        agency,
        year,
        template: spec.template,
        facts: spec.facts,
        publishedAt: spec.publishedAt,
        listTitle: title,
        detailPath,
        body: stub ? 'stub' : 'html',
        attachments,
      };
      if (year === 2022 && i === 1) {
        // Replaced between two crawls: the corrected report (one more request granted) at the same URL.
        const facts = { ...spec.facts };
        for (const k of [
          't3.granted.natural_person',
          't3.granted.total',
          't3.total.natural_person',
          't3.total.total',
          't3.new_received.natural_person',
          't3.new_received.total',
        ])
          facts[k]! += 1;
        const v2 = { ...spec, facts };
        write(site, `${detailPath}.v2`, detailPage(v2, `${title}（更正版）`, 'html', [], '北京市密云区人民政府', 'trs'));
        report.replaced = { facts };
      }
      reports.push(report);
      entries.push(
        `<li><a href="./${detailPath.split('/').slice(-2).join('/')}" target="_blank" title="${esc(title)}">${esc(truncate(title))}</a><span>${spec.publishedAt}</span></li>`,
      );
      if (year === 2024 && i < 2) latest.push(`<li><a href="/${detailPath}" title="${esc(title)}">${esc(truncate(title))}</a></li>`);
    });
    // Look-alikes: the instruction to write the reports, and another annual report.
    const notice = `关于做好密云区${year + 1}年政府信息公开年报编制和公布有关工作的函`;
    const rule = `北京市密云区人民政府${year}年法治政府建设年度报告`;
    entries.splice(2, 0, `<li><a href="./notice_${year}.html" title="${esc(notice)}">${esc(truncate(notice))}</a></li>`);
    entries.push(`<li><a href="./fzzf_${year}.html" title="${esc(rule)}">${esc(truncate(rule))}</a></li>`);
    write(site, `zwgk/zfxxgk/zfxxgknb/gknb${year}/notice_${year}.html`, page(notice, `<div class="TRS_Editor"><p>${esc(notice)}</p></div>`));
    write(site, `zwgk/zfxxgk/zfxxgknb/gknb${year}/fzzf_${year}.html`, page(rule, `<div class="TRS_Editor"><p>${esc(rule)}</p></div>`));
    lookAlikes.push(
      { site, title: notice, path: `zwgk/zfxxgk/zfxxgknb/gknb${year}/notice_${year}.html` },
      { site, title: rule, path: `zwgk/zfxxgk/zfxxgknb/gknb${year}/fzzf_${year}.html` },
    );
    // Three entries a page, TRS pagination: index.html, index_1.html … with createPageHTML(count, i, "index", "html").
    const pages = Math.ceil(entries.length / 3);
    for (let p = 0; p < pages; p++) {
      const list = entries.slice(p * 3, p * 3 + 3).join('\n');
      const file = p === 0 ? 'index.html' : `index_${p}.html`;
      write(
        site,
        `zwgk/zfxxgk/zfxxgknb/gknb${year}/${file}`,
        page(
          `${year}年度_政府信息公开年报_北京市密云区人民政府`,
          `<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开 &gt; 政府信息公开年报 &gt; ${year}年度</div>\n<ul class="list">\n${list}\n</ul>\n<div class="page"><script>createPageHTML(${pages}, ${p}, "index", "html");</script></div>`,
          {
            meta: { ColumnName: `${year}年度`, ColumnType: '政府信息公开年报' },
          },
        ),
      );
    }
  }
  // The robots.txt-disallowed column: its report must never be fetched.
  const privateSpec = makeSpec(`${district}穆家峪镇人民政府`, 2023, 'township');
  const privateTitle = titleOf(privateSpec.agency, 2023);
  write(
    site,
    'zwgk/zfxxgk/zfxxgknb/private/index.html',
    page('内部', `<ul><li><a href="./t20240110_1.html" title="${esc(privateTitle)}">${esc(privateTitle)}</a></li></ul>`),
  );
  write(site, 'zwgk/zfxxgk/zfxxgknb/private/t20240110_1.html', detailPage(privateSpec, privateTitle, 'html', [], '北京市密云区人民政府', 'trs'));
  reports.push({
    id: `${site}-private`,
    site,
    agency: privateSpec.agency,
    year: 2023,
    template: '2021',
    facts: privateSpec.facts,
    publishedAt: privateSpec.publishedAt,
    listTitle: privateTitle,
    detailPath: 'zwgk/zfxxgk/zfxxgknb/private/t20240110_1.html',
    body: 'html',
    attachments: [],
    unreachable: 'robots',
  });
  const columns = years
    .slice()
    .reverse()
    .map((y) => `<li><a href="./gknb${y}/">${y}年度</a></li>`)
    .join('\n');
  write(
    site,
    'zwgk/zfxxgk/zfxxgknb/index.html',
    page(
      '政府信息公开年报_北京市密云区人民政府',
      `<h3>最新年报</h3><ul class="latest">\n${latest.join('\n')}\n</ul>\n<h3>年度</h3><ul class="years">\n${columns}\n<li><a href="./private/">内部资料</a></li>\n</ul>\n<p>友情链接：<a href="MIRROR_ORIGIN/zwgk/zfxxgk/zfxxgknb/">政府信息公开年报（镜像）</a></p>`,
    ),
  );
}

// ------------------------------------------------------------------ replica-trs-gbk: 通州区, GBK, per-unit columns
function buildTrsGbk(): void {
  const site = 'replica-trs-gbk';
  const district = '北京市通州区';
  const units: [string, string, 'district' | 'township' | 'department'][] = [
    ['c100001', `${district}人民政府`, 'district'],
    ['c100002', `${district}宋庄镇人民政府`, 'township'],
    ['c100003', `${district}张家湾镇人民政府`, 'township'],
    ['c100004', `${district}城市管理委员会`, 'department'],
  ];
  const gbk = (html: string) => iconv.encode(html, 'gbk');
  write(site, 'index.html', gbk(page('北京市通州区人民政府', '<a href="/tzzfxxgk/">信息公开</a>', { charset: 'gb2312' })));
  const unitLinks = [...units, [SCANNED.col, SCANNED.agency]]
    .map(([col, agency]) => `<li><a href="./${col}/">${esc(agency!.replace(district, '').replace('人民政府', '') || '区政府')}</a></li>`)
    .join('\n');
  write(site, 'tzzfxxgk/index.html', gbk(page('政府信息公开_北京市通州区', `<h3>部门街镇</h3><ul>${unitLinks}</ul>`, { charset: 'gb2312' })));
  let id = 1332800;
  units.forEach(([col, agency, size], u) => {
    write(
      site,
      `tzzfxxgk/${col}/index.html`,
      gbk(
        page(`${agency}_信息公开`, `<ul><li><a href="./zn/">政府信息公开指南</a></li><li><a href="../${col}n/">政府信息公开年报</a></li></ul>`, {
          charset: 'gb2312',
        }),
      ),
    );
    write(
      site,
      `tzzfxxgk/${col}/zn/index.html`,
      gbk(page(`${agency}政府信息公开指南`, '<div class="article"><p>政府信息公开指南。</p></div>', { charset: 'gb2312' })),
    );
    const entries: string[] = [];
    for (const year of [2021, 2022, 2023]) {
      const spec = makeSpec(agency, year, size);
      const title = titleOf(agency, year);
      const detailPath = `tzzfxxgk/${col}n/${spec.publishedAt.slice(0, 7).replace('-', '')}/${id++}.shtml`;
      // The district government's 2022 report is published twice: in the page and as a PDF of the same text.
      const both = u === 0 && year === 2022;
      const attachments: TruthReport['attachments'] = [];
      const links: { href: string; name: string }[] = [];
      if (both) {
        const pdfPath = `tzzfxxgk/${col}n/files/${id}.pdf`;
        write(site, pdfPath, officeFiles(spec, ['pdf']).pdf);
        attachments.push({ path: pdfPath, format: 'pdf' });
        links.push({ href: `/${pdfPath}`, name: `${title}.pdf` });
      }
      write(site, detailPath, gbk(detailPage(spec, title, both ? 'both' : 'html', links, '北京市通州区人民政府', 'plain', 'gb2312')));
      reports.push({
        id: `${site}-${col}-${year}`,
        site,
        agency,
        year,
        template: spec.template,
        facts: spec.facts,
        publishedAt: spec.publishedAt,
        listTitle: title,
        detailPath,
        body: both ? 'both' : 'html',
        attachments,
      });
      entries.push(`<li><a href="/${detailPath}" title="${esc(title)}">${esc(truncate(title, 30))}</a> ${spec.publishedAt}</li>`);
    }
    write(site, `tzzfxxgk/${col}n/index.html`, gbk(page(`${agency}_政府信息公开年报`, `<ul class="list">${entries.join('\n')}</ul>`, { charset: 'gb2312' })));
  });
}

// ------------------------------------------------------------------ replica-trs-gbk: 永乐店镇, tables as scans
/**
 * A township of 通州区 that pasted its tables as scanned pictures into its report page: text before, after and
 * between them, each table a JPEG of a printed A4 page (150 dpi, noise, 1.2° turn, JPEG 60). Its own seed (the
 * report of test/pipeline/ocr's fixture A), so that the other reports keep theirs.
 */
const SCANNED = { col: 'c100005', agency: '北京市通州区永乐店镇人民政府', year: 2022, seed: 17017, scale: { applications: 40, decisions: 600 } };

/** Writes the township's column, list and page; returns its scanned tables to print (pictures need Chromium). */
function buildScannedTownship(): { spec: ReportSpec; images: string[] } {
  const site = 'replica-trs-gbk';
  const spec = generateReport(SCANNED.seed, SCANNED.agency, SCANNED.year, SCANNED.scale);
  const gbk = (html: string) => iconv.encode(html, 'gbk');
  const { col, agency, year } = SCANNED;
  const title = titleOf(agency, year);
  const folder = `tzzfxxgk/${col}n/${spec.publishedAt.slice(0, 7).replace('-', '')}`;
  const detailPath = `${folder}/1332900.shtml`;
  const images = [2, 3, 4].map((n) => `${folder}/W0${spec.publishedAt.replace(/-/g, '')}0${n}.jpg`);
  const tableImages = { 2: `/${images[0]}`, 3: `/${images[1]}`, 4: `/${images[2]}` };
  const article = /<div class="WordSection1">([\s\S]*)<\/div><\/body>/.exec(renderHtml(spec, { style: 'word', tableImages }))![1]!;
  write(
    site,
    `tzzfxxgk/${col}/index.html`,
    gbk(page(`${agency}_信息公开`, `<ul><li><a href="../${col}n/">政府信息公开年报</a></li></ul>`, { charset: 'gb2312' })),
  );
  write(
    site,
    detailPath,
    gbk(
      page(`${title}_北京市通州区人民政府`, `<div class="article">\n${article}\n</div>`, {
        charset: 'gb2312',
        meta: { ArticleTitle: title, PubDate: `${spec.publishedAt} 09:30`, ContentSource: agency },
      }),
    ),
  );
  write(
    site,
    `tzzfxxgk/${col}n/index.html`,
    gbk(
      page(
        `${agency}_政府信息公开年报`,
        `<ul class="list"><li><a href="/${detailPath}" title="${esc(title)}">${esc(truncate(title, 30))}</a> ${spec.publishedAt}</li></ul>`,
        {
          charset: 'gb2312',
        },
      ),
    ),
  );
  reports.push({
    id: `${site}-${col}-${year}`,
    site,
    agency,
    year,
    template: spec.template,
    facts: spec.facts,
    publishedAt: spec.publishedAt,
    listTitle: title,
    detailPath,
    body: 'scanned',
    attachments: [],
    images,
  });
  return { spec, images };
}

/** Prints the scanned tables' pages (2, 3 and 4 of the report as a scanner gives them) into the site. */
async function printScans(scan: { spec: ReportSpec; images: string[] }): Promise<void> {
  const dpi = 150;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const pages = await scanPages(browser, scan.spec, { dpi, font: 'serif' });
    for (const [i, file] of scan.images.entries()) {
      const n = i + 2;
      write('replica-trs-gbk', file, await degrade(pages[n - 1]!, dpi, { noise: 6, skew: 1.2, jpeg: 60, seed: n, gray: true }));
    }
  } finally {
    await browser.close();
  }
}

// ------------------------------------------------------------------ replica-hanweb: 房山区, Hanweb jpage
function buildHanweb(): { records: string[] } {
  const site = 'replica-hanweb';
  const district = '北京市房山区';
  const agencies: [string, 'district' | 'township' | 'department'][] = [
    [`${district}人民政府`, 'district'],
    [`${district}阎村镇人民政府`, 'township'],
    [`${district}教育委员会`, 'department'],
  ];
  const records: string[] = [];
  let doc = 4011100;
  const r = rng(11);
  for (const year of [2024, 2023, 2022, 2021, 2020, 2019]) {
    agencies.forEach(([agency, size], i) => {
      if (year === 2019 && i === 2) return; // 17 reports: the department published nothing for 2019
      const spec = makeSpec(agency, year, size);
      const title = titleOf(agency, year);
      const [y, m, d] = spec.publishedAt.split('-').map(Number);
      const detailPath = `art/${y}/${m}/${d}/art_1229_${doc++}.html`;
      const stub = r() < 0.2;
      const attachments: TruthReport['attachments'] = [];
      const links: { href: string; name: string }[] = [];
      if (stub) {
        const file = `module/download/downfile.jsp?classid=0&filename=${doc}.docx`;
        write(site, `module/download/${doc}.docx`, officeFiles(spec, ['docx']).docx);
        attachments.push({ path: file, format: 'docx' });
        links.push({ href: `/${file}`, name: `${title}.docx` });
      }
      write(site, detailPath, detailPage(spec, title, stub ? 'stub' : 'html', links, '北京市房山区人民政府', 'zoom'));
      reports.push({
        id: `${site}-${year}-${i}`,
        site,
        agency,
        year,
        template: spec.template,
        facts: spec.facts,
        publishedAt: spec.publishedAt,
        listTitle: title,
        detailPath,
        body: stub ? 'stub' : 'html',
        attachments,
      });
      records.push(`<li><a href="/${detailPath}" target="_blank" title="${esc(title)}">${esc(truncate(title))}</a><span>${spec.publishedAt}</span></li>`);
    });
    if (year === 2022) {
      const t = `房山区${year}年政务公开工作要点`;
      records.push(`<li><a href="/art/2022/3/1/art_1229_3999.html" title="${t}">${t}</a></li>`);
      write(site, 'art/2022/3/1/art_1229_3999.html', page(t, `<div id="zoom"><p>${t}</p></div>`));
      lookAlikes.push({ site, title: t, path: 'art/2022/3/1/art_1229_3999.html' });
    }
  }
  write(site, 'index.html', page('北京市房山区人民政府', '<a href="/col/col1229/index.html">政府信息公开年报</a>'));
  const first = records
    .slice(0, 10)
    .map((x) => `<record><![CDATA[${x}]]></record>`)
    .join('\n');
  write(
    site,
    'col/col1229/index.html',
    page(
      '政府信息公开年报_北京市房山区人民政府',
      `<div id="4611">
<script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3095&path=/&columnid=1229&unitid=6101313&webname=%E6%88%BF%E5%B1%B1&permissiontype=0"></a>]]></nextgroup>
<recordset>
${first}
</recordset></datastore></script>
</div>
<script>
var param_4611 = {col:1,appid:1,webid:3095,path:'/',columnid:1229,sourceContentType:1,unitid:'6101313',webname:'北京市房山区人民政府',permissiontype:0};
$('#4611').jpage({ proxyUrl:'/module/web/jpage/dataproxy.jsp', perPage:5, groupSize:2, totalRecord:${records.length}, ajaxParam:param_4611, dataBefore:'<ul>', dataAfter:'</ul>' });
</script>`,
    ),
  );
  return { records };
}

// ------------------------------------------------------------------ replica-json: 大兴区, gkmlpt-style JSON API
function buildJson(): { articles: unknown[] } {
  const site = 'replica-json';
  const district = '北京市大兴区';
  const agencies: [string, 'district' | 'township' | 'department'][] = [
    [`${district}人民政府`, 'district'],
    [`${district}魏善庄镇人民政府`, 'township'],
    [`${district}市场监督管理局`, 'department'],
  ];
  const articles: unknown[] = [];
  let post = 1506000;
  const r = rng(13);
  for (const year of [2024, 2023, 2022, 2021, 2020]) {
    agencies.forEach(([agency, size], i) => {
      if (year === 2020 && i === 2) return; // 14 reports
      const spec = makeSpec(agency, year, size);
      const title = titleOf(agency, year);
      const detailPath = `xxgk/${year}/content/post_${post++}.html`;
      const kind = r();
      const stub = kind < 0.35;
      const format: AttachmentFormat = kind < 0.18 ? 'pdf' : 'docx';
      const attachments: TruthReport['attachments'] = [];
      const links: { href: string; name: string }[] = [];
      if (stub) {
        const file = `attachment/0/${post}.${format}`;
        write(site, file, officeFiles(spec, [format])[format]);
        attachments.push({ path: file, format });
        links.push({ href: `/${file}`, name: `${title}.${format}` });
      }
      write(site, detailPath, detailPage(spec, title, stub ? 'stub' : 'html', links, '北京市大兴区人民政府', 'plain'));
      reports.push({
        id: `${site}-${year}-${i}`,
        site,
        agency,
        year,
        template: spec.template,
        facts: spec.facts,
        publishedAt: spec.publishedAt,
        listTitle: title,
        detailPath,
        body: stub ? 'stub' : 'html',
        attachments,
      });
      articles.push({ id: post, title, url: `/${detailPath}`, publisher: agency, create_time: Math.floor(Date.parse(spec.publishedAt) / 1000) });
    });
  }
  // A report whose page only redirects to itself (via a second URL): recorded as a redirect loop.
  const loopSpec = makeSpec(`${district}黄村镇人民政府`, 2023, 'township');
  const loopTitle = titleOf(loopSpec.agency, 2023);
  articles.splice(3, 0, { id: 999, title: loopTitle, url: '/xxgk/loop/content/post_999.html', publisher: loopSpec.agency, create_time: 0 });
  reports.push({
    id: `${site}-loop`,
    site,
    agency: loopSpec.agency,
    year: 2023,
    template: '2021',
    facts: loopSpec.facts,
    publishedAt: loopSpec.publishedAt,
    listTitle: loopTitle,
    detailPath: 'xxgk/loop/content/post_999.html',
    body: 'html',
    attachments: [],
    unreachable: 'redirect_loop',
  });
  const t = '北京市大兴区2023年政府信息公开工作年度报告编制工作通知';
  articles.splice(7, 0, { id: 998, title: t, url: '/xxgk/2024/content/post_998.html', publisher: '北京市大兴区人民政府办公室', create_time: 0 });
  write(site, 'xxgk/2024/content/post_998.html', page(t, `<p>${t}</p>`));
  lookAlikes.push({ site, title: t, path: 'xxgk/2024/content/post_998.html' });
  write(site, 'index.html', page('北京市大兴区人民政府', '<a href="/gkmlpt/index">政府信息公开</a>'));
  write(
    site,
    'gkmlpt/index',
    page('政府信息公开_北京市大兴区', '<div id="app"></div><a href="/gkmlpt/annualreport">年报</a><script src="/gkmlpt/static/app.js"></script>'),
  );
  write(site, 'gkmlpt/annualreport', page('年度报告_北京市大兴区', '<div id="app"></div><script src="/gkmlpt/static/app.js"></script>'));
  return { articles };
}

// ------------------------------------------------------------------ replica-js: 怀柔区, list rendered by JavaScript
function buildJs(): { list: unknown[] } {
  const site = 'replica-js';
  const district = '北京市怀柔区';
  const agencies: [string, 'district' | 'township' | 'department'][] = [
    [`${district}人民政府`, 'district'],
    [`${district}北房镇人民政府`, 'township'],
    [`${district}水务局`, 'department'],
  ];
  const list: unknown[] = [];
  let n = 300;
  const r = rng(17);
  for (const year of [2024, 2023, 2022, 2021, 2020]) {
    agencies.forEach(([agency, size], i) => {
      if (year === 2020 && i > 0) return; // 13 reports
      const spec = makeSpec(agency, year, size);
      const title = titleOf(agency, year);
      const detailPath = `zwgk/zfxxgknb/${year}/${n++}.html`;
      const stub = r() < 0.35;
      const attachments: TruthReport['attachments'] = [];
      const links: { href: string; name: string }[] = [];
      if (stub) {
        const file = `zwgk/zfxxgknb/${year}/files/${n}.doc`;
        write(site, file, officeFiles(spec, ['doc']).doc);
        attachments.push({ path: file, format: 'doc' });
        links.push({ href: `./files/${n}.doc`, name: `${title}.doc` });
      }
      if (year === 2024 && i === 0) links.push({ href: '/files/scan-archive.pdf', name: '历年年报扫描件合集.pdf' });
      write(site, detailPath, detailPage(spec, title, stub ? 'stub' : 'html', links, '北京市怀柔区人民政府', 'plain'));
      reports.push({
        id: `${site}-${year}-${i}`,
        site,
        agency,
        year,
        template: spec.template,
        facts: spec.facts,
        publishedAt: spec.publishedAt,
        listTitle: title,
        detailPath,
        body: stub ? 'stub' : 'html',
        attachments,
      });
      list.push({ title, href: `/${detailPath}`, date: spec.publishedAt });
    });
  }
  write(site, 'index.html', page('北京市怀柔区人民政府', '<a href="/zwgk/zfxxgknb/index.html">政府信息公开年报</a>'));
  write(
    site,
    'zwgk/zfxxgknb/index.html',
    page(
      '政府信息公开年报_北京市怀柔区人民政府',
      `<ul id="list"></ul>
<script>
fetch('/zwgk/zfxxgknb/list.json').then(function (r) { return r.json(); }).then(function (items) {
  var ul = document.getElementById('list');
  items.forEach(function (it) {
    var li = document.createElement('li'); var a = document.createElement('a');
    a.href = it.href; a.title = it.title; a.textContent = it.title.length > 22 ? it.title.slice(0, 22) + '…' : it.title;
    li.appendChild(a); ul.appendChild(li);
  });
});
</script>`,
    ),
  );
  return { list };
}

/** The sites this script builds (replica/build-discovery.ts builds the others under replica/sites). */
const SITES = ['replica-trs', 'replica-trs-gbk', 'replica-hanweb', 'replica-json', 'replica-js'];

async function main(): Promise<void> {
  for (const site of SITES) fs.rmSync(path.join(ROOT, site), { recursive: true, force: true });
  buildTrs();
  buildTrsGbk();
  const hanweb = buildHanweb();
  const json = buildJson();
  const js = buildJs();
  // Last, with its own seed: the other reports keep the seeds they had before it was added.
  await printScans(buildScannedTownship());
  write('replica-hanweb', '_records.json', `${JSON.stringify(hanweb.records, null, 1)}\n`);
  write('replica-json', '_articles.json', `${JSON.stringify(json.articles, null, 1)}\n`);
  write('replica-js', 'zwgk/zfxxgknb/list.json', `${JSON.stringify(js.list, null, 1)}\n`);
  const truth: Truth = {
    sites: [
      { id: 'replica-trs', name: '北京市密云区人民政府（复刻）', regionCode: '110118', pattern: 'generic', entry: '/' },
      { id: 'replica-trs-gbk', name: '北京市通州区人民政府（复刻）', regionCode: '110112', pattern: 'generic', entry: '/' },
      { id: 'replica-hanweb', name: '北京市房山区人民政府（复刻）', regionCode: '110111', pattern: 'hanweb', entry: '/' },
      {
        id: 'replica-json',
        name: '北京市大兴区人民政府（复刻）',
        regionCode: '110115',
        pattern: 'json-api',
        entry: '/gkmlpt/annualreport',
        api: { url: '/gkmlpt/api/all/2629?page={page}&sid=175', items: 'articles', title: 'title', link: 'url', total: 'total', pageSize: 10 },
      },
      { id: 'replica-js', name: '北京市怀柔区人民政府（复刻）', regionCode: '110116', pattern: 'browser', entry: '/', waitFor: '#list li' },
      { id: 'replica-blocked', name: '北京市延庆区人民政府（复刻）', regionCode: '110119', pattern: 'generic', entry: '/' },
    ],
    reports,
    lookAlikes,
  };
  fs.writeFileSync(path.join(import.meta.dirname, 'ground-truth.json'), `${JSON.stringify(truth, null, 1)}\n`);
  const collectable = reports.filter((r) => !r.unreachable);
  console.log(
    `${reports.length} reports (${collectable.length} collectable), ${reports.reduce((s, r) => s + r.attachments.length, 0)} attachments, ${lookAlikes.length} look-alikes`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
