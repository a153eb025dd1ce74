// Writes the OCR fixtures of this folder: two generated reports printed by Chromium at 150 dpi and degraded as scans
// are (noise, skew, JPEG; the second also a red seal over its tables), kept as JPEG pages, with their truth. Run it
// again only to change the fixtures: `npx tsx test/pipeline/ocr/make-fixtures.ts` (needs Chromium).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { generateReport } from '../../../replica/generate-report.js';
import { degrade, scanPages } from '../../../replica/scan-report.js';

const DIR = import.meta.dirname;
const DPI = 150;

/** Report A (2021 form): a scanned PDF's four pages, lightly noisy and turned 1.2°. Report B (2019 form, signed
 * cells): pages 2 and 3 as image files with a seal over the numbers, turned −1.6°, noisy, JPEG 40. */
const REPORTS = [
  { id: 'a', seed: 17017, agency: '北京市通州区永乐店镇人民政府', year: 2022, scale: { applications: 40, decisions: 600 }, font: 'serif' as const },
  { id: 'b', seed: 19019, agency: '北京市海淀区教育委员会', year: 2019, scale: { applications: 400, decisions: 8000 }, font: 'sans' as const },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const truth: Record<string, { agency: string; year: number; template: string; facts: Record<string, number> }> = {};
  for (const r of REPORTS) {
    const spec = generateReport(r.seed, r.agency, r.year, r.scale);
    truth[r.id] = { agency: spec.agency, year: spec.year, template: spec.template, facts: spec.facts };
    const pages = await scanPages(browser, spec, { dpi: DPI, font: r.font });
    for (const [i, png] of pages.entries()) {
      const n = i + 1;
      if (r.id === 'a') {
        fs.writeFileSync(path.join(DIR, `a-page-${n}.jpg`), await degrade(png, DPI, { noise: 6, skew: 1.2, jpeg: 60, seed: n, gray: true }));
      } else if (n === 2 || n === 3) {
        const out = await degrade(png, DPI, { noise: 10, skew: -1.6, jpeg: 40, seed: n, seal: { x: 0.62, y: n === 2 ? 0.3 : 0.4 } });
        fs.writeFileSync(path.join(DIR, `b-page-${n}-sealed.jpg`), out);
      }
    }
  }
  fs.writeFileSync(path.join(DIR, 'truth.json'), `${JSON.stringify(truth, null, 1)}\n`);
} finally {
  await browser.close();
}
