// PDF → DocText with pdf.js (pdfjs-dist, with its CMaps and standard fonts so that Chinese text in non-embedded
// fonts decodes, offline). Tables are rebuilt from the ruling lines the PDF draws (merged cells are the grid cells
// without a line between them) and the text inside each cell; text outside tables becomes lines, then paragraphs.
// Page numbers and repeated headers/footers are dropped; a table that continues on the next page is joined.
// Bounded before the work: streams are checked before pdf.js inflates them (pdf-check.ts), a page's text items are
// read as a stream and cut at the bound, and a page's ruling lines are counted before tables are looked for in them.
// A page with no text but a picture drawn over it (a scan) is rendered at the scan's resolution and read by OCR.
// Every block keeps where it lies: its page, each table cell's box, each text item's box inside a paragraph.
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Block, Box, CellGeom, DocText, SpanGeom } from '../types.js';
import { ExtractError } from './errors.js';
import { refuse, type WorkLimits, workLimits } from './limits.js';
import { checkPdfStreams } from './pdf-check.js';
import { acquireOcr, type LineRecogniser, maskedWarning, type OcrProvider, ocrPage } from './ocr/index.js';

/**
 * Characters of the CJK Radicals Supplement that PDF fonts map some ideographs to (人⺠政府 for 人民政府): NFKC
 * leaves them alone, so they are put back here. Kangxi radicals (⼀, ⾏) are NFKC-normalised later.
 */
const RADICALS: Record<string, string> = {
  '⺠': '民',
  '⻅': '见',
  '⻓': '长',
  '⻔': '门',
  '⻛': '风',
  '⻜': '飞',
  '⻢': '马',
  '⻦': '鸟',
  '⻋': '车',
  '⻉': '贝',
  '⻚': '页',
  '⻥': '鱼',
  '⻬': '齐',
  '⻰': '龙',
  '⻳': '龟',
  '⺟': '母',
  '⻩': '黄',
  '⻝': '食',
  '⻆': '角',
  '⺮': '竹',
  '⻘': '青',
  '⻄': '西',
  '⻨': '麦',
  '⻤': '鬼',
  '⻣': '骨',
};
const RADICAL_RE = new RegExp(
  `[${Object.keys(RADICALS)
    .filter((k) => k.length === 1)
    .join('')}]`,
  'g',
);

interface Item {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  page: number;
  /** The glyphs' box in viewport coordinates (top-left origin, points). */
  box: Box;
}

/** A text item placed in a paragraph's text: [from, to) in the raw text, before NFKC. */
interface Run {
  from: number;
  to: number;
  item: Item;
}

interface Segment {
  /** Horizontal: fixed y, span x1..x2. Vertical: fixed x, span y1..y2. */
  at: number;
  from: number;
  to: number;
}

interface PageContent {
  page: number;
  width: number;
  height: number;
  /** PDF user space rectangle → viewport box (top-left origin). */
  toBox: (x0: number, y0: number, x1: number, y1: number) => Box;
  items: Item[];
  horizontal: Segment[];
  vertical: Segment[];
  images: number;
}

/** The largest image a page draws: its area in square points and its resolution (null when unknown). */
interface ScanDraw {
  area: number;
  dpi: number | null;
}

/** OCR reads at 150–200 dpi best (ocr-lab REPORT §3): a scan is not upsampled past what it holds, nor beyond 300 dpi. */
const OCR_DPI = { min: 150, max: 300 };

interface PositionedBlock {
  block: Block;
  /** Paragraphs: where each text item went in the paragraph's text. */
  runs?: Run[];
  top: number;
  bottom: number;
  /** For tables: the x positions of the column lines, to join a table continued on the next page. */
  columns?: number[];
  /** For paragraphs: the last line runs to the right edge, so the paragraph may go on at the top of the next page. */
  open?: boolean;
}

type Matrix = [number, number, number, number, number, number];

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | undefined;
const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * Built-ins that pdf.js's legacy build replaces for the whole process on Node 20 (its core-js polyfills: push for an
 * error on arrays of fixed length, JSON for proposals pdf.js does not use). Written in JavaScript, they are slower
 * than V8's own, and every push and JSON call of the process paid for them (30 Chromium-printed reports read in about
 * a sixth less CPU without them). Taken here, when this module is first evaluated, before pdf.js is imported.
 */
const NATIVE = {
  push: Object.getOwnPropertyDescriptor(Array.prototype, 'push')!,
  parse: Object.getOwnPropertyDescriptor(JSON, 'parse')!,
  stringify: Object.getOwnPropertyDescriptor(JSON, 'stringify')!,
};

