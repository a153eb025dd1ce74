// Lines of tokens for statutory tables 2, 3 and 4: every token of the document is given to the table its context
// says (section headings, even glued inside a flattened page, and what the text names: 本年新收, 未经复议直接起诉 …).
// A statutory table split over several blocks stays one region; one block holding several tables is split.
import type { Block } from '../../types.js';
import { norm } from '../../../domain/normalize.js';
import { locateCell, locateSpan, type Place } from '../locate.js';
import { isValueLike } from '../read-cell.js';
import { detectHeading, detectHeadingPrefix, SECTION_TABLE } from '../sections.js';
import { type Line, type Token, tokenizeCell, tokenizeText } from './tokens.js';

export type StatTable = 't2' | 't3' | 't4';

/** Words of the tables' headings, headers and rows (主动公开 = proactive disclosure …): a paragraph without any is narrative. */
const NAMES_A_TABLE =
  /主动公开|收到和处理|依申请公开|行政复议|行政诉讼|复议|本年新收|上年结转|勾稽关系|申请人情况|自然人|第二十条|信息内容|制发件数|新制作数量|处理决定数量|项目数量|结果维持|尚未审结|予以公开|不予公开|结转下年度|办理结果/;
export type Regions = Record<StatTable, Line[]>;

const PLAIN_NUMBER = /^\s*\d{1,9}\s*$/;

/** What a row of a table names (joined cells), as in the national forms' headers and first rows. */
function rowMarker(joined: string): StatTable | null {
  if (/未经复议直接起诉|复议后起诉/.test(joined) || (/行政复议/.test(joined) && /行政诉讼/.test(joined))) return 't4';
  if (/勾稽关系|申请人情况|本年新收|上年结转/.test(joined) || (/自然人/.test(joined) && /法人或(者)?其他组织/.test(joined))) return 't3';
  if (/第二十条第|信息内容|本年制发件数|本年新制作数量|处理决定数量|上一年项目数量/.test(joined)) return 't2';
  return null;
}

/** What one label token of running text names; sentences name nothing (a narrative mentions 行政复议 too). */
function tokenMarker(t: Token): StatTable | null {
  if (t.prose) return null;
  const n = t.bare;
  if (/未经复议|复议后起诉|^行政复议$|^行政诉讼$|结果维持|尚未审结/.test(n)) return 't4';
  if (/勾稽关系|申请人情况|本年新收|上年结转|^自然人$|法人或其他组织/.test(n)) return 't3';
  if (/第二十条第|^信息内容|本年制发件数|本年新制作数量|处理决定数量|上一年项目数量/.test(n)) return 't2';
  return null;
}

