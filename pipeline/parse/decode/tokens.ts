// Turns the blocks of a DocText into lines of tokens in reading order: labels (text with CJK) and numbers (one value,
// a dash, or a run of digits that may be several cells glued together), each with its position
// (block, row, column, or character span in the paragraph). No decision about rows or cells is taken here.
import type { Numbering } from '../../../domain/skeleton.js';
import type { Box } from '../../types.js';
import { isValueLike } from '../read-cell.js';
import { bareLabel } from './labels.js';

export interface Token {
  kind: 'label' | 'num';
  /** The text as printed (NFKC for paragraph text, the cell text for table cells). */
  text: string;
  /** Index of the line (in the document's list of lines) the token is on. */
  line: number;
  block: number;
  /** Table row and column, or -1 for paragraph text. */
  row: number;
  col: number;
  /** Offsets in the NFKC text of a paragraph block; null for table cells. */
  span: [number, number] | null;
  /** Where the token is printed, when the document has pages (PDF text layers, OCR): set by regions.ts. */
  page?: number;
  box?: Box;
  /** Labels: the label without numbering and punctuation, and its printed numbering. */
  bare: string;
  numbering: Numbering | null;
  /** Labels: true when the text is a sentence (。 or too long for a row label): never aligned to a row. */
  prose: boolean;
  /** Labels: false for a cell of a grid, whose label is whole in its cell (never joined with another cell's). */
  joinable: boolean;
  /** Numbers: an unsigned integer printed in running text with no separator, which may be several cells glued. */
  splittable: boolean;
  /**
   * Numbers: the run's last digit is directly followed by "." and a label ("00000002.其他法律…"): that digit may be the
   * next label's numbering rather than a cell.
   */
  gluedNumbering: boolean;
}

export interface Line {
  block: number;
  /** Table row, or -1 for a paragraph. */
  row: number;
  geometry: 'grid' | 'loose' | 'text';
  /** The cells of a table row (grid or loose), for column mapping. */
  cells: string[] | null;
  tokens: Token[];
}

