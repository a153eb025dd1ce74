// A township that publishes its report as a scanned PDF (a 详见附件 page linking an image-only PDF), crawled from a
// real local server by the nightly run: the scan is read by OCR and its numbers reach panel.csv, none of them wrong.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunReport } from '../../domain/run-report.js';
import { imagePdf } from '../../replica/scan-report.js';
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

/** The township's site: a list, the report's page (详见附件) and the scanned PDF it links. */
async function township(pdf: Buffer): Promise<http.Server> {
  const html = (title: string, body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html('政府信息公开年报', `<ul class="list"><li><a href="/nb/${truth.year}.html">${TITLE}</a> ${truth.year + 1}-01-20</li></ul>`));
    } else if (req.url === `/nb/${truth.year}.html`) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html(TITLE, `<div class="article"><h1>${TITLE}</h1><p>详见附件。</p><p>附件：<a href="/files/nb${truth.year}.pdf">${TITLE}.pdf</a></p></div>`));
    } else if (req.url === `/files/nb${truth.year}.pdf`) {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(pdf);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

describeEachDb('a scanned report through the nightly run', (db) => {
  let server: http.Server;
  let report: RunReport;
  let dataDir: string;

  beforeAll(async () => {
    server = await township(
      await imagePdf(
        [1, 2, 3, 4].map((n) => fs.readFileSync(path.join(FIXTURES, `a-page-${n}.jpg`))),
        150,
      ),
    );
    dataDir = tempDir('gongkai-scanned-');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    report = await runTownship(db(), dataDir, { id: 'scan-town', name: '北京市通州区人民政府（扫描件）', origin });
  }, 900_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it('reads the scan by OCR and puts its numbers in panel.csv', async () => {
    expect(report.process.failed).toBe(0);
    const panel = await panelRows(db());
    expect(panel.map((p) => [p.agency, p.year])).toEqual([[truth.agency, String(truth.year)]]);
    const row = panel[0]!;
    const keys = Object.keys(truth.facts);
    // Every statutory cell the page printed: read exactly, or empty (a doubtful OCR reading), never another number.
    expect(keys.filter((k) => row[k] !== '' && row[k] !== String(truth.facts[k])).map((k) => `${k}: ${row[k]} ≠ ${truth.facts[k]}`)).toEqual([]);
    expect(keys.filter((k) => row[k] === String(truth.facts[k])).length).toBeGreaterThan(keys.length - 4);
    expect(row['t3.new_received.total']).toBe(String(truth.facts['t3.new_received.total']));
  });
});