/**
 * pdf.js, with its worker's code loaded in this thread (pdf.js runs it here when there is no worker: the module sets
 * globalThis.pdfjsWorker, which pdf.js looks for first) and the built-ins its polyfills replaced put back. Everything
 * in this process that reads PDFs with pdf.js loads it here, so that the polyfills are undone before the first read.
 */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    await import(pathToFileURL(path.join(pdfjsDir, 'legacy/build/pdf.worker.mjs')).href);
    Object.defineProperty(Array.prototype, 'push', NATIVE.push);
    Object.defineProperty(JSON, 'parse', NATIVE.parse);
    Object.defineProperty(JSON, 'stringify', NATIVE.stringify);
    return pdfjs;
  })();
  return pdfjsPromise;
}

/**
 * Line segments of the ruling a page draws (stroked lines and thin filled rectangles), in page coordinates; more than
 * `maxLines` refuses the document (finding the tables among them costs their product).
 */
function readSegments(
  pdfjs: PdfJs,
  fnArray: number[],
  argsArray: unknown[][],
  maxLines: number,
  page: number,
): { horizontal: Segment[]; vertical: Segment[]; images: number; scan: ScanDraw | null } {
  const OPS = pdfjs.OPS;
  const PAINT = new Set<number>([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  const horizontal: Segment[] = [];
  const vertical: Segment[] = [];
  let images = 0;
  let scan: ScanDraw | null = null;
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const addLine = (a: [number, number], b: [number, number]) => {
    const [x1, y1] = a;
    const [x2, y2] = b;
    if (Math.abs(y1 - y2) < 1 && Math.abs(x1 - x2) > 2) horizontal.push({ at: (y1 + y2) / 2, from: Math.min(x1, x2), to: Math.max(x1, x2) });
    else if (Math.abs(x1 - x2) < 1 && Math.abs(y1 - y2) > 2) vertical.push({ at: (x1 + x2) / 2, from: Math.min(y1, y2), to: Math.max(y1, y2) });
    else return;
    if (horizontal.length + vertical.length > maxLines) refuse(`ruling lines on page ${page}`, horizontal.length + vertical.length, maxLines);
  };
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = argsArray[i] ?? [];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as unknown as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (Array.isArray(args[0])) ctm = multiply(ctm, args[0] as unknown as Matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject) {
      images++;
      // An image is drawn into the unit square: its drawn size is the CTM's scale; its pixels per point give its dpi.
      const w = Math.hypot(ctm[0], ctm[1]);
      const h = Math.hypot(ctm[2], ctm[3]);
      const px = fn === OPS.paintImageXObject ? Number(args[1]) : 0;
      if (w * h > (scan?.area ?? 0)) scan = { area: w * h, dpi: px > 0 && w > 0 ? (px / w) * 72 : null };
    } else if (fn === OPS.constructPath) {
      const paint = args[0] as number;
      if (!PAINT.has(paint)) continue;
      const data = Object.values((args[1] as unknown[] | undefined)?.[0] ?? {}) as number[];
      // pdf.js path data: 0 moveTo x y, 1 lineTo x y, 2 curveTo 6 numbers, 3 quadraticCurveTo 4 numbers, 4 closePath.
      let start: [number, number] | null = null;
      let current: [number, number] | null = null;
      for (let k = 0; k < data.length; ) {
        const op = data[k++];
        if (op === 0) {
          current = apply(ctm, data[k]!, data[k + 1]!);
          start = current;
          k += 2;
        } else if (op === 1) {
          const next = apply(ctm, data[k]!, data[k + 1]!);
          if (current) addLine(current, next);
          current = next;
          k += 2;
        } else if (op === 2) {
          current = apply(ctm, data[k + 4]!, data[k + 5]!);
          k += 6;
        } else if (op === 3) {
          current = apply(ctm, data[k + 2]!, data[k + 3]!);
          k += 4;
        } else if (op === 4) {
          if (current && start) addLine(current, start);
          current = start;
        } else break;
      }
    }
  }
  // Thin filled rectangles are drawn as four edges: keep one line for each pair of close parallel edges.
  return { horizontal, vertical, images, scan };
}

/** Groups values within `tol` of each other; returns the mean of each group, sorted. */
function cluster(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out.at(-1);
    if (last && v - last.at(-1)! <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((s, x) => s + x, 0) / g.length);
}

interface Grid {
  xs: number[];
  ys: number[];
  horizontal: Segment[];
  vertical: Segment[];
}

/** Connected sets of lines that make a table (at least two rows and two columns of lines). */
function findGrids(horizontal: Segment[], vertical: Segment[]): Grid[] {
  const tol = 2;
  const parent = new Map<Segment, Segment>();
  const find = (s: Segment): Segment => {
    let p = parent.get(s) ?? s;
    while (p !== (parent.get(p) ?? p)) p = parent.get(p)!;
    parent.set(s, p);
    return p;
  };
  const union = (a: Segment, b: Segment) => parent.set(find(a), find(b));
  for (const h of horizontal) {
    for (const v of vertical) {
      if (v.at >= h.from - tol && v.at <= h.to + tol && h.at >= v.from - tol && h.at <= v.to + tol) union(h, v);
    }
  }
  // A line drawn in pieces (Chromium draws a cell's border per cell: the top of a header cell spanning seven columns
  // touches no vertical line of its own) is one line: collinear pieces that meet are joined.
  for (const set of [horizontal, vertical]) {
    const sorted = [...set].sort((a, b) => a.at - b.at || a.from - b.from);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j]!.at - sorted[i]!.at <= tol; j++) {
        const a = sorted[i]!;
        const b = sorted[j]!;
        if (b.from <= a.to + tol && a.from <= b.to + tol) union(a, b);
      }
    }
  }
  const groups = new Map<Segment, { h: Segment[]; v: Segment[] }>();
  for (const h of horizontal) {
    const g = groups.get(find(h)) ?? { h: [], v: [] };
    g.h.push(h);
    groups.set(find(h), g);
  }
  for (const v of vertical) {
    const g = groups.get(find(v)) ?? { h: [], v: [] };
    g.v.push(v);
    groups.set(find(v), g);
  }
  const grids: Grid[] = [];
  for (const g of groups.values()) {
    const xs = cluster(
      g.v.map((s) => s.at),
      tol,
    );
    const ys = cluster(
      g.h.map((s) => s.at),
      tol,
    ).reverse(); // top to bottom
    if (xs.length < 2 || ys.length < 2) continue;
    // A row broken by a page break has no line below it on the first page (nor above it on the next): the vertical
    // lines run on past the last horizontal one. Where they end closes the row.
    const open = (ends: number[], beyond: (y: number) => boolean) => {
      const out = ends.filter(beyond);
      if (out.length < 2) return null;
      const c = cluster(out, tol);
      return c.length === 1 ? c[0]! : null;
    };
    const bottom = open(
      g.v.map((v) => v.from),
      (y) => y < ys.at(-1)! - 4,
    );
    const top = open(
      g.v.map((v) => v.to),
      (y) => y > ys[0]! + 4,
    );
    const h = [...g.h];
    if (bottom !== null) {
      ys.push(bottom);
      h.push({ at: bottom, from: xs[0]!, to: xs.at(-1)! });
    }
    if (top !== null) {
      ys.unshift(top);
      h.push({ at: top, from: xs[0]!, to: xs.at(-1)! });
    }
    grids.push({ xs, ys, horizontal: h, vertical: g.v });
  }
  return grids;
}

