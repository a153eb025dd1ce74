// `gongkai parse PAGE.html` on a page saved with its images (a browser's "save page": PAGE_files/…): the tables pasted
// as pictures are read by OCR in place, with their page and pixel box; images that are URLs or missing are skipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const FIXTURES = path.resolve('test/pipeline/ocr');
const truth = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'truth.json'), 'utf8')).a as { agency: string; year: number; facts: Record<string, number> };

describe('gongkai parse on a saved page with its images', () => {
  it('reads the tables pasted as pictures from the files beside the page', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-saved-page-'));
    fs.mkdirSync(path.join(dir, '年报_files'));
    fs.copyFileSync(path.join(FIXTURES, 'a-page-3.jpg'), path.join(dir, '年报_files', 't3.jpg'));
    fs.copyFileSync(path.join(FIXTURES, 'a-page-4.jpg'), path.join(dir, '年报_files', 't4 表.jpg'));
    const title = `${truth.agency}${truth.year}年政府信息公开工作年度报告`;
    fs.writeFileSync(
      path.join(dir, '年报.html'),
      `<html><head><meta charset="utf-8"><title>${title}</title></head><body><div class="article"><p>${title}</p><p>一、总体情况</p>
<p><img src="http://example.org/gone.jpg"></p><p><img src="./%E5%B9%B4%E6%8A%A5_files/t3.jpg"></p>
<p><img src='年报_files/t4 表.jpg' width="600"></p><p><img src="年报_files/missing.jpg"></p></div></body></html>`,
    );
    const r = await runCli(['parse', '--json', path.join(dir, '年报.html')]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { tables: Record<string, boolean>; facts: Record<string, number | null>; provenance: Record<string, object> };
    expect(report.tables).toEqual({ t2: false, t3: true, t4: true });
    const read = Object.keys(truth.facts).filter((k) => /^t[34]\./.test(k) && report.facts[k] !== null && report.facts[k] !== undefined);
    // Every cell of tables 3 and 4 read is the printed number; at most a few doubtful ones are null.
    expect(read.filter((k) => report.facts[k] !== truth.facts[k])).toEqual([]);
    expect(read.length).toBeGreaterThan(Object.keys(truth.facts).filter((k) => /^t[34]\./.test(k)).length - 4);
    expect(report.provenance['t4.review.total']).toMatchObject({ page: 2, ocr: true });
  }, 600_000);
});