export function buildRegions(blocks: Block[]): Regions {
  const regions: Regions = { t2: [], t3: [], t4: [] };
  let current: StatTable | null = null;
  let lineNo = 0;
  blocks.forEach((b, blockIndex) => {
    if (b.kind === 'para') {
      const h = detectHeading(b.text);
      if (h) {
        current = SECTION_TABLE[h.section] ?? null;
        return;
      }
      // Text outside every table that names none of them (the narrative) has nothing to give: not tokenised.
      if (!current && !NAMES_A_TABLE.test(b.text)) return;
      const text = b.text.normalize('NFKC');
      // Markdown separator rows (|---|---|) carry nothing.
      if (/^\s*\|?\s*:?-{3,}/.test(text)) return;
      const tokens = tokenizeText(text, { line: 0, block: blockIndex, row: -1, col: -1 }, true);
      // Split the paragraph where its context changes: a heading glued inside it, or a marker of another table.
      let line: Line | null = null;
      const split = splitHeadings(tokens, text);
      if (b.page !== undefined) for (const t of split) place(t, locateSpan(b, t.span!, text));
      for (const t of split) {
        if (t.kind === 'label') {
          const h = detectHeadingPrefix(norm(t.text));
          if (h && h.length >= norm(t.text).length - 1) {
            current = SECTION_TABLE[h.section] ?? null;
            line = null;
            continue;
          }
          const m = tokenMarker(t);
          if (m && m !== current) {
            current = m;
            line = null;
          }
        }
        if (!current) continue;
        if (!line) {
          line = { block: blockIndex, row: -1, geometry: 'text', cells: null, tokens: [] };
          regions[current].push(line);
          lineNo++;
        }
        t.line = lineNo - 1;
        line.tokens.push(t);
      }
      return;
    }
    const grid = b.geometry === 'grid';
    b.rows.forEach((cells, rowIndex) => {
      if (cells.every((c) => c.trim() === '')) return;
      let start = 0;
      const add = (from: number, to: number) => {
        if (from >= to) return;
        // What the cells of this part name decides the table (a flattened row can hold the end of one table, a
        // heading and the next table).
        const m = rowMarker(from === 0 && to === cells.length ? cells.join('|') : cells.slice(from, to).join('|'));
        if (m) current = m;
        if (!current) return;
        const sub = from === 0 && to === cells.length ? cells : cells.map((c, i) => (i >= from && i < to ? c : ''));
        const tokens: Token[] = [];
        sub.forEach((cell, col) => {
          if (col < from || col >= to) return;
          // A merged cell repeats its text over the positions it covers: in a grid, a label cell equal to the one on
          // its left or above is the same cell, not a new label.
          if (grid && col > 0 && cell.trim() !== '' && cell === cells[col - 1] && tokens.length > 0 && tokens.at(-1)!.kind === 'label') return;
          if (grid && rowIndex > 0 && cell === b.rows[rowIndex - 1]![col] && cell.trim() !== '' && !PLAIN_NUMBER.test(cell) && !isValueLike(cell)) return;
          const cellTokens = tokenizeCell(cell, { line: lineNo, block: blockIndex, row: rowIndex, col }, grid);
          if (b.page !== undefined) for (const t of cellTokens) place(t, locateCell(b, rowIndex, col));
          tokens.push(...cellTokens);
        });
        regions[current].push({ block: blockIndex, row: rowIndex, geometry: b.geometry, cells: sub, tokens });
        lineNo++;
      };
      if (grid) return add(0, cells.length);
      // Flattened text can run a table's last row and the next section's heading together (Word's .doc text loses
      // the end of some rows): a heading cell ends the row and switches the table.
      cells.forEach((cell, i) => {
        const h = cell.length <= 40 ? detectHeading(cell) : null;
        if (!h) return;
        add(start, i);
        current = SECTION_TABLE[h.section] ?? null;
        start = i + 1;
      });
      add(start, cells.length);
    });
  });
  return regions;
}

function place(t: Token, at: Place | null): void {
  if (!at) return;
  t.page = at.page;
  if (at.box) t.box = at.box;
}

/** Label tokens that begin with a section heading glued to more text are cut in two: the heading, then the rest. */
function splitHeadings(tokens: Token[], text: string): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    if (t.kind !== 'label' || !t.span) {
      out.push(t);
      continue;
    }
    const n = norm(t.text);
    const h = detectHeadingPrefix(n);
    if (!h || h.length >= n.length) {
      out.push(t);
      continue;
    }
    // Map the heading's length in normalized characters back to the printed text (which may hold spaces).
    let seen = 0;
    let cut = 0;
    while (cut < t.text.length && seen < h.length) {
      if (!/\s/.test(t.text[cut]!)) seen++;
      cut++;
    }
    const [a] = t.span;
    const head = tokenizeText(text.slice(a, a + cut), { line: t.line, block: t.block, row: -1, col: -1 }, true).map((x) => shift(x, a));
    const rest = tokenizeText(text.slice(a + cut, t.span[1]), { line: t.line, block: t.block, row: -1, col: -1 }, true).map((x) => shift(x, a + cut));
    out.push(...head, ...rest);
  }
  return out;
}

function shift(t: Token, by: number): Token {
  return t.span ? { ...t, span: [t.span[0] + by, t.span[1] + by] } : t;
}