/** True when lines of `segments` at `at` cover most of [from, to]. */
function covered(segments: Segment[], at: number, from: number, to: number): boolean {
  const spans = segments.filter((s) => Math.abs(s.at - at) <= 2).map((s) => [Math.max(s.from, from), Math.min(s.to, to)] as const);
  let sum = 0;
  for (const [a, b] of spans) if (b > a) sum += b - a;
  return sum >= (to - from) * 0.6;
}

/**
 * The items of a line left to right, a space where they stand apart and a tab where a column gap parts them (half an
 * em or more of white between items: the cells of a table printed without ruling lines, whose padding leaves at least
 * that; glyphs of one run of text are one item); trimmed, with where each item went.
 */
function joinLine(items: Item[]): { text: string; runs: Run[]; tabular: boolean } {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  let out = '';
  const runs: Run[] = [];
  let right = -Infinity;
  let tabular = false;
  for (const it of sorted) {
    const charWidth = it.text.length ? it.w / it.text.length : it.h;
    const gap = it.x - right;
    if (out && gap >= Math.max(it.h * 0.5, 4)) {
      out += '\t';
      tabular = true;
    } else if (out && gap > Math.max(charWidth, 3) * 1.2) out += ' ';
    runs.push({ from: out.length, to: out.length + it.text.length, item: it });
    out += it.text;
    right = it.x + it.w;
  }
  const lead = out.length - out.trimStart().length;
  const text = out.trim();
  for (const r of runs) {
    r.from = Math.max(0, r.from - lead);
    r.to = Math.min(text.length, r.to - lead);
  }
  return { text, runs: runs.filter((r) => r.to > r.from), tabular };
}

const unionBox = (boxes: Box[]): Box => [
  Math.min(...boxes.map((b) => b[0])),
  Math.min(...boxes.map((b) => b[1])),
  Math.max(...boxes.map((b) => b[2])),
  Math.max(...boxes.map((b) => b[3])),
];

