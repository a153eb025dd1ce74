// The readers of discovery: list API answers whatever their field names (JSON, JSONP, XML), their paging, fragments;
// JavaScript shells judged from the page alone; list APIs named in a shell's own sources.
import { describe, expect, it } from 'vitest';
import { nextDataPages, readDataResponse, sortDataPage } from '../../../crawlers/patterns/data-records.js';
import { judgeShell } from '../../../crawlers/patterns/js-shell.js';
import { readShellSources } from '../../../crawlers/patterns/shell-sources.js';

const BASE = 'https://www.example.gov.cn/zwgk/nb/';
const T = (unit: string, year: number) => `${unit}${year}年政府信息公开工作年度报告`;

describe('readDataResponse', () => {
  it('reads records by title-ish and url-ish fields of any name, resolving relative and protocol-relative links', () => {
    const json = JSON.stringify({
      code: 0,
      data: {
        total: 23,
        rows: [
          { wjbt: T('某区人民政府', 2023), docUrl: './202401/t1.html', fbrq: '2024-01-15' },
          { wjbt: T('某区财政局', 2023), docUrl: '//www.example.gov.cn/a/t2.html', fbrq: 1705276800000 },
        ],
      },
    });
    const r = readDataResponse(json, BASE);
    expect(r.format).toBe('json');
    expect(r.total).toBe(23);
    expect(r.records.map((x) => [x.title, x.url, x.date])).toEqual([
      [T('某区人民政府', 2023), 'https://www.example.gov.cn/zwgk/nb/202401/t1.html', '2024-01-15'],
      [T('某区财政局', 2023), 'https://www.example.gov.cn/a/t2.html', '2024-01-15'],
    ]);
  });

  it('reads JSONP', () => {
    const r = readDataResponse(`cb123(${JSON.stringify({ list: [{ title: T('某镇', 2022), url: '/x/1.html' }], totalPages: 3 })});`, BASE);
    expect(r.format).toBe('jsonp');
    expect(r.records.map((x) => x.url)).toEqual(['https://www.example.gov.cn/x/1.html']);
    expect(r.totalPages).toBe(3);
  });

  it('keeps a record whose text only points to its attachment, with the file (it failed before: the record was dropped)', () => {
    const rec = {
      id: 'a1',
      title: T('某区民政局', 2023),
      content: '<p>某区民政局2023年政府信息公开工作年度报告详见附件。</p>',
      fileList: [{ fileName: 'r.docx', fileUrl: '/upload/a1.docx' }],
    };
    const r = readDataResponse(JSON.stringify({ data: { records: [rec] } }), BASE);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({
      url: null,
      id: 'a1',
      fragment: rec.content,
      attachments: [{ url: 'https://www.example.gov.cn/upload/a1.docx', name: 'r.docx' }],
    });
  });

  it('takes the one file of a record without page or text as its link', () => {
    const r = readDataResponse(JSON.stringify({ list: [{ title: T('某区教育局', 2021), files: [{ name: 'r.pdf', path: '/f/r.pdf' }] }] }), BASE);
    expect(r.records.map((x) => x.url)).toEqual(['https://www.example.gov.cn/f/r.pdf']);
  });
});

