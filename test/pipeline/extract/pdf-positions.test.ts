// Positions in PDF text layers: page sizes, the page and box of every cell and text item, and a fact's provenance
// pointing at the glyphs of the number it was read from — checked on the rendered page (pdf.js + @napi-rs/canvas)
// and against pdf.js's own text items.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readReport } from '../../../pipeline/read-report.js';
import type { Box, Provenance } from '../../../pipeline/types.js';
import { REPORTS_DIR } from '../../helpers/report-cases.js';

const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const SCALE = 2;

async function openPdf(file: string) {
  const data = new Uint8Array(fs.readFileSync(file));
  return pdfjs.getDocument({ data, cMapUrl: `${pdfjsDir}/cmaps/`, cMapPacked: true, standardFontDataUrl: `${pdfjsDir}/standard_fonts/`, verbosity: 0 }).promise;
}

/** Counts dark pixels of a page rendered at SCALE inside a box given in points (top-left origin). */
async function inkCounter(file: string, pageNo: number): Promise<(box: Box) => number> {
  const doc = await openPdf(file);
  const page = await doc.getPage(pageNo);
  const viewport = page.getViewport({ scale: SCALE });
  // pdf.js renders in Node through its canvas factory (@napi-rs/canvas), typed loosely in its declarations.
  const factory = doc.canvasFactory as { create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2D } };
  const { canvas, context } = factory.create(viewport.width, viewport.height);
  await page.render({ canvasContext: context, viewport, canvas: canvas as HTMLCanvasElement }).promise;
  const img = context.getImageData(0, 0, viewport.width, viewport.height);
  await doc.destroy();
  return ([x0, y0, x1, y1]) => {
    let n = 0;
    for (let y = Math.max(0, Math.floor(y0 * SCALE)); y < Math.min(img.height, Math.ceil(y1 * SCALE)); y++) {
      for (let x = Math.max(0, Math.floor(x0 * SCALE)); x < Math.min(img.width, Math.ceil(x1 * SCALE)); x++) {
        if (img.data[(y * img.width + x) * 4]! < 128) n++;
      }
    }
    return n;
  };
}

const grow = ([x0, y0, x1, y1]: Box, dx: number, dy: number): Box => [x0 - dx, y0 - dy, x1 + dx, y1 + dy];

function expectBox(actual: Box | undefined, expected: Box): void {
  expect(actual).toHaveLength(4);
  actual!.forEach((v, i) => expect(Math.abs(v - expected[i]!), `coordinate ${i}: ${v} vs ${expected[i]}`).toBeLessThan(0.6));
}

/** The glyphs of the number stand inside the box: ink inside, none in a ring around it (short of a cell's ruling). */
async function expectGlyphsInside(file: string, p: Provenance): Promise<void> {
  const ink = await inkCounter(file, p.page!);
  const inside = ink(p.box!);
  expect(inside).toBeGreaterThan(40);
  expect(ink(grow(p.box!, 3, 1.5)) - inside).toBe(0);
}

describe('PDF positions', () => {
  // Printed by Chromium from a borderless table: no ruling lines, so every cell is read from the text layer's lines.
  const chromium = path.join(REPORTS_DIR, 'form-pdf-text-2021', 'source.pdf');
  // Made by LibreOffice from a Word table with ruling lines (grid cells), tables running over page breaks.
  const libreoffice = path.join(REPORTS_DIR, 'seed-miyun-district-2021-word', 'source.pdf');

  it('gives the page sizes (A4 in points) and the page of every block', async () => {
    const { doc } = await readReport(fs.readFileSync(chromium));
    expect(doc.source.pageSizes).toEqual(Array.from({ length: 4 }, () => ({ width: 595.92, height: 842.88, unit: 'pt' })));
    expect(doc.blocks.every((b) => b.page !== undefined && b.page >= 1 && b.page <= 4)).toBe(true);
    expect(doc.blocks[0]).toMatchObject({ kind: 'para', page: 1 });
  });

  it('places a number read from a line of text (Chromium, no ruling lines) on its glyphs', async () => {
    const { report } = await readReport(fs.readFileSync(chromium));
    const p = report.provenance['t2.licensing.decisions']!;
    expect([report.facts['t2.licensing.decisions'], report.raw['t2.licensing.decisions'], p.method, p.page]).toEqual([583, '583', 'aligned', 2]);
    expectBox(p.box, [249.79, 63.05, 272.83, 77.05]);
    await expectGlyphsInside(chromium, p);
    // Every fact of the tables has a page and a box.
    const table = Object.entries(report.provenance).filter(([k]) => /^t[234]\./.test(k));
    expect(table.length).toBe(186);
    expect(table.filter(([, q]) => q.page === undefined || q.box === undefined)).toEqual([]);
  });

  it('places a grid cell (LibreOffice, ruled table over a page break) on its glyphs', async () => {
    const { report, doc } = await readReport(fs.readFileSync(libreoffice));
    const p = report.provenance['t2.licensing.decisions']!;
    expect(p).toMatchObject({ block: 19, row: 6, col: 1, method: 'grid', page: 2 });
    expectBox(p.box, [364.1, 654.26, 402.21, 668.23]);
    await expectGlyphsInside(libreoffice, p);
    // Table 3 starts on page 3 and runs onto page 4: its cells keep their own pages, parallel to the rows.
    const t3 = doc.blocks[21]!;
    if (t3.kind !== 'table') throw new Error('block 21 should be table 3');
    expect(t3.page).toBe(3);
    expect(t3.cells!.map((r) => r.length)).toEqual(t3.rows.map((r) => r.length));
    expect(new Set(t3.cells!.flat().map((c) => c?.page))).toEqual(new Set([3, 4]));
    const onPage4 = Object.entries(report.provenance).find(([k, q]) => k.startsWith('t3.') && q.page === 4)!;
    await expectGlyphsInside(libreoffice, onPage4[1]);
  });

  it('gives the box of the text item pdf.js reports for the number (its transform and width)', async () => {
    const { report } = await readReport(fs.readFileSync(libreoffice));
    const p = report.provenance['t2.licensing.decisions']!;
    const pdf = await openPdf(libreoffice);
    const page = await pdf.getPage(p.page!);
    const viewport = page.getViewport({ scale: 1 });
    const items = (await page.getTextContent()).items.filter((i) => 'str' in i && i.str === '49241') as { transform: number[]; width: number }[];
    await pdf.destroy();
    expect(items).toHaveLength(1);
    const [, , , , x, baseline] = items[0]!.transform as [number, number, number, number, number, number];
    const [left, top] = viewport.convertToViewportPoint(x, baseline) as [number, number];
    // The box starts at the item's origin, spans its width, and holds its baseline.
    expect(Math.abs(p.box![0] - left)).toBeLessThan(0.01);
    expect(Math.abs(p.box![2] - (left + items[0]!.width))).toBeLessThan(0.01);
    expect(p.box![1]).toBeLessThan(top);
    expect(p.box![3]).toBeGreaterThan(top);
  });

  it('leaves positions out where the source has no pages (HTML)', async () => {
    const { report, doc } = await readReport(fs.readFileSync(path.join(REPORTS_DIR, 'seed-miyun-district-2021-word', 'source.html')));
    expect(doc.source.pageSizes).toBeUndefined();
    expect(doc.blocks.filter((b) => b.page !== undefined || (b.kind === 'table' && b.cells) || (b.kind === 'para' && b.spans))).toEqual([]);
    expect(Object.values(report.provenance).filter((q) => q.page !== undefined || q.box !== undefined)).toEqual([]);
  });
});