/** Items that share a baseline (within half a glyph height), top to bottom. */
function linesOf(items: Item[]): Item[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Item[][] = [];
  for (const it of sorted) {
    const line = lines.at(-1);
    const ref = line?.[0];
    if (ref && Math.abs(ref.y - it.y) <= Math.max(2, Math.min(ref.h, it.h) * 0.5)) line!.push(it);
    else lines.push([it]);
  }
  return lines;
}

function gridTable(grid: Grid, items: Item[], page: PageContent): { rows: string[][]; cells: (CellGeom | null)[][]; used: Set<Item> } {
  const { xs, ys } = grid;
  const nRows = ys.length - 1;
  const nCols = xs.length - 1;
  // Merged cells: neighbouring grid cells with no ruling line between them belong to one region.
  const region = Array.from({ length: nRows }, (_, i) => Array.from({ length: nCols }, (_, j) => i * nCols + j));
  const parent = region.flat();
  const find = (a: number): number => {
    if (parent[a] === a) return a;
    parent[a] = find(parent[a]!);
    return parent[a];
  };
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) {
      if (j + 1 < nCols && !covered(grid.vertical, xs[j + 1]!, ys[i + 1]!, ys[i]!)) parent[find(i * nCols + j)] = find(i * nCols + j + 1);
      if (i + 1 < nRows && !covered(grid.horizontal, ys[i + 1]!, xs[j]!, xs[j + 1]!)) parent[find(i * nCols + j)] = find((i + 1) * nCols + j);
    }
  }
  const texts = new Map<number, Item[]>();
  const used = new Set<Item>();
  for (const it of items) {
    const cx = it.x + it.w / 2;
    const cy = it.y + it.h / 2;
    if (cx < xs[0]! || cx > xs.at(-1)! || cy > ys[0]! || cy < ys.at(-1)!) continue;
    const j = xs.findIndex((x, k) => k < nCols && cx >= x && cx <= xs[k + 1]!);
    const i = ys.findIndex((y, k) => k < nRows && cy <= y && cy >= ys[k + 1]!);
    if (i < 0 || j < 0) continue;
    const r = find(i * nCols + j);
    texts.set(r, [...(texts.get(r) ?? []), it]);
    used.add(it);
  }
  // A value wrapped over two lines in a narrow cell (1 / 1 for 11) reads as one: lines of a cell are joined.
  const textOf = new Map<number, string>();
  for (const [r, its] of texts)
    textOf.set(
      r,
      linesOf(its)
        .map((l) => joinLine(l).text.replace(/\t/g, ' '))
        .join(''),
    );
  // Where a cell lies: the union of its text items; a blank cell, the rectangle its ruling lines enclose.
  const geomOf = new Map<number, CellGeom>();
  for (const [r, its] of texts) geomOf.set(r, { page: page.page, box: unionBox(its.map((it) => it.box)) });
  const cellsOf = new Map<number, number[]>();
  for (let c = 0; c < nRows * nCols; c++) cellsOf.set(find(c), [...(cellsOf.get(find(c)) ?? []), c]);
  for (const [r, members] of cellsOf) {
    if (geomOf.has(r)) continue;
    const boxes = members.map((c) => page.toBox(xs[c % nCols]!, ys[Math.floor(c / nCols) + 1]!, xs[(c % nCols) + 1]!, ys[Math.floor(c / nCols)]!));
    geomOf.set(r, { page: page.page, box: unionBox(boxes) });
  }
  const rows = region.map((row) => row.map((cell) => textOf.get(find(cell)) ?? ''));
  const cells = region.map((row) => row.map((cell) => geomOf.get(find(cell)) ?? null));
  const keep = rows.map((r) => r.some((c) => c.trim() !== ''));
  return { rows: rows.filter((_, i) => keep[i]), cells: cells.filter((_, i) => keep[i]), used };
}

