// The pure page readers: which titles are reports, TRS and Hanweb pagination, columns, attachments, challenges.
import { describe, expect, it } from 'vitest';
import { isChallenge } from '../../../crawlers/patterns/challenge.js';
import { MAX_PAGE_IMAGES, readDetailPage } from '../../../crawlers/patterns/detail-page.js';
import { detectCms } from '../../../crawlers/patterns/detect-cms.js';
import { readHanwebColumn } from '../../../crawlers/patterns/hanweb.js';
import { trs } from '../../../crawlers/patterns/trs.js';
import { defineSite } from '../../../crawlers/define-site.js';

const SITE = defineSite({ id: 'beijing-miyun', name: '北京市密云区人民政府', regionCode: '110118', entry: ['https://www.bjmy.gov.cn/'], pattern: 'trs' });
const readListPage = (text: string, url: string) => trs.readList({ text, url }, SITE);
import { judgeTitle, titleYear } from '../../../crawlers/patterns/report-title.js';

describe('judgeTitle', () => {
  it.each([
    ['北京市密云区人民政府2021年政府信息公开工作年度报告', 'report'],
    ['北京市密云区北庄镇人民政府2019年政府信息公开年度报告', 'report'],
    ['平昌关镇2021年政府信息公开工作年度报告', 'report'],
    ['北京市通州区潞城镇2021年 政府信息公开 工作年度报告', 'report'],
    ['北京市东城区发展和改革委员会2021年度政府信息公开工作年度报告', 'report'],
    ['宿迁市2017年政府信息公开年报', 'report'],
    ['北京市密云区水务局2022年政府信息公开工作年度报告.pdf', 'report'],
    ['北京市通州区永乐店镇人民政府2021年政府信息公开工作年度报告.png', 'report'],
    ['关于做好密云区2025年政府信息公开年报编制和公布有关工作的函', 'look-alike'],
    ['北京市密云区人民政府2021年法治政府建设年度报告', 'look-alike'],
    ['北京市大兴区2023年政府信息公开工作年度报告编制工作通知', 'look-alike'],
    ['北京市密云区2021年部门决算报告', 'look-alike'],
    ['政府信息公开指南', 'other'],
    ['北京市密云区人民政府2021年政府信息公开工作年…', 'other'],
  ])('%s → %s', (title, verdict) => {
    expect(judgeTitle(title)).toBe(verdict);
  });

  it('reads the year', () => {
    expect(titleYear('北京市密云区人民政府2021年政府信息公开工作年度报告')).toBe(2021);
  });
});

describe('readListPage', () => {
  const page = `<html><body>
    <ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/zfxxgk/">政府信息公开</a></li></ul>
    <ul class="list">
      <li><a href="./202201/t20220120_200101.html" title="北京市密云区人民政府2021年政府信息公开工作年度报告">北京市密云区人民政府2021年政府信息…</a></li>
      <li><a href="./202201/t20220121_200102.html" title="关于做好密云区2022年政府信息公开年报编制工作的通知">关于做好…</a></li>
      <li><a href="./202201/t20220118_200087.html">北京市密云区北庄镇人民政府2021年政府…</a></li>
      <li><a href="../gknb2020/">2020年度</a></li>
    </ul>
    <div class="page"><script>createPageHTML(4, 0, "index", "html");</script></div></body></html>`;
  const r = readListPage(page, 'https://www.bjmy.gov.cn/zwgk/zfxxgk/zfxxgknb/gknb2021/');

  it('takes entries by their full title attribute', () => {
    expect(r.items).toEqual([
      {
        url: 'https://www.bjmy.gov.cn/zwgk/zfxxgk/zfxxgknb/gknb2021/202201/t20220120_200101.html',
        title: '北京市密云区人民政府2021年政府信息公开工作年度报告',
      },
    ]);
    expect(r.lookAlikes.map((l) => l.title)).toEqual(['关于做好密云区2022年政府信息公开年报编制工作的通知']);
  });

  it('keeps a truncated title it cannot judge as unmatched, not as a report', () => {
    expect(r.unmatched.map((u) => u.text)).toContain('北京市密云区北庄镇人民政府2021年政府…');
  });

  it('expands TRS pagination: 0-based, index_1 … index_{count-1}', () => {
    expect(r.next.map((n) => n.url.split('/').pop())).toEqual(['index_1.html', 'index_2.html', 'index_3.html']);
  });

  it('finds columns to explore', () => {
    expect(r.columns.map((c) => c.text)).toEqual(expect.arrayContaining(['政府信息公开', '2020年度']));
  });

  it('does not expand pagination from pages other than the first', () => {
    expect(readListPage('<script>createPageHTML(4, 2, "index", "html");</script>', 'https://x.gov.cn/a/index_2.html').next).toEqual([]);
  });
});

