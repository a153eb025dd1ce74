// URL and title handling the real Beijing sites need: hosts compared case-insensitively (www.Bjdx.gov.cn), links
// through beijing.gov.cn's /gate/big5/ gateway read as links to the original page, 海淀's column pages that render
// their newest report inline, and child columns found by following links whose folder names change every year.
import { describe, expect, it } from 'vitest';
import { defineSite, isSiteHost } from '../../../crawlers/define-site.js';
import { SiteConfigError } from '../../../crawlers/errors.js';
import { generic } from '../../../crawlers/patterns/generic.js';
import { inlineReportTitle } from '../../../crawlers/patterns/inline-report.js';
import { readListPage, trsPager } from '../../../crawlers/patterns/list-page.js';
import { originalOfMirror } from '../../../crawlers/patterns/mirror-url.js';
import { overridesOf } from '../../../crawlers/sites/index.js';
import { isTraditional, toSimplified } from '../../../domain/to-simplified.js';

describe('hosts', () => {
  it('compares hosts case-insensitively, written either way in the registry or the link', () => {
    const site = defineSite({
      id: 'beijing-daxing',
      name: '北京市大兴区人民政府',
      regionCode: '110115',
      entry: ['https://www.bjdx.gov.cn/'],
      hosts: ['www.Bjdx.gov.cn'],
    });
    expect(site.hosts).toEqual(['www.bjdx.gov.cn']);
    expect(isSiteHost(site.hosts, new URL('https://www.Bjdx.gov.cn/bjsdxqrmzf/').host)).toBe(true);
    expect(isSiteHost(site.hosts, 'WWW.BJDX.GOV.CN')).toBe(true);
    expect(isSiteHost(site.hosts, 'www.bjdx.gov.cn.evil.example')).toBe(false);
  });

  it('lists several hosts for one site, and refuses an entry on none of them', () => {
    const hosts = ['zyk.bjhd.gov.cn', 'xxgk.bjhd.gov.cn'];
    expect(defineSite({ id: 'a-b', name: '某区', regionCode: null, entry: ['http://xxgk.bjhd.gov.cn/x/'], hosts }).hosts).toEqual(hosts);
    expect(() => defineSite({ id: 'a-b', name: '某区', regionCode: null, entry: ['https://www.bjhd.gov.cn/'], hosts })).toThrow(SiteConfigError);
  });
});

describe('the big5 gateway', () => {
  it.each([
    [
      'https://www.beijing.gov.cn/gate/big5/www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2013nb/qzf/202010/t20201012_2109100.html',
      'https://www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2013nb/qzf/202010/t20201012_2109100.html',
    ],
    ['http://www.beijing.gov.cn/gate/big5/www.bjdch.gov.cn/zfxxgkzl/', 'http://www.bjdch.gov.cn/zfxxgkzl/'],
    ['http://www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/', null],
  ])('reads %s as a copy of %s', (mirror, original) => {
    expect(originalOfMirror(mirror)).toBe(original);
  });

  it('takes a report linked both directly and through the gateway as one entry, the mirror kept as another place', () => {
    const html = `<ul><li><a href="./202103/t20210310_2303792.html" title="北京市朝阳区人民政府2019年政府信息公开工作年度报告">北京市朝阳区…</a></li>
      <li><a href="/gate/big5/www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2019nb/qzf/202103/t20210310_2303792.html" title="北京市朝阳区人民政府2019年政府信息公开工作年度报告">繁體</a></li>
      <li><a href="/gate/big5/www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2016nb/">2016年度</a></li></ul>`;
    const reading = readListPage(html, 'https://www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2019nb/qzf/', [trsPager]);
    expect(reading.items).toEqual([
      {
        url: 'https://www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2019nb/qzf/202103/t20210310_2303792.html',
        title: '北京市朝阳区人民政府2019年政府信息公开工作年度报告',
        alsoAt: ['https://www.beijing.gov.cn/gate/big5/www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2019nb/qzf/202103/t20210310_2303792.html'],
      },
    ]);
    expect(reading.columns.map((c) => c.url)).toEqual(['https://www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2016nb/']);
  });

  it('recognises traditional text and reads it as simplified; simplified text is left alone', () => {
    const simplified = '北京市房山区人民政府2013年政府信息公开工作年度报告。收到和处理政府信息公开申请情况，行政复议、行政诉讼情况。';
    const traditional = '北京市房山區人民政府2013年政府信息公開工作年度報告。收到和處理政府信息公開申請情況，行政複議、行政訴訟情況。';
    expect([isTraditional(simplified), isTraditional(traditional)]).toEqual([false, true]);
    expect(toSimplified(traditional)).toBe(simplified);
  });
});

