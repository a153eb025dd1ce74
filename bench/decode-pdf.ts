// bench/decode-pdf: prints generated reports to PDF with Chromium in the layouts of replica/render-print-page.ts and
// reads them back, counting cells read wrong (must be 0), cells left null and nulls without a finding. Asserts nothing
// (test/pipeline/print-pdf.property.test.ts asserts on a handful). Run: npm run bench -- decode-pdf (PDF_CASES=300).
import { type Browser, chromium, type Page } from 'playwright-core';
import { readReport } from '../pipeline/read-report.js';
import { compareWithTruth } from './decode.js';
import type { ParsedReport } from '../pipeline/types.js';
import { generateReport } from '../replica/generate-report.js';
import { type PrintStyle, printStyleFor, renderPrintPage } from '../replica/render-print-page.js';

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });

export interface PdfCaseResult {
  style: PrintStyle;
  cells: number;
  wrong: string[];
  nulls: number;
  nullsWithoutFinding: string[];
  report: ParsedReport;
}

/** One generated report printed to PDF in the style its seed draws (`style` overrides parts) and read back. */
export async function runPdfCase(
  page: Page,
  seed: number,
  style: Partial<PrintStyle> = {},
  report: { year?: number; decisions?: number } = {},
): Promise<PdfCaseResult> {
  const year = report.year ?? 2019 + (seed % 7);
  const applications = [3, 20, 60, 400][seed % 4]!;
  const spec = generateReport(seed, '北京市通州区潞城镇人民政府', year, { applications, decisions: report.decisions ?? applications * 30 });
  const printStyle = { ...printStyleFor(seed, spec.template as '2019' | '2021'), ...style };
  const printed = renderPrintPage(spec, printStyle);
  await page.setContent(printed.html);
  const pdf = await page.pdf({
    preferCSSPageSize: true,
    displayHeaderFooter: printStyle.pageNumbers,
    headerTemplate: '<div></div>',
    footerTemplate: '<div style="font-size:9pt;width:100%;text-align:center">- <span class="pageNumber"></span> -</div>',
  });
  const read = (await readReport(Buffer.from(pdf))).report;
  const { wrong, nulls, nullsWithoutFinding } = compareWithTruth(read, printed.truth);
  return { style: printStyle, cells: Object.keys(printed.truth).length, wrong, nulls, nullsWithoutFinding, report: read };
}

export async function benchDecodePdf(): Promise<Record<string, number | string>> {
  const total = Number(process.env.PDF_CASES ?? 300);
  const browser = await launchChromium();
  const page = await browser.newPage();
  let cells = 0;
  let wrong = 0;
  let nulls = 0;
  let unexplained = 0;
  const examples: string[] = [];
  const started = performance.now();
  try {
    for (let i = 0; i < total; i++) {
      const seed = 1 + i * 104_729;
      const res = await runPdfCase(page, seed);
      cells += res.cells;
      wrong += res.wrong.length;
      nulls += res.nulls;
      unexplained += res.nullsWithoutFinding.length;
      if ((res.wrong.length || res.nullsWithoutFinding.length) && examples.length < 5)
        examples.push(`seed ${seed}: ${[...res.wrong, ...res.nullsWithoutFinding.map((k) => `${k} null without finding`)].slice(0, 3).join('; ')}`);
    }
  } finally {
    await browser.close();
  }
  const figures: Record<string, number | string> = {
    'PDFs printed and read': total,
    cells,
    wrong,
    'null rate (printed numbers left null)': `${((nulls / cells) * 100).toFixed(2)}%`,
    'nulls without a finding': unexplained,
    'seconds per PDF': ((performance.now() - started) / 1000 / total).toFixed(2),
  };
  examples.forEach((e, i) => (figures[`example ${i + 1}`] = e));
  return figures;
}
