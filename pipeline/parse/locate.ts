// Where a fact lies on its page: the union of the boxes of the cells or text pieces it was read from (PDF text
// layers, OCR), for its provenance and for the decoder's tokens. Pure; blocks without geometry give nothing.
import type { Block, Box, Provenance } from '../types.js';

/** A place on a page; `box` is absent when only the page is known. */
export interface Place {
  page: number;
  box?: Box;
  conf?: number;
}

const union = (a: Box, b: Box): Box => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
const round2 = (v: number) => Math.round(v * 100) / 100;
const minConf = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/** A table cell's place; `col` −1 is the whole row (the union of its cells on the row's first page). */
export function locateCell(block: Block | undefined, row: number, col: number): Place | null {
  if (block?.kind !== 'table') return null;
  const cells = block.cells?.[row];
  if (!cells) return block.page ? { page: block.page } : null;
  const geoms = col >= 0 ? [cells[col]] : cells;
  let out: Place | null = null;
  for (const g of geoms) {
    if (!g) continue;
    if (!out) out = { page: g.page, box: g.box, ...(g.conf !== undefined ? { conf: g.conf } : {}) };
    else if (g.page === out.page) {
      out.box = union(out.box!, g.box);
      const conf = minConf(out.conf, g.conf);
      if (conf !== undefined) out.conf = conf;
    }
  }
  return out ?? (block.page ? { page: block.page } : null);
}

/** Ideographs and full-width forms take a full em, the rest about half: to place part of a text item. */
const charWidth = (c: string) => (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1);

/**
 * The place of [from, to) of a paragraph's NFKC text: the pieces it touches on the page where it starts; a piece
 * only partly covered gives the part of its width its characters take.
 */
export function locateSpan(block: Block | undefined, span: readonly [number, number], text?: string): Place | null {
  if (block?.kind !== 'para') return null;
  const [from, to] = span;
  const pieces = block.spans;
  if (!pieces || pieces.length === 0) return block.page ? { page: block.page } : null;
  const nfkc = text ?? block.text.normalize('NFKC');
  let out: Place | null = null;
  // Pieces are in reading order, so their starts increase: skip to the first that can overlap.
  let lo = 0;
  let hi = pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pieces[mid]!.span[1] <= from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < pieces.length; i++) {
    const p = pieces[i]!;
    if (p.span[0] >= to) break;
    if (p.span[1] <= from) continue;
    if (out && p.page !== out.page) continue;
    let box = p.box;
    const a = Math.max(from, p.span[0]);
    const b = Math.min(to, p.span[1]);
    if (a > p.span[0] || b < p.span[1]) {
      const widths = [...nfkc.slice(p.span[0], p.span[1])].map(charWidth);
      const total = widths.reduce((s, w) => s + w, 0);
      const before = widths.slice(0, a - p.span[0]).reduce((s, w) => s + w, 0);
      const inside = widths.slice(a - p.span[0], b - p.span[0]).reduce((s, w) => s + w, 0);
      const w = box[2] - box[0];
      if (total > 0) box = [round2(box[0] + (w * before) / total), box[1], round2(box[0] + (w * (before + inside)) / total), box[3]];
    }
    if (!out) out = { page: p.page, box, ...(p.conf !== undefined ? { conf: p.conf } : {}) };
    else {
      out.box = union(out.box!, box);
      const conf = minConf(out.conf, p.conf);
      if (conf !== undefined) out.conf = conf;
    }
  }
  return out ?? (block.page ? { page: block.page } : null);
}

/** The provenance with its page, box and OCR confidence added, when the block it points to has them. */
export function placeProvenance(p: Provenance, blocks: readonly Block[], nfkcTexts?: Map<number, string>): Provenance {
  const block = blocks[p.block];
  const place = 'span' in p ? locateSpan(block, p.span, nfkcTexts?.get(p.block)) : locateCell(block, p.row, p.col);
  if (!place) return p;
  return {
    ...p,
    page: place.page,
    ...(place.box ? { box: place.box } : {}),
    ...(place.conf !== undefined ? { conf: place.conf, ocr: true as const } : {}),
  };
}