const PAGE_NUMBER = /^([-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+|-\s*\d+\s*-)$/;

function rightMargin(rights: number[]): number {
  if (rights.length === 0) return 0;
  const counts = new Map<number, number>();
  for (const r of rights) counts.set(Math.round(r / 6), (counts.get(Math.round(r / 6)) ?? 0) + 1);
  const [bucket] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
  return Math.max(...rights.filter((r) => Math.round(r / 6) === bucket));
}

function pageBlocks(page: PageContent): { blocks: PositionedBlock[]; margins: { text: string; top: boolean }[] } {
  const grids = findGrids(page.horizontal, page.vertical);
  const used = new Set<Item>();
  const positioned: PositionedBlock[] = [];
  for (const g of grids) {
    const { rows, cells, used: u } = gridTable(g, page.items, page);
    u.forEach((it) => used.add(it));
    if (rows.length) {
      positioned.push({ block: { kind: 'table', rows, geometry: 'grid', page: page.page, cells }, top: g.ys[0]!, bottom: g.ys.at(-1)!, columns: g.xs });
    }
  }
  const margins: { text: string; top: boolean }[] = [];
  const lines = linesOf(page.items.filter((it) => !used.has(it))).map((items) => ({
    ...joinLine(items),
    y: items[0]!.y,
    left: Math.min(...items.map((i) => i.x)),
    right: Math.max(...items.map((i) => i.x + i.w)),
    h: Math.max(...items.map((i) => i.h)),
  }));
  const body = lines.filter((l) => {
    if (!l.text) return false;
    const nearTop = l.y > page.height - 60;
    const nearBottom = l.y < 60;
    if ((nearTop || nearBottom) && PAGE_NUMBER.test(l.text)) return false;
    if (nearTop || nearBottom) margins.push({ text: l.text, top: nearTop });
    return true;
  });
  // Paragraphs: a line that reaches the right margin continues into the next one. The margin is where most lines
  // end (one overlong line must not move it).
  const right = rightMargin(body.map((l) => l.right));
  // Only a line as wide as the text goes on in the next line: a narrow one that ends at the margin is a table cell
  // (the label column of a table without ruling lines, whose lines can outnumber the prose's and move the margin).
  const left = Math.min(...body.map((l) => l.left));
  const extent = Math.max(...body.map((l) => l.right)) - left;
  const wide = (l: (typeof body)[number]) => l.right - l.left >= extent * 0.6;
  let para: typeof body = [];
  const flush = () => {
    if (para.length) {
      const lastLine = para.at(-1)!;
      const runs: Run[] = [];
      let at = 0;
      for (const l of para) {
        for (const r of l.runs) runs.push({ from: r.from + at, to: r.to + at, item: r.item });
        at += l.text.length;
      }
      positioned.push({
        block: { kind: 'para', text: para.map((l) => l.text).join(''), page: page.page },
        runs,
        top: para[0]!.y + para[0]!.h,
        bottom: lastLine.y,
        open: lastLine.right >= right - lastLine.h * 1.5 && wide(lastLine) && !lastLine.tabular,
      });
    }
    para = [];
  };
  for (const line of body) {
    const prev = para.at(-1);
    const gap = prev ? prev.y - line.y : 0;
    const full = prev ? prev.right >= right - prev.h * 1.5 && wide(prev) : false;
    // A line of a table printed without ruling lines (cells parted by column gaps) is a paragraph of its own: joined
    // with the next line, its last cell would run into the next row's first.
    if (prev && (!full || prev.tabular || line.tabular || gap > prev.h * 2 || grids.some((g) => prev.y > g.ys[0]! && line.y < g.ys[0]!))) flush();
    para.push(line);
  }
  flush();
  positioned.sort((a, b) => b.top - a.top);
  return { blocks: positioned, margins };
}

export interface PdfOptions {
  maxPages: number;
  /** Asked between pages: a 500-page table must not block a worker past its time limit. */
  shouldStop: () => boolean;
  /** For pages that are pictures (scans); without it they are left unread and the document may need OCR. */
  ocr?: OcrProvider | null;
  /** Told before a page is read by OCR (the caller's clock gives it more time). */
  onOcrPage?: () => void;
  limits?: WorkLimits;
}

type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>;

type TextContent = Awaited<ReturnType<PdfPage['getTextContent']>>;

/**
 * A page's text content (its items and their fonts' styles), read as pdf.js streams it and refused past `max` items
 * (the rest is never produced).
 */
async function textContent(page: PdfPage, max: number, pageNo: number): Promise<Pick<TextContent, 'items' | 'styles'>> {
  const reader = page.streamTextContent().getReader();
  const items: TextContent['items'] = [];
  const styles: TextContent['styles'] = {};
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { items, styles };
      const chunk = value as Pick<TextContent, 'items' | 'styles'>;
      for (const item of chunk.items) items.push(item);
      Object.assign(styles, chunk.styles);
      if (items.length > max) refuse(`text items on page ${pageNo}`, items.length, max);
    }
  } catch (err) {
    // pdf.js wants an Error as the reason; cancelling stops its evaluator from producing the rest.
    await reader.cancel(err instanceof Error ? err : new Error(String(err))).catch(() => {});
    throw err;
  }
}

/** What pdf.js keeps of an operator list being built (internal, pdfjs-dist ~5.6; see operatorList()). */
interface IntentState {
  renderTasks?: Set<{ operatorListChanged(): void }>;
  operatorList?: { fnArray: unknown[]; lastChunk: boolean };
}

/**
 * A page's operator list, refused once it grows past `max` operators. pdf.js builds it in chunks of about a thousand
 * and tells every render task of the page's intent about each; a watcher joins those tasks (an internal of pdf.js,
 * pinned with pdfjs-dist ~5.6: test/pipeline/work-limits.test.ts fails if it moves). Refused, the document is destroyed
 * by the caller, which stops pdf.js's evaluator at its next step.
 */