describe('海淀’s columns', () => {
  const column = `<html><head><title>北京市海淀区人民政府2024年政府信息公开工作年度报告_北京市海淀区人民政府</title></head><body>
    <ul class="tabs"><li><a href="/jbdt/auto10489_51767/zfwj_59297/zfwj_59338/">政府信息公开指南</a></li></ul>
    <h1 class="article-title">北京市海淀区人民政府2024年政府信息公开工作年度报告</h1><div class="TRS_Editor">…</div></body></html>`;
  const url = 'https://zyk.bjhd.gov.cn/jbdt/auto10489_51767/zfwj_59297/zfwj_59339/';

  it('takes the column page itself as the report it renders inline', () => {
    const reading = overridesOf('beijing-haidian').readList!({ text: column, url }, defineSite({ id: 'x-y', name: '某区', regionCode: null, entry: [url] }));
    expect(reading.items).toEqual([{ url, title: '北京市海淀区人民政府2024年政府信息公开工作年度报告' }]);
    // Without the module's reader the page yields no report: the inline report has no link of its own.
    expect(generic.readList({ text: column, url }, defineSite({ id: 'x-y', name: '某区', regionCode: null, entry: [url] })).items).toEqual([]);
  });

  it('does not take a column showing a 指南 for a report', () => {
    expect(inlineReportTitle('<html><head><title>2019年政府信息公开指南</title></head><body><h1>2019年政府信息公开指南</h1></body></html>')).toBeNull();
  });
});

describe('child columns', () => {
  it.each([
    // 东城 spells 2023's department folder dcgzfbm2023 (not dcqzfbm2023): followed by its link, never built.
    [
      'https://www.bjdch.gov.cn/zfxxgkzl/zfxxgknb/2023nb/',
      '<a href="./dcgzfbm2023/">区政府部门</a><a href="./dcqjd2023/">街道</a>',
      ['dcgzfbm2023/', 'dcqjd2023/'],
    ],
    // 大兴's year node for 2025 is a bare number, its category nodes too.
    ['https://www.bjdx.gov.cn/bjsdxqrmzf/zwfw/zfxxgk/dxqzf69/', '<a href="./2291822/">2025年</a><a href="./2023n62/">2023年</a>', ['2291822/', '2023n62/']],
    // 海淀's unit list: each unit's folder, then its 年度报告 column.
    ['https://zyk.bjhd.gov.cn/jbdt/', '<a href="/jbdt/auto4600_60001/">区教育委员会</a>', ['/jbdt/auto4600_60001/']],
    [
      'https://zyk.bjhd.gov.cn/jbdt/auto4600_60001/',
      '<a href="/jbdt/auto4600_60001/auto4600_60002/auto4600_60009/">政府信息公开年度报告</a>',
      ['/jbdt/auto4600_60001/auto4600_60002/auto4600_60009/'],
    ],
  ])('on %s follows the links to its child columns', (pageUrl, html, children) => {
    const reading = readListPage(`<html><body>${html}</body></html>`, pageUrl, [trsPager]);
    expect(reading.columns.map((c) => c.url)).toEqual(children.map((c) => new URL(c, pageUrl).toString()));
  });
});
