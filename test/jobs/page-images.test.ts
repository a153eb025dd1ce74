// A township page whose tables are pictures (two <img> in the article, one scanned page linked below it), crawled from
// a real local server by the nightly run: the images are archived as the page's, the page is read with them by OCR,
// and its numbers reach panel.csv, none wrong. An image that arrives only in a later run makes the page read again.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunReport } from '../../domain/run-report.js';
import { describeEachDb } from '../helpers/db.js';
import { tempDir } from '../helpers/replica-crawl.js';
import { panelRows, runTownship } from '../helpers/township-run.js';

const FIXTURES = path.resolve('test/pipeline/ocr');
const truth = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'truth.json'), 'utf8')).a as {
  agency: string;
  year: number;
  facts: Record<string, number>;
};
const TITLE = `${truth.agency}${truth.year}年政府信息公开工作年度报告`;
const page = (n: number) => fs.readFileSync(path.join(FIXTURES, `a-page-${n}.jpg`));

/** The township's site; `serveTable3` false answers 404 for table 3's picture (not yet uploaded). */
async function township(state: { serveTable3: boolean }): Promise<http.Server> {
  const html = (body: string) =>
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${TITLE}</title></head><body><div class="header"><img src="/images/logo.png"></div>${body}</body></html>`;
  const images: Record<string, Buffer> = { '/nb/t2.jpg': page(2), '/nb/t3.jpg': page(3), '/nb/scan-4.jpg': page(4) };
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html(`<ul class="list"><li><a href="/nb/${truth.year}.html">${TITLE}</a> ${truth.year + 1}-01-20</li></ul>`));
    } else if (req.url === `/nb/${truth.year}.html`) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        html(
          `<div class="article"><h1>${TITLE}</h1><p>一、总体情况</p><p>本镇认真贯彻落实《中华人民共和国政府信息公开条例》。</p>` +
            '<p><img src="t2.jpg" alt="主动公开情况"></p><p><img src="/nb/t3.jpg"></p></div>' +
            '<p class="files">附件：<a href="scan-4.jpg">第四部分（扫描件）</a></p>',
        ),
      );
    } else if (req.url && images[req.url] && (req.url !== '/nb/t3.jpg' || state.serveTable3)) {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(images[req.url]);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

describeEachDb('a report page whose tables are pictures, through the nightly run', (db) => {
  const state = { serveTable3: false };
  let server: http.Server;
  let dataDir: string;
  let origin: string;
  const run = () => runTownship(db(), dataDir, { id: 'image-town', name: '北京市通州区人民政府（图片表格）', origin });
  const panelRow = async () => {
    const panel = await panelRows(db());
    expect(panel.map((p) => [p.agency, p.year])).toEqual([[truth.agency, String(truth.year)]]);
    return panel[0]!;
  };
  const wrong = (row: Record<string, string>, keys: string[]) =>
    keys.filter((k) => row[k] !== '' && row[k] !== String(truth.facts[k])).map((k) => `${k}: ${row[k]} ≠ ${truth.facts[k]}`);
  const sources = async () =>
    (
      await db().query<{ url: string; kind: string; src: string | null; parse_status: string }>(
        `select s.url, s.kind, s.meta->>'src' src, d.parse_status from document_sources s join documents d on d.sha256 = s.sha256 order by s.url`,
      )
    ).rows.map((r) => [r.url.replace(origin, ''), r.kind, r.src, r.parse_status]);

  let first: RunReport;
  let firstRow: Record<string, string>;
  let firstSources: unknown[];
  beforeAll(async () => {
    server = await township(state);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dataDir = tempDir('gongkai-page-images-');
    first = await run();
    firstRow = await panelRow();
    firstSources = await sources();
  }, 900_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it('archives the article’s pictures and its linked scan as the page’s images, and reads them with the page only', () => {
    expect(first.process.failed).toBe(0);
    expect(firstSources).toEqual([
      [`/nb/${truth.year}.html`, 'detail', null, 'parsed'],
      ['/nb/scan-4.jpg', 'image', 'scan-4.jpg', 'not_report'],
      ['/nb/t2.jpg', 'image', 't2.jpg', 'not_report'],
    ]);
  });

  it('puts the numbers of the pictures it has in panel.csv, and none of the missing table', () => {
    const keys = Object.keys(truth.facts);
    expect(wrong(firstRow, keys)).toEqual([]);
    const t3 = keys.filter((k) => k.startsWith('t3.'));
    expect(t3.filter((k) => firstRow[k] !== '')).toEqual([]);
    const others = keys.filter((k) => !k.startsWith('t3.'));
    expect(others.filter((k) => firstRow[k] === String(truth.facts[k])).length).toBeGreaterThan(others.length - 4);
  });

  it('reads the page again when its missing picture arrives in a later run, and then has every table', async () => {
    state.serveTable3 = true;
    const second = await run();
    expect(second.process.failed).toBe(0);
    expect(await sources()).toEqual([
      [`/nb/${truth.year}.html`, 'detail', null, 'parsed'],
      ['/nb/scan-4.jpg', 'image', 'scan-4.jpg', 'not_report'],
      ['/nb/t2.jpg', 'image', 't2.jpg', 'not_report'],
      ['/nb/t3.jpg', 'image', '/nb/t3.jpg', 'not_report'],
    ]);
    const row = await panelRow();
    const keys = Object.keys(truth.facts);
    expect(wrong(row, keys)).toEqual([]);
    expect(keys.filter((k) => row[k] === String(truth.facts[k])).length).toBeGreaterThan(keys.length - 4);
    expect(row['t3.new_received.total']).toBe(String(truth.facts['t3.new_received.total']));
  }, 600_000);
});