describe('readHanwebColumn', () => {
  const html = `<div id="4611"><script type="text/xml"><datastore><recordset>
    <record><![CDATA[<li><a href="/art/2022/1/20/art_1229_4011148.html" title="某区某街道2021年政府信息公开工作年度报告">某区某街道…</a></li>]]></record>
    </recordset></datastore></script></div>
    <script>var param_4611 = {col:1,appid:1,webid:3095,path:'/',columnid:1229,unitid:'6101313',webname:'某区',permissiontype:0};
    $('#4611').jpage({ proxyUrl:'/module/web/jpage/dataproxy.jsp', perPage:15, groupSize:3, totalRecord:100, ajaxParam:param_4611 });</script>`;

  it('reads the embedded first group and plans the dataproxy groups', () => {
    const r = readHanwebColumn(html, 'http://www.nbjb.gov.cn/col/col1229/index.html');
    expect(r.records.map((x) => x.title)).toEqual(['某区某街道2021年政府信息公开工作年度报告']);
    expect(r.next.map((n) => new URL(n.url).search)).toEqual(['?startrecord=46&endrecord=90&perpage=15', '?startrecord=91&endrecord=100&perpage=15']);
    expect(r.next[0]).toMatchObject({ method: 'POST', kind: 'hanweb-xml' });
    expect(new URLSearchParams(r.next[0]!.body).get('columnid')).toBe('1229');
  });
});