async function operatorList(page: PdfPage, max: number, pageNo: number): ReturnType<PdfPage['getOperatorList']> {
  const listed = page.getOperatorList();
  const states = (page as unknown as { _intentStates?: Map<unknown, IntentState> })._intentStates;
  const state = states ? [...states.values()].find((s) => s.renderTasks && s.operatorList && !s.operatorList.lastChunk) : undefined;
  if (!state) return listed;
  let over: (err: Error) => void = () => {};
  const refused = new Promise<never>((_, reject) => {
    over = reject;
  });
  const watcher = {
    operatorListChanged() {
      const n = state.operatorList?.fnArray.length ?? 0;
      if (n > max) over(new ExtractError('too_complex', `operators on page ${pageNo}: ${n}, over the bound of ${max}`));
    },
  };
  state.renderTasks!.add(watcher);
  // Once refused, the list never completes (or fails when the document is destroyed): nobody waits for it.
  listed.catch(() => {});
  try {
    return await Promise.race([listed, refused]);
  } finally {
    state.renderTasks?.delete(watcher);
  }
}

/** Renders a page for OCR at `dpi` (pdf.js paints it on a white @napi-rs/canvas) and hands back its RGBA pixels. */
async function renderPage(page: PdfPage, canvasFactory: unknown, dpi: number): Promise<{ rgba: Uint8Array; width: number; height: number }> {
  const vp = page.getViewport({ scale: dpi / 72 });
  const factory = canvasFactory as { create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2D }; destroy(c: unknown): void };
  // Less a hair before rounding up: a scan's page is its pixels ÷ dpi in points (e.g. 1756 px at 150 dpi = 842.88 pt),
  // which scales back to 1756.0000000001 and must not gain a blank row.
  const width = Math.ceil(vp.width - 1e-6);
  const height = Math.ceil(vp.height - 1e-6);
  const cc = factory.create(width, height);
  try {
    await page.render({ canvasContext: cc.context, viewport: vp, canvas: cc.canvas as HTMLCanvasElement }).promise;
    const data = cc.context.getImageData(0, 0, width, height).data;
    return { rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
  } finally {
    factory.destroy(cc);
  }
}

/** How a PDF is opened: pdf.js's own CMaps and fonts, no eval, no system fonts (the bench's floor opens it the same way). */
export function pdfDocumentOptions(bytes: Uint8Array) {
  return {
    data: new Uint8Array(bytes),
    cMapUrl: `${pdfjsDir}/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${pdfjsDir}/standard_fonts/`,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  };
}

