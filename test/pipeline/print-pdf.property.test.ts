// Generated reports printed to PDF by real Chromium in the layouts real reports are printed in (replica/
// render-print-page.ts) and read back: every statutory cell read equals what was printed, or is null with a finding.
// The named cases are layouts that once gave wrong numbers; bench/decode-pdf.ts runs a few hundred more.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, runPdfCase } from '../../bench/decode-pdf.js';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser.close();
});

describe('reports printed to PDF by Chromium', () => {
  it('reads table 2 in column order when a header cell wraps a line below its neighbours (borderless, 14pt)', async () => {
    const res = await runPdfCase(page, 15, { nested: true, oneRowOther: true }, { year: 2024, decisions: 100 });
    expect(res.wrong).toEqual([]);
    expect([res.report.facts['t2.regulations.issued'], res.report.facts['t2.regulations.repealed'], res.report.facts['t2.regulations.in_force']]).toEqual([
      6, 4, 22,
    ]);
    expect(res.nullsWithoutFinding).toEqual([]);
  }, 60_000);

  it("never gives a group's first row to the caption cell printed beside it (national form's nested labels, 18pt)", async () => {
    const res = await runPdfCase(page, 6, { nested: true, oneRowOther: true }, { year: 2023, decisions: 100 });
    expect(res.wrong).toEqual([]);
    expect(res.report.findings.some((f) => f.rule === 't3.subtotal_unconfirmed')).toBe(true);
    expect(res.nullsWithoutFinding).toEqual([]);
  }, 60_000);

  it('never reads numbers into 三、本年度办理结果 (nested labels, borderless, 2019)', async () => {
    const res = await runPdfCase(page, 126, {}, { decisions: 100 });
    expect(res.wrong).toEqual([]);
    expect(Object.keys(res.report.facts).filter((k) => k.startsWith('t3.results.'))).toEqual([]);
    expect(res.nullsWithoutFinding).toEqual([]);
  }, 60_000);

  it("never passes a row's numbers to the next row when its label, wrapped around them, is missed (18pt, narrow)", async () => {
    for (const seed of [8_901_966, 10_682_359]) {
      const res = await runPdfCase(page, seed);
      expect({ seed, wrong: res.wrong }).toEqual({ seed, wrong: [] });
      expect(res.report.findings.some((f) => f.rule === 't3.row_unconfirmed')).toBe(true);
    }
  }, 60_000);

  it('reads 2021 reports printing （六）其他处理 as one row as other_total, in every layout of a few seeds', async () => {
    for (const seed of [1, 2, 7, 9]) {
      for (const nested of [false, true]) {
        const res = await runPdfCase(page, seed, { oneRowOther: true, nested }, { year: 2021 + (seed % 4) });
        expect({ seed, nested, wrong: res.wrong }).toEqual({ seed, nested, wrong: [] });
        expect(Object.keys(res.report.facts).filter((k) => /^t3\.other_(no_correction|unpaid_fee|misc)\./.test(k) && res.report.facts[k] !== null)).toEqual([]);
        expect(res.nullsWithoutFinding).toEqual([]);
      }
    }
  }, 240_000);
});
