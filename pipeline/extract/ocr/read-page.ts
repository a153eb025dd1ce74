// One page image in, positioned readings out ({text, conf, box, page} plus the ruled table cell each came from).
// Straightens the page, finds ruled tables, reads every cell on its own and the text outside tables line by line.
// It does not interpret the text (no keys, no numbers): the statutory-table decoder does that from the blocks.
import { findTables, type GridTable } from './grid.js';
import { binarise, crop, estimateSkew, type Gray, loadInk, otsu, type PageImage, rotate, unrotateBox } from './image.js';
import type { LineRecogniser, RecResult } from './recognise.js';

export type Box = [number, number, number, number];

export interface OcrToken {
  text: string;
  /** 0..1: the lowest character probability in the token (0 over seal-red pixels). */
  conf: number;
  /** Pixels of the page image as given (before straightening): where a person looks for the source. */
  box: Box;
  /** 1-based page number. */
  page: number;
  /**
   * The token read as a number (digits, '.', '-', ','), with letters that look like digits folded in (a lone 0 often
   * reads as 'o'): for cells the decoder expects to be numeric. Absent when the line does not read as a number.
   */
  num?: { text: string; conf: number };
  /** The recogniser's characters with their probabilities and the gaps before them (see RecResult). */
  reading: Pick<RecResult, 'pieces' | 'probs' | 'gaps' | 'tail'>;
  /** Set when the token was read inside a ruled table cell. */
  cell?: { table: number; row: number; col: number; rowSpan: number; colSpan: number; box: Box };
}

export interface OcrPage {
  page: number;
  width: number;
  height: number;
  /** Clockwise turn found on the page and undone before reading, degrees. */
  skew: number;
  tables: { box: Box; rows: number; cols: number; cells: { row: number; col: number; rowSpan: number; colSpan: number; box: Box }[] }[];
  tokens: OcrToken[];
}

interface Line {
  img: Gray;
  /** Straightened-image box of the ink. */
  box: Box;
  cell?: { table: number; row: number; col: number; rowSpan: number; colSpan: number; box: Box };
}

/** Rows of ink inside a region: text lines separated by blank rows. Isolated speckles are ignored. */
export function textLines(bin: Uint8Array, w: number, region: Box, mask?: (x: number, y: number) => boolean): Box[] {
  const [x0, y0, x1, y1] = region;
  const rowInk: number[] = [];
  const xmin: number[] = [];
  const xmax: number[] = [];
  for (let y = y0; y < y1; y++) {
    let n = 0;
    let a = Infinity;
    let b = -1;
    for (let x = x0; x < x1; x++) {
      const i = y * w + x;
      // Ink with an ink neighbour: a lone noise pixel is not text.
      if (
        bin[i] &&
        (bin[i - 1] || bin[i + 1] || bin[i - w - 1] || bin[i - w] || bin[i - w + 1] || bin[i + w - 1] || bin[i + w] || bin[i + w + 1]) &&
        !mask?.(x, y)
      ) {
        n++;
        if (x < a) a = x;
        b = x;
      }
    }
    rowInk.push(n);
    xmin.push(a);
    xmax.push(b);
  }
  const out: Box[] = [];
  let start = -1;
  let gap = 0;
  const flush = (end: number) => {
    if (start < 0) return;
    let a = Infinity;
    let b = -1;
    let ink = 0;
    for (let k = start; k <= end; k++) {
      a = Math.min(a, xmin[k]!);
      b = Math.max(b, xmax[k]!);
      ink += rowInk[k]!;
    }
    if (ink >= 6) out.push([a, y0 + start, b + 1, y0 + end + 1]);
    start = -1;
  };
  for (let k = 0; k < rowInk.length; k++) {
    if (rowInk[k]! >= 1) {
      if (start < 0) start = k;
      gap = 0;
    } else if (start >= 0 && ++gap > 2) flush(k - gap);
  }
  flush(rowInk.length - 1 - gap);
  // A thin glyph can break into bands at a faint row (the waist of a 2): a band much shorter than the tallest joins
  // its nearest neighbour when the gap is small; what stays too small to hold a character is noise.
  const tall = Math.max(0, ...out.map((b) => b[3] - b[1]));
  for (let i = 0; i < out.length; i++) {
    const b = out[i]!;
    if (b[3] - b[1] >= 0.6 * tall) continue;
    const up = i > 0 ? b[1] - out[i - 1]![3] : Infinity;
    const down = i + 1 < out.length ? out[i + 1]![1] - b[3] : Infinity;
    const j = up <= down ? i - 1 : i + 1;
    if (Math.min(up, down) <= Math.max(3, 0.35 * tall)) {
      const o = out[j]!;
      out[j] = [Math.min(o[0], b[0]), Math.min(o[1], b[1]), Math.max(o[2], b[2]), Math.max(o[3], b[3])];
      out.splice(i, 1);
      i = -1;
    }
  }
  return out.filter((b) => b[3] - b[1] >= Math.max(5, 0.3 * tall));
}