const CJK = /[\u3400-\u9fff]/;
const DASH_CHUNK = /^(\/|-|—|–|―|－|─|──|——|--|无|×|\\)$/;
/** A value in running text: optional sign, digits with thousands separators, decimals, and a unit. */
const NUMBER = /^[+\-−]?\d+(?:[,，]\d{3})*(?:\.\d+)?(?:万元|元|件|条|个|项|人|次|份)?/;
/** A number followed by one of these is part of the words (2021年, 保留4位小数, 第3项). */
const WORD_AFTER = /^[年月日号位周岁]/;
/** Numbering that starts a new label inside running text: （一） 一、 1. 1、 （1）. */
const NUMBERING_START =
  /^(?:[(（][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}、|[(（]\d{1,2}[)）](?=\p{Script=Han})|[1-9][.、．](?=[\p{Script=Han}"“]))/u;

type Base = Pick<Token, 'line' | 'block' | 'row' | 'col' | 'span'>;

function makeLabel(text: string, b: Base): Token {
  const { bare, numbering } = bareLabel(text);
  const prose = /[。；;]/.test(text) || bare.length > 64;
  return {
    kind: 'label',
    text,
    line: b.line,
    block: b.block,
    row: b.row,
    col: b.col,
    span: b.span,
    bare,
    numbering,
    prose,
    joinable: true,
    splittable: false,
    gluedNumbering: false,
  };
}

function makeNum(text: string, b: Base, splittable: boolean, glued = false): Token {
  return {
    kind: 'num',
    text,
    line: b.line,
    block: b.block,
    row: b.row,
    col: b.col,
    span: b.span,
    bare: '',
    numbering: null,
    prose: false,
    joinable: false,
    splittable,
    gluedNumbering: glued,
  };
}

/**
 * Tokens of running text (a paragraph, or a cell holding label and numbers). `|` and tabs separate cells (Markdown
 * and tab rows); whitespace separates numbers but not the words of one label (a label may contain spaces).
 */
export function tokenizeText(text: string, at: { line: number; block: number; row: number; col: number }, inParagraph: boolean): Token[] {
  const s = text;
  const out: Token[] = [];
  let labelStart = -1;
  let depth = 0;
  const pos = (a: number, b: number) => ({ ...at, span: inParagraph ? ([a, b] as [number, number]) : null });
  const endLabel = (end: number) => {
    if (labelStart < 0) return;
    const raw = s.slice(labelStart, end);
    const trimmed = raw.trim();
    if (trimmed && CJK.test(trimmed)) {
      const lead = raw.length - raw.trimStart().length;
      out.push(makeLabel(trimmed, pos(labelStart + lead, labelStart + lead + trimmed.length)));
    }
    labelStart = -1;
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '|' || c === '\t' || c === '\n') {
      endLabel(i);
      depth = 0;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const prev = i > 0 ? s[i - 1]! : '';
    const chunkStart = i === 0 || /[\s|]/.test(prev);
    if (chunkStart) {
      // A dash standing alone is a cell that says "nothing" (/, —, 无).
      const chunkEnd = s.slice(i).search(/[\s|\t]/);
      const chunk = s.slice(i, chunkEnd === -1 ? s.length : i + chunkEnd);
      if (DASH_CHUNK.test(chunk) && depth === 0) {
        endLabel(i);
        out.push(makeNum(chunk, pos(i, i + chunk.length), false));
        i += chunk.length;
        continue;
      }
    }
    // Numbering starts a label; digits glued to a run before it ("0000002.其他") are left to the number branch,
    // which keeps both readings.
    if (depth === 0 && prev !== '第' && !/\d/.test(prev)) {
      const n = NUMBERING_START.exec(s.slice(i, i + 6));
      if (n) {
        endLabel(i);
        labelStart = i;
        i += n[0].length;
        continue;
      }
    }
    if (c === '(' || c === '（') depth++;
    else if (c === ')' || c === '）') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[\d+\-−]/.test(c)) {
      const m = NUMBER.exec(s.slice(i, i + 40));
      // A sign glued after a digit starts a signed cell (2019 本年增/减 in flattened text: "50-2" = 50 | -2).
      const signed = (c === '-' || c === '+' || c === '−') && (chunkStart || /\d/.test(prev));
      if (m && /\d/.test(m[0]) && (!/[+\-−]/.test(c) || signed) && !WORD_AFTER.test(s.slice(i + m[0].length))) {
        let text = m[0];
        const after = s.slice(i + text.length);
        // "00000002.其他法律…": digits, then "." and a label — the last digit may be that label's numbering.
        const numberingAfter = /^\d+$/.test(text) && /^[.、．][\p{Script=Han}"“]/u.test(after);
        if (numberingAfter && text.length === 1) {
          // A lone digit before "." and a label is that label's numbering.
          endLabel(i);
          labelStart = i;
          i += 1;
          continue;
        }
        endLabel(i);
        const plain = /^\d+$/.test(text);
        if (numberingAfter) {
          out.push(makeNum(text, pos(i, i + text.length), inParagraph && plain, true));
          // The label starts at the ambiguous digit, so that it carries its numbering.
          labelStart = i + text.length - 1;
          i += text.length;
          continue;
        }
        out.push(makeNum(text, pos(i, i + text.length), inParagraph && plain && text.length > 1));
        i += text.length;
        text = '';
        continue;
      }
    }
    if (labelStart < 0) labelStart = i;
    i++;
  }
  endLabel(s.length);
  return out;
}

/** Tokens of label cells by their text: the same header and row labels recur in every table of every report. */
const cellCache = new Map<string, Token[]>();
const CELL_CACHE_LIMIT = 20_000;

/** Tokens of one table cell: a value, or label text (which may itself hold numbers); a blank cell has none (a grid's
 * blanks are read through its column map). */
export function tokenizeCell(cell: string, at: { line: number; block: number; row: number; col: number }, grid: boolean): Token[] {
  // Plain integers are most cells: no need to normalise them.
  if (/^\s*\d{1,9}\s*$/.test(cell)) return [makeNum(cell, { line: at.line, block: at.block, row: at.row, col: at.col, span: null }, false)];
  let shapes = cellCache.get(cell);
  if (!shapes) {
    const text = cell.normalize('NFKC').trim();
    if (text === '' || /^[\u00a0\u3000\s]*$/.test(text)) shapes = [];
    else if (isValueLike(cell)) shapes = [makeNum(cell, { ...at, span: null }, false)];
    // A label wrapped inside its cell (结果\n纠正) is one label.
    else shapes = tokenizeText(text.replace(/\s*\n\s*/g, ''), at, false);
    if (cellCache.size >= CELL_CACHE_LIMIT) cellCache.clear();
    cellCache.set(cell, shapes);
  }
  if (shapes.length === 0) return shapes;
  return shapes.map((t) => ({ ...t, line: at.line, block: at.block, row: at.row, col: at.col, span: null, joinable: t.kind === 'label' && !grid }));
}
