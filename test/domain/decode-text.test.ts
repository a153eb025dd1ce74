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
});