export async function extractPdf(bytes: Uint8Array, options: PdfOptions): Promise<DocText> {
  const limits = options.limits ?? workLimits();
  checkPdfStreams(bytes, limits);
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument(pdfDocumentOptions(bytes));
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    const name = (err as Error).name;
    if (name === 'PasswordException') throw new ExtractError('encrypted', 'the PDF is password-protected');
    throw new ExtractError('corrupt', `not a readable PDF: ${(err as Error).message}`);
  }
  try {
    if (doc.numPages > options.maxPages) {
      throw new ExtractError('too_many_pages', `the PDF has ${doc.numPages} pages, over the limit of ${options.maxPages}`);
    }
    const pages: { blocks: PositionedBlock[]; margins: { text: string; top: boolean }[] }[] = [];
    const pageSizes: NonNullable<DocText['source']['pageSizes']> = [];
    const ocrPages: number[] = [];
    const warnings: string[] = [];
    let ocr: { rec: LineRecogniser } | { reason: string } | undefined;
    let masked = 0;
    let chars = 0;
    let images = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      if (options.shouldStop()) throw new ExtractError('timeout', `gave up after page ${p - 1} of ${doc.numPages}: over the time limit`);
      const page = await doc.getPage(p);
      const view = page.view;
      // Boxes are given as a viewer shows the page: the viewport at scale 1 (CropBox, /Rotate applied), top-left origin.
      const viewport = page.getViewport({ scale: 1 });
      pageSizes.push({ width: round2(viewport.width), height: round2(viewport.height), unit: 'pt' });
      const toBox = (x0: number, y0: number, x1: number, y1: number): Box => {
        const [a, b, c, d] = viewport.convertToViewportRectangle([x0, y0, x1, y1]) as [number, number, number, number];
        return [round2(Math.min(a, c)), round2(Math.min(b, d)), round2(Math.max(a, c)), round2(Math.max(b, d))];
      };
      const content = await textContent(page, limits.pdfTextItems, p);
      const items: Item[] = [];
      let pageChars = 0;
      for (const raw of content.items) {
        if (!('str' in raw)) continue;
        const text = raw.str.replace(RADICAL_RE, (c) => RADICALS[c]!);
        if (!text.trim()) continue;
        const h = raw.height || Math.abs(raw.transform[3] ?? 0) || 10;
        const x = raw.transform[4] ?? 0;
        const y = raw.transform[5] ?? 0;
        // The glyphs stand from the font's descent below the baseline to its ascent above (pdf.js's text layer
        // assumes 0.8 of the size above when the font does not say).
        const style = content.styles[raw.fontName];
        const ascent = style?.ascent ? style.ascent : 0.8;
        const descent = style?.descent && style.descent < 0 ? style.descent : -(1 - ascent);
        items.push({ text, x, y, w: raw.width, h, page: p, box: toBox(x, y + descent * h, x + raw.width, y + ascent * h) });
        pageChars += text.trim().length;
      }
      chars += pageChars;
      const ops = await operatorList(page, limits.pdfOperators, p);
      const seg = readSegments(pdfjs, ops.fnArray, ops.argsArray as unknown[][], limits.pdfLines, p);
      images += seg.images;
      const pageWidth = view[2]! - view[0]!;
      const pageHeight = view[3]! - view[1]!;
      // A scanned page: next to no text, and a picture over at least a quarter of the page.
      if (pageChars < 20 && seg.scan && seg.scan.area >= 0.25 * pageWidth * pageHeight) {
        ocr ??= await acquireOcr(options.ocr);
        if ('rec' in ocr) {
          options.onOcrPage?.();
          const dpi = Math.round(Math.min(OCR_DPI.max, Math.max(OCR_DPI.min, seg.scan.dpi ?? 0)));
          const r = await ocrPage(await renderPage(page, (doc as unknown as { canvasFactory: unknown }).canvasFactory, dpi), p, ocr.rec);
          // Blocks of an OCR'd page come in reading order and are never joined with another page's (no column lines).
          pages.push({ blocks: r.blocks.map((block, i) => ({ block, top: -i, bottom: -i })), margins: [] });
          // The page is given in pixels of its image: OCR boxes are in that unit.
          pageSizes[p - 1] = r.size;
          ocrPages.push(p);
          masked += r.masked;
          page.cleanup();
          await doc.cleanup();
          continue;
        }
      }
      pages.push(
        pageBlocks({
          page: p,
          width: view[2]! - view[0]!,
          height: view[3]! - view[1]!,
          toBox,
          items,
          horizontal: seg.horizontal,
          vertical: seg.vertical,
          images: seg.images,
        }),
      );
      page.cleanup();
      // Fonts and images parsed for a page are kept by the document until cleaned: keep memory flat over long PDFs.
      if (p % 8 === 0) await doc.cleanup();
    }
    if (chars < 20 && ocrPages.length === 0) {
      return {
        blocks: [],
        source: { format: 'pdf', pages: doc.numPages, pageSizes, images },
        warnings: [images > 0 ? 'the PDF has images and no text layer' : 'the PDF has no text', ...(ocr && 'reason' in ocr ? [ocr.reason] : [])],
        needsOcr: images > 0,
      };
    }
    if (ocr && 'reason' in ocr) warnings.push(`pages that are pictures were not read: ${ocr.reason}`);
    if (masked) warnings.push(maskedWarning(masked));
    // Header and footer lines repeated on most pages are not content.
    const repeated = new Set<string>();
    if (pages.length >= 3) {
      const counts = new Map<string, number>();
      for (const p of pages) for (const m of new Set(p.margins.map((x) => x.text))) counts.set(m, (counts.get(m) ?? 0) + 1);
      for (const [t, n] of counts) if (n >= Math.ceil(pages.length * 0.6)) repeated.add(t);
    }
    const blocks: Block[] = [];
    const runsOf = new Map<Block, Run[]>();
    let last: PositionedBlock | undefined;
    for (const p of pages) {
      let first = true;
      for (const b of p.blocks) {
        if (b.block.kind === 'para' && repeated.has(b.block.text)) continue;
        const continues = first && last !== undefined && blocks.at(-1) === last.block;
        first = false;
        // A table at the top of a page with the same column lines as the table that ended the previous page continues it.
        if (continues && b.block.kind === 'table' && last!.block.kind === 'table' && b.columns && last!.columns) {
          const part = alignColumns(b.block.rows, b.block.cells!, b.columns, last!.columns);
          if (part) {
            joinTables(last!.block as Required<Extract<Block, { kind: 'table' }>>, part);
            continue;
          }
        }
        // A paragraph whose last line ran to the margin goes on in the first paragraph of the next page.
        if (continues && b.block.kind === 'para' && last!.block.kind === 'para' && last!.open && last!.runs && b.runs) {
          const shift = last!.block.text.length;
          last!.runs!.push(...b.runs!.map((r) => ({ ...r, from: r.from + shift, to: r.to + shift })));
          last!.block.text += b.block.text;
          last!.open = b.open;
          continue;
        }
        blocks.push(b.block);
        last = b;
        if (b.block.kind === 'para' && b.runs) runsOf.set(b.block, b.runs);
      }
    }
    // An OCR'd page's paragraphs come with their own spans; a text layer's are built from the runs they were read from.
    for (const block of blocks) if (block.kind === 'para' && runsOf.has(block)) block.spans = spanGeoms(block.text, runsOf.get(block)!);
    return {
      blocks,
      source: { format: 'pdf', pages: doc.numPages, pageSizes, images, ...(ocrPages.length ? { ocrPages } : {}) },
      warnings,
    };
  } finally {
    await doc.destroy().catch(() => {});
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * The geometry of a paragraph's text items, with offsets moved into the paragraph's NFKC text (the offsets span
 * provenance uses). NFKC is applied piece by piece, which is the whole text's NFKC for everything but a combining
 * mark at a piece's edge.
 */
function spanGeoms(text: string, runs: Run[]): SpanGeom[] {
  const cuts = [...new Set([0, text.length, ...runs.flatMap((r) => [r.from, r.to])])].sort((a, b) => a - b);
  const nfkcAt = new Map<number, number>();
  let acc = 0;
  cuts.forEach((c, i) => {
    if (i > 0) acc += text.slice(cuts[i - 1], c).normalize('NFKC').length;
    nfkcAt.set(c, acc);
  });
  return runs.map((r) => ({ span: [nfkcAt.get(r.from)!, nfkcAt.get(r.to)!], page: r.item.page, box: r.item.box }));
}

type GridTable = { rows: string[][]; cells: (CellGeom | null)[][] };

/**
 * Appends a table's continuation. When a row was broken by the page (Word lets rows break), the continuation's
 * first row holds only the rest of some cells of the last row ("3" / "8" for 38, "2.其他法律行政法规" / "禁止公开"):
 * those cells are joined (a joined cell keeps the geometry of its part on the first page).
 */
function joinTables(table: GridTable, more: GridTable): void {
  const { rows } = table;
  // Header rows repeated at the top of each page (a <thead>, Word's 标题行重复) are printed once.
  const sameRow = (a: string[] | undefined, b: string[] | undefined) => a !== undefined && b !== undefined && a.join('\u0001') === b.join('\u0001');
  let repeated = 0;
  while (repeated < more.rows.length - 1 && repeated < rows.length - 1 && sameRow(more.rows[repeated], rows[repeated])) repeated++;
  if (repeated > 0) more = { rows: more.rows.slice(repeated), cells: more.cells.slice(repeated) };
  const prev = rows.at(-1);
  const head = more.rows[0];
  if (prev && head) {
    const filled = (r: string[]) => r.filter((c) => c.trim() !== '').length;
    // The rest of cells broken by the page: text only under cells that have text above, fewer of them, and no
    // row numbering of its own (a row of its own starts with 3. or （四）).
    const numbered = /^(\d+[.、．]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)/;
    const inside = head.every((c, i) => c.trim() === '' || ((prev[i] ?? '').trim() !== '' && !numbered.test(c.trim())));
    if (filled(head) > 0 && filled(head) < filled(prev) && inside) {
      // A merged cell repeats in every position it covers, in both parts alike, so position by position is right.
      rows[rows.length - 1] = prev.map((c, i) => (head[i]?.trim() ? c + head[i] : c));
      rows.push(...more.rows.slice(1));
      table.cells.push(...more.cells.slice(1));
      return;
    }
  }
  rows.push(...more.rows);
  table.cells.push(...more.cells);
}

/**
 * Rows of a table continued on a new page, put under the previous part's columns: every column line of the new part
 * must be one of the old part's (merged cells drop some lines), and the outer edges must agree; null otherwise.
 */
function alignColumns(rows: string[][], cells: (CellGeom | null)[][], from: number[], to: number[]): GridTable | null {
  const near = (a: number, b: number) => Math.abs(a - b) <= 3;
  if (!near(from[0]!, to[0]!) || !near(from.at(-1)!, to.at(-1)!)) return null;
  const index = from.map((x) => to.findIndex((t) => near(t, x)));
  if (index.some((i) => i < 0)) return null;
  const spread = <T>(row: T[], blank: T): T[] => {
    const out = Array.from({ length: to.length - 1 }, () => blank);
    row.forEach((cell, k) => {
      for (let c = index[k]!; c < index[k + 1]!; c++) out[c] = cell;
    });
    return out;
  };
  return { rows: rows.map((r) => spread(r, '')), cells: cells.map((r) => spread<CellGeom | null>(r, null)) };
}
