// decodeText: BOM, header, meta, sniffing; GB2312 read as GB18030; a header that lies about UTF-8 is not believed.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../domain/decode-text.js';

const TEXT = '北京市通州区潞城镇2021年政府信息公开工作年度报告：镕';
const page = (charset: string) => `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"></head><body>${TEXT}</body></html>`;

describe('decodeText', () => {
  it('reads UTF-8 with a BOM', () => {
    const d = decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
    expect([d.text, d.encoding, d.source]).toEqual([TEXT, 'utf-8', 'bom']);
  });

  it('decodes a gb2312 meta page as GB18030 (镕 is not in GB2312)', () => {
    const d = decodeText(iconv.encode(page('gb2312'), 'gb18030'));
    expect(d.text).toContain(TEXT);
    expect([d.encoding, d.source]).toEqual(['gb18030', 'meta']);
  });

  it('does not believe a header that says UTF-8 over GBK bytes', () => {
    const d = decodeText(iconv.encode(page('gbk'), 'gbk'), 'text/html; charset=UTF-8');
    expect(d.text).toContain(TEXT);
    expect(d.encoding).toBe('gb18030');
  });

  it('follows the header when it is right', () => {
    const d = decodeText(iconv.encode(`<p>${TEXT}</p>`, 'gbk'), 'text/html; charset=GBK');
    expect([d.text, d.source]).toEqual([`<p>${TEXT}</p>`, 'header']);
  });

  it('sniffs GBK without any declaration', () => {
    const d = decodeText(iconv.encode(`<p>${TEXT}</p>`, 'gbk'));
    expect(d.text).toBe(`<p>${TEXT}</p>`);
  });

  it('sniffs UTF-8 without any declaration', () => {
    expect(decodeText(Buffer.from(TEXT)).text).toBe(TEXT);
  });

  // A UTF-8 page template around an article pasted from a GBK system (issue 15: silent mojibake before).
  const MIXED_LINES = [
    '<html><head><meta charset="gbk"><title>密云区政务公开</title></head><body>',
    '<p>北京市通州区潞城镇2021年政府信息公开工作年度报告</p>',
    '<p>一</p>',
    '</body></html>',
  ];
  const mixedPage = (template: string) =>
    Buffer.concat([
      iconv.encode(`${MIXED_LINES[0]}\n`, template),
      iconv.encode(`${MIXED_LINES[1]}\n${MIXED_LINES[2]}\n`, 'gbk'),
      Buffer.from(`<p>本报告由区政务服务管理局编制</p>\n${MIXED_LINES[3]}`),
    ]);

  it.each([['utf-8'], ['gbk']])('decodes a page mixing UTF-8 and GBK lines line by line and says so (template in %s)', (template) => {
    const d = decodeText(mixedPage(template), 'text/html');
    expect(d.text).toBe([MIXED_LINES[0], MIXED_LINES[1], MIXED_LINES[2], '<p>本报告由区政务服务管理局编制</p>', MIXED_LINES[3]].join('\n'));
    expect(d.mixed).toEqual(template === 'utf-8' ? { utf8Lines: 2, otherLines: 2, other: 'gb18030' } : { utf8Lines: 1, otherLines: 3, other: 'gb18030' });
  });

  it('does not call a GBK page mixed because a one-character line is valid UTF-8 by accident', () => {
    const d = decodeText(iconv.encode(`<p>${TEXT}</p>\n<p>一</p>\n`, 'gbk'));
    expect(d.text).toBe(`<p>${TEXT}</p>\n<p>一</p>\n`);
    expect(d.mixed).toBeUndefined();
  });
});