/** Splits a text line at gaps wider than its height (a missed column border), else returns it whole. */
function words(bin: Uint8Array, w: number, b: Box): Box[] {
  const h = b[3] - b[1];
  const cols: boolean[] = [];
  for (let x = b[0]; x < b[2]; x++) {
    let ink = false;
    for (let y = b[1]; y < b[3] && !ink; y++) ink = bin[y * w + x] === 1;
    cols.push(ink);
  }
  const out: Box[] = [];
  let start = -1;
  let gap = 0;
  for (let i = 0; i <= cols.length; i++) {
    if (i < cols.length && cols[i]) {
      if (start < 0) start = i;
      gap = 0;
    } else if (start >= 0 && (++gap > Math.max(12, 1.2 * h) || i === cols.length)) {
      out.push([b[0] + start, b[1], b[0] + i - gap + 1, b[3]]);
      start = -1;
    }
  }
  return out.length ? out : [b];
}

function pad(img: Gray, b: Box): Gray {
  const h = b[3] - b[1];
  const p = Math.max(2, Math.round(h * 0.25));
  return crop(img, b[0] - p, b[1] - p, b[2] + p, b[3] + p);
}

function cellLines(st: Gray, bin: Uint8Array, tables: GridTable[]): Line[] {
  const out: Line[] = [];
  tables.forEach((t, ti) => {
    for (const c of t.cells) {
      // Stay clear of the ruling lines (2–4 px thick up to 200 dpi).
      const inner: Box = [c.box[0] + 3, c.box[1] + 3, c.box[2] - 3, c.box[3] - 3];
      if (inner[2] - inner[0] < 4 || inner[3] - inner[1] < 4) continue;
      // Words apart by more than a character's height stay separate tokens: if a border was missed and two cells
      // merged, their numbers must not run together into one number.
      for (const lb of textLines(bin, st.width, inner))
        for (const wb of words(bin, st.width, lb))
          out.push({ img: pad(st, wb), box: wb, cell: { table: ti, row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan, box: c.box } });
    }
  });
  return out;
}

function outsideLines(st: Gray, bin: Uint8Array, tables: GridTable[]): Line[] {
  const inTable = (x: number, y: number) => tables.some((t) => x >= t.box[0] - 4 && x <= t.box[2] + 4 && y >= t.box[1] - 6 && y <= t.box[3] + 6);
  const m = Math.round(st.width * 0.01);
  return textLines(bin, st.width, [m, m, st.width - m, st.height - m], inTable).map((b) => ({ img: pad(st, b), box: b }));
}

/**
 * Reads one page image. Tokens over clearly red (seal) pixels get confidence 0: a
 * seal stroke read as 1 next to or instead of a digit is the typical wrong number (ocr-lab REPORT §4).
 */
export async function readPage(image: PageImage, page: number, rec: LineRecogniser): Promise<OcrPage> {
  const img = await loadInk(image);
  const thr = otsu(img);
  const skew = estimateSkew(binarise(img, thr), img.width, img.height);
  const st = rotate(img, skew);
  const bin = binarise(st, thr);
  // Thin serif strokes at low dpi are grey: lines are found on a fainter threshold too.
  const faint = binarise(st, Math.round(thr + (255 - thr) * 0.25));
  const tables = findTables(bin, st.width, st.height, faint);
  const textRows = [...cellLines(st, faint, tables), ...outsideLines(st, faint, tables)];
  const texts = await rec.recogniseAll(textRows.map((l) => l.img));
  const back = (b: Box) => unrotateBox(b, skew, st.width, st.height);
  const redShare = (b: Box): number => {
    if (!img.red) return 0;
    let n = 0;
    let all = 0;
    for (let y = Math.max(0, b[1] - 2); y < Math.min(img.height, b[3] + 2); y++) {
      for (let x = Math.max(0, b[0] - 2); x < Math.min(img.width, b[2] + 2); x++) {
        n += img.red[y * img.width + x]!;
        all++;
      }
    }
    return all ? n / all : 0;
  };
  const tokens: OcrToken[] = [];
  textRows.forEach((l, i) => {
    const r = texts[i]!;
    const text = r.text.trim();
    const sealed = redShare(back(l.box)) > 0.01;
    const conf = sealed ? 0 : r.probs.length ? Math.min(...r.probs) : 0;
    const num = r.num ? { text: r.num.text, conf: sealed ? 0 : r.num.conf } : undefined;
    // The plain reading can be empty where the folded one is not: a lone 0 whose probability is split between 0, o
    // and O loses to the blank in each, but not as one digit.
    if (!text && !num) return;
    const probs = sealed ? r.probs.map(() => 0) : r.probs;
    tokens.push({
      text: text || num!.text,
      conf,
      ...(num ? { num } : {}),
      box: back(l.box),
      page,
      reading: { pieces: r.pieces, probs, gaps: r.gaps, tail: r.tail },
      ...(l.cell ? { cell: { ...l.cell, box: back(l.cell.box) } } : {}),
    });
  });
  return {
    page,
    width: img.width,
    height: img.height,
    skew,
    tables: tables.map((t) => ({ box: back(t.box), rows: t.rows, cols: t.cols, cells: t.cells.map((c) => ({ ...c, box: back(c.box) })) })),
    tokens,
  };
}
