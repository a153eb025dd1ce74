// An OCR'd page → DocText blocks in reading order: every ruled table a 'grid' TableBlock with each cell's box and
// confidence, the text outside tables as paragraphs. Digits in paragraph text read with low confidence are masked
// (never a guessed figure in a sentence); table cells keep their reading and confidence for the parser to judge.
import type { Block, CellGeom, TableBlock } from '../../types.js';
import type { Box, OcrPage, OcrToken } from './read-page.js';

/** Digits in running text below this confidence are masked: a figure in a sentence has no identity to catch it. */
export const TEXT_DIGIT_CONFIDENCE = 0.9;
/** What a masked character becomes: not a digit, not a label character, visibly unread. */
export const MASK = '\ufffd';

const centreY = (b: Box) => (b[1] + b[3]) / 2;

/** Tokens in reading order: lines top to bottom (a token whose centre is inside the previous line's band joins it), then left to right. */
function readingOrder(tokens: OcrToken[]): OcrToken[][] {
  const sorted = [...tokens].sort((a, b) => centreY(a.box) - centreY(b.box));
  const lines: OcrToken[][] = [];
  for (const t of sorted) {
    const line = lines.at(-1);
    const ref = line?.[0];
    if (ref && centreY(t.box) < ref.box[3] && centreY(t.box) > ref.box[1]) line!.push(t);
    else lines.push([t]);
  }
  for (const l of lines) l.sort((a, b) => a.box[0] - b.box[0]);
  return lines;
}

/**
 * A cell's text and confidence: when every token reads as a number, the number readings (a lone 0 read as 'o' is 0);
 * tokens on one line are kept apart by a space (two numbers of cells whose border was missed must not join), lines of
 * a wrapped cell are joined.
 */
function cellReading(tokens: OcrToken[]): { text: string; conf: number } {
  if (tokens.length === 0) return { text: '', conf: 1 };
  const numeric = tokens.every((t) => t.num);
  const lines = readingOrder(tokens);
  const text = lines.map((l) => l.map((t) => (numeric ? t.num!.text : t.text)).join(' ')).join('');
  const conf = Math.min(...tokens.map((t) => (numeric ? t.num!.conf : t.conf)));
  return { text, conf };
}

/** The text of a line outside tables with every run of digits read below `min` replaced by MASK characters. */
export function maskedText(t: OcrToken, min = TEXT_DIGIT_CONFIDENCE): { text: string; masked: number } {
  const { pieces, probs, gaps, tail } = t.reading;
  const isNumChar = (p: string) => /^[\d.,，%-]$/.test(p);
  const out = [...pieces];
  let masked = 0;
  for (let i = 0; i < pieces.length; ) {
    if (!/\d/.test(pieces[i]!)) {
      i++;
      continue;
    }
    // The run of the number (digits and the separators inside it), with the gap before it and after it: a dropped
    // digit or sign next to the run lowers those.
    let a = i;
    while (a > 0 && isNumChar(pieces[a - 1]!) && pieces[a - 1] !== ',' && pieces[a - 1] !== '，') a--;
    let b = i;
    while (b + 1 < pieces.length && isNumChar(pieces[b + 1]!)) b++;
    let conf = gaps[a] ?? 1;
    for (let k = a; k <= b; k++) conf = Math.min(conf, probs[k] ?? 0, k > a ? (gaps[k] ?? 1) : 1);
    conf = Math.min(conf, b + 1 < pieces.length ? (gaps[b + 1] ?? 1) : tail);
    if (conf < min) {
      for (let k = a; k <= b; k++) out[k] = MASK;
      masked++;
    }
    i = b + 1;
  }
  return { text: out.join('').trim(), masked };
}

export interface PageBlocks {
  blocks: Block[];
  /** Numbers in paragraph text that were masked for low confidence. */
  masked: number;
}

/** The blocks of one OCR'd page; every block carries the page number, every table cell its box and confidence. */
export function pageBlocks(page: OcrPage): PageBlocks {
  const placed: { top: number; block: Block }[] = [];
  page.tables.forEach((t, ti) => {
    const rows = Array.from({ length: t.rows }, () => Array<string>(t.cols).fill(''));
    const cells = Array.from({ length: t.rows }, () => Array<CellGeom | null>(t.cols).fill(null));
    for (const c of t.cells) {
      const toks = page.tokens.filter((k) => k.cell && k.cell.table === ti && k.cell.row === c.row && k.cell.col === c.col);
      const { text, conf } = cellReading(toks);
      const geom: CellGeom = { page: page.page, box: c.box, conf: Math.round(conf * 10_000) / 10_000 };
      // A merged cell's text and geometry repeat in every position it covers, as in the other formats' grids.
      for (let r = c.row; r < c.row + c.rowSpan; r++) {
        for (let k = c.col; k < c.col + c.colSpan; k++) {
          rows[r]![k] = text;
          cells[r]![k] = geom;
        }
      }
    }
    // Rows with nothing read are dropped, as the PDF reader drops them; their geometry goes with them.
    const keep = rows.map((r) => r.some((c) => c.trim() !== ''));
    const table: TableBlock = {
      kind: 'table',
      rows: rows.filter((_, i) => keep[i]),
      geometry: 'grid',
      page: page.page,
      cells: cells.filter((_, i) => keep[i]),
    };
    if (table.rows.length) placed.push({ top: t.box[1], block: table });
  });
  let masked = 0;
  const lines = readingOrder(page.tokens.filter((t) => !t.cell)).map((l) => {
    const parts = l.map((t) => maskedText(t));
    masked += parts.reduce((s, p) => s + p.masked, 0);
    return {
      text: parts.map((p) => p.text).join(' '),
      left: Math.min(...l.map((t) => t.box[0])),
      right: Math.max(...l.map((t) => t.box[2])),
      top: Math.min(...l.map((t) => t.box[1])),
      bottom: Math.max(...l.map((t) => t.box[3])),
    };
  });
  // Paragraphs: a line that reaches the right margin goes on in the next line (as in pdf.ts); headings, titles and
  // the last line of a paragraph stop short of it. The margin is where most lines end.
  const rights = lines.map((l) => l.right).sort((a, b) => a - b);
  const margin = rights.length ? rights[Math.floor(rights.length * 0.9)]! : 0;
  let para: typeof lines = [];
  const flush = () => {
    if (para.length) placed.push({ top: para[0]!.top, block: { kind: 'para', text: para.map((l) => l.text).join(''), page: page.page } });
    para = [];
  };
  for (const line of lines) {
    const prev = para.at(-1);
    const h = prev ? prev.bottom - prev.top : 0;
    const tableBetween = prev && page.tables.some((t) => t.box[1] > prev.bottom && t.box[1] < line.top);
    if (prev && (prev.right < margin - 1.5 * h || line.top - prev.bottom > 1.2 * h || tableBetween)) flush();
    if (line.text) para.push(line);
  }
  flush();
  placed.sort((a, b) => a.top - b.top);
  return { blocks: placed.map((p) => p.block), masked };
}