describe('readDetailPage', () => {
  it('reads metadata and attachments with their OLDSRC', () => {
    const r = readDetailPage(
      `<meta name="ArticleTitle" content="北庄镇2021年报"><meta name="PubDate" content="2022-01-18 09:30">
       <table><tr><td>发布机构</td><td>北京市密云区北庄镇人民政府</td></tr></table>
       <p class="insertfileTag"><a appendix="true" href="./P020220118512345678901.pdf" OLDSRC="/protect/P0202201/P020220118512345678901.pdf">北庄镇2021年报.pdf</a></p>
       <a href="/other.html">其他</a>`,
      'https://www.bjmy.gov.cn/x/202201/t20220118_1.html',
    );
    expect(r.meta).toMatchObject({ ArticleTitle: '北庄镇2021年报', PubDate: '2022-01-18 09:30', 发布机构: '北京市密云区北庄镇人民政府' });
    expect(r.attachments).toEqual([
      {
        url: 'https://www.bjmy.gov.cn/x/202201/P020220118512345678901.pdf',
        text: '北庄镇2021年报.pdf',
        alternates: ['https://www.bjmy.gov.cn/protect/P0202201/P020220118512345678901.pdf'],
      },
    ]);
  });

  it('refuses a page nested 100,000 deep before building its DOM, at once and with why', () => {
    const html = `<html><body>${'<div>'.repeat(100_000)}<a href="/a.pdf">附件</a>${'</div>'.repeat(100_000)}</body></html>`;
    const t0 = performance.now();
    const r = readDetailPage(html, 'http://x/a.html');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r).toEqual({
      meta: {},
      attachments: [],
      refused: 'too_complex: the report page was not read for metadata and attachments: more than 1000 elements nested in one another',
    });
  });

  it.each([
    // <html> and each <b> are elements too: 998 <div>s + <html> + <b> is 1,000 deep; <html> + 199,999 <b>s is 200,000.
    ['at the depth bound', 998, 1, undefined],
    ['one past the depth bound', 999, 1, 'more than 1000 elements nested in one another'],
    ['at the element bound', 0, 199_999, undefined],
    ['one past the element bound', 0, 200_000, 'more than 200000 elements'],
  ])('%s', (_, divs, siblings, why) => {
    const html = `<html>${'<div>'.repeat(divs)}${'<b>x</b>'.repeat(siblings)}${'</div>'.repeat(divs)}</html>`;
    const r = readDetailPage(html, 'http://x/a.html');
    expect(r.refused).toBe(why === undefined ? undefined : `too_complex: the report page was not read for metadata and attachments: ${why}`);
  });

  const URL_ = 'https://www.bjmy.gov.cn/x/202301/t20230118_1.html';
  it('hands over the images of an article whose tables are pictures, and the scanned pages it links', () => {
    const r = readDetailPage(
      `<div class="header"><img src="/images/top.jpg"></div>
       <div class="TRS_Editor"><p>一、总体情况</p><p><img src="./W020230118_t2.jpg" width="600" height="800" alt="表二"></p>
       <p><img src="/img/bullet.gif" width="8" height="8"><img src="/img/logo_gov.png"><img src="data:image/png;base64,AAAA"></p>
       <p><a href="./W020230118_t3_big.jpg"><img src="./W020230118_t3_small.jpg"></a></p></div>
       <p class="insertfileTag"><a href="./scan_p4.PNG">第4页.png</a></p>`,
      URL_,
    );
    expect(r.attachments).toEqual([
      { url: 'https://www.bjmy.gov.cn/x/202301/W020230118_t3_big.jpg', text: '', alternates: [], image: { src: './W020230118_t3_big.jpg' } },
      { url: 'https://www.bjmy.gov.cn/x/202301/scan_p4.PNG', text: '第4页.png', alternates: [], image: { src: './scan_p4.PNG' } },
      { url: 'https://www.bjmy.gov.cn/x/202301/W020230118_t2.jpg', text: '表二', alternates: [], image: { src: './W020230118_t2.jpg' } },
    ]);
  });

  it('hands over no image of a page whose text has all three tables', () => {
    const r = readDetailPage(
      `<div class="TRS_Editor"><p>第二十条第（一）项</p><p>本年新收政府信息公开申请数量</p><p>未经复议直接起诉</p>
       <p><img src="./photo.jpg"></p><p><a href="./scan.jpg">扫描件</a></p></div>`,
      URL_,
    );
    expect(r.attachments).toEqual([]);
  });

  it('hands over at most MAX_PAGE_IMAGES images of one page', () => {
    const imgs = Array.from({ length: MAX_PAGE_IMAGES + 5 }, (_, i) => `<img src="./p${i}.jpg">`).join('');
    const r = readDetailPage(`<div class="article">${imgs}</div>`, URL_);
    expect(r.attachments.map((a) => a.image?.src)).toEqual(Array.from({ length: MAX_PAGE_IMAGES }, (_, i) => `./p${i}.jpg`));
  });
});

describe('isChallenge and detectCms', () => {
  it.each([
    [412, '<html></html>', true],
    [200, "<script>$_ts=window['$_ts'];</script>", true],
    [200, '<script>document.cookie="a=1";location.reload()</script>', true],
    [200, '<html><body><p>正文</p></body></html>', false],
    [404, 'not found', false],
  ])('status %s %s → %s', (status, body, expected) => {
    expect(isChallenge(status, { 'content-type': 'text/html' }, Buffer.from(body))).toBe(expected);
  });

  it('recognises TRS, Hanweb, gkmlpt and JavaScript shells', () => {
    expect(detectCms('<script>createPageHTML(3,0,"index","html")</script>', 'http://x/')).toEqual(['trs']);
    expect(detectCms('<script type="text/xml"><datastore></datastore></script>', 'http://x/col/col1/index.html')).toEqual(['hanweb']);
    expect(detectCms('<div id="app"></div><script src="/gkmlpt/app.js"></script>', 'http://x/gkmlpt/annualreport')).toEqual(['gkmlpt', 'js-shell']);
  });
});