describe('sortDataPage', () => {
  const req = { url: 'https://www.example.gov.cn/api/list?page=1&size=10', kind: 'data' as const };
  const data = readDataResponse(
    JSON.stringify({
      total: 25,
      list: [
        { title: T('某区人民政府', 2023), url: '/a/1.html' },
        { title: '关于做好2023年政府信息公开工作年度报告编制工作的通知', url: '/a/2.html' },
        { id: 7, title: T('某街道办事处', 2023), content: `<div><p>${'一、总体情况'.repeat(40)}</p></div>` },
      ],
    }),
    BASE,
  );

  it('applies the title rules to records: reports in, look-alikes out, fragments apart, later pages planned', () => {
    const page = sortDataPage(data, req, true, () => true);
    expect(page.reading.items).toEqual([{ url: 'https://www.example.gov.cn/a/1.html', title: T('某区人民政府', 2023) }]);
    expect(page.reading.lookAlikes.map((l) => l.url)).toEqual(['https://www.example.gov.cn/a/2.html']);
    expect(page.fragments.map((f) => f.url)).toEqual(['https://www.example.gov.cn/api/list#id=7']);
    expect(page.reports).toBe(2);
    expect(page.reading.next.map((r) => r.url)).toEqual([
      'https://www.example.gov.cn/api/list?page=2&size=10',
      'https://www.example.gov.cn/api/list?page=3&size=10',
    ]);
  });

  it('asks for no further page when a later page brings nothing new', () => {
    expect(sortDataPage(data, { ...req, url: req.url.replace('page=1', 'page=2') }, false, () => false).reading.next).toEqual([]);
  });

  it('pages a JSON POST body', () => {
    const next = nextDataPages(
      { url: 'https://x.gov.cn/api', method: 'POST', body: '{"pageNo":1,"pageSize":10}', kind: 'data' },
      { total: 21, totalPages: null, pageSize: 10, count: 10 },
      true,
    );
    expect(next.map((r) => r.body)).toEqual(['{"pageNo":2,"pageSize":10}', '{"pageNo":3,"pageSize":10}']);
  });
});

describe('judgeShell', () => {
  const vue = '<html><head><title>政府信息公开年报</title></head><body><div id="app"></div><script src="/static/js/app.6c2f81a4.js"></script></body></html>';
  it.each([
    ['an empty Vue root on a 年报 page', vue, 'https://x.gov.cn/zwgk/nb/', {}, { isShell: true, isReportList: true }],
    [
      'the same root reached by a 年报 link',
      vue.replace('政府信息公开年报', '首页'),
      'https://x.gov.cn/p/',
      { linkText: '年度报告' },
      { isShell: true, isReportList: true },
    ],
    [
      'a framework page elsewhere (a menu): a shell, not a report column',
      vue.replace('政府信息公开年报', '首页'),
      'https://x.gov.cn/p/',
      {},
      { isShell: true, isReportList: false },
    ],
    [
      'a static page without scripts',
      '<html><body><ul class="list"></ul></body></html>',
      'https://x.gov.cn/zwgk/nb/',
      {},
      { isShell: false, isReportList: false },
    ],
  ])('%s', (_name, html, url, ctx, verdict) => {
    expect(judgeShell(html, url, { items: 0, next: 0, ...ctx })).toMatchObject(verdict);
  });

  it('is never a shell when the HTML already lists reports', () => {
    expect(judgeShell(vue, 'https://x.gov.cn/zwgk/nb/', { items: 3, next: 0 }).isShell).toBe(false);
  });
});

describe('readShellSources', () => {
  it('names gkmlpt’s list API from the column in the hash and the sid in the page', () => {
    const html = '<div id="app"></div><script>var SID = "755033";</script><script src="/gkmlpt/static/js/gkml.js"></script>';
    expect(readShellSources(html, 'http://www.qingxin.gov.cn/gkmlpt/annualreport#2629')).toEqual([
      { url: 'http://www.qingxin.gov.cn/gkmlpt/api/all/2629?page=1&sid=755033', kind: 'data' },
    ]);
  });

  it('takes whole data URLs written in inline scripts, not POSTs, scripts or other hosts', () => {
    const html = `<script>
      fetch('/zwgk/nb/list.json').then(r => r.json());
      $.ajax({ url: '/api/save', type: 'post' });
      $.getJSON('https://cdn.other.com/api/x.json');
      $.get('/static/app.js');
    </script>`;
    expect(readShellSources(html, 'https://x.gov.cn/zwgk/nb/').map((r) => r.url)).toEqual(['https://x.gov.cn/zwgk/nb/list.json']);
  });
});
