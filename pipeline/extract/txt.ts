// Plain text → DocText. Text exported from Word or a web page carries its tables in two flattened shapes (seeds):
// tab-separated rows (one line per row), or one cell per line with a leading tab, rows separated by blank lines
// and cells that wrapped continuing on the next line. Both become 'loose' tables: cell positions are not trusted.
import type { Block, DocText } from '../types.js';

type LineKind = 'blank' | 'tabrow' | 'cell' | 'text';

function classify(line: string): LineKind {
  if (line.trim() === '' && !line.includes('\t')) return 'blank';
  if (line.startsWith('\t')) return line.slice(1).includes('\t') ? 'tabrow' : 'cell';
  return line.includes('\t') ? 'tabrow' : 'text';
}

/** A short line right under a cell is the rest of that cell (商业 / 企业); a heading or a sentence is not. */
function isContinuation(line: string): boolean {
  const t = line.trim();
  return t.length > 0 && t.length <= 12 && !/^[一二三四五六七八九十\d]+[、.．]/.test(t) && !/[。；]$/.test(t);
}

/** A number (or a dash, 无, for none) that fills a value cell. */
const VALUE_CELL = /^(?:[-−+]?\d[\d,，.]*%?|[-—–/／]|无)$/;
/** A cell that names something: it holds a Chinese character or a letter and is no value. */
const isLabel = (cell: string) => /[\p{Script=Han}A-Za-z]/u.test(cell) && !VALUE_CELL.test(cell.trim());

/**
 * Whether the tab-only line at `i`, in one-cell-per-line text, stands where a blank line should: after a cell that
 * holds something and before the next row's label. Word writes an empty cell as a tab-only line too (the spacer of
 * a merged cell at a row's start, an empty header cell at a row's end, a blank value between values), so only a line
 * that follows a filled cell and opens a label (past any further tab-only lines: the next row's own spacers) ends the
 * row. On the seeds and the .doc goldens no tab-only line stands there: they read as before.
 */
function endsRow(lines: string[], i: number, row: string[]): boolean {
  const last = row.at(-1);
  if (last === undefined || last.trim() === '') return false;
  let j = i + 1;
  while (j < lines.length && lines[j]!.trim() === '' && lines[j]!.includes('\t')) j++;
  const next = lines[j];
  return next !== undefined && classify(next) === 'cell' && isLabel(next);
}

export function extractTxt(text: string): DocText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const kind = classify(lines[i]!);
    if (kind === 'blank') {
      i++;
    } else if (kind === 'text') {
      const para = lines[i]!.trim();
      if (para) blocks.push({ kind: 'para', text: para });
      i++;
    } else if (kind === 'tabrow') {
      // Tab-separated rows: one row per line; blank lines inside the run do not end the table, text lines do.
      const rows: string[][] = [];
      while (i < lines.length) {
        const k = classify(lines[i]!);
        if (k === 'tabrow' || (k === 'cell' && rows.length > 0)) rows.push(lines[i]!.split('\t'));
        else if (k !== 'blank') break;
        i++;
      }
      blocks.push({ kind: 'table', rows, geometry: 'loose' });
    } else {
      // One cell per line: a blank line ends a row (or a tab-only line standing for one: endsRow); a text line after
      // a blank line ends the table.
      const rows: string[][] = [];
      let row: string[] = [];
      let lastWasCell = false;
      while (i < lines.length) {
        const line = lines[i]!;
        const k = classify(line);
        if (line.trim() === '' && endsRow(lines, i, row)) {
          rows.push(row);
          row = [];
          lastWasCell = false;
        } else if (k === 'cell') {
          row.push(line.slice(1));
          lastWasCell = true;
        } else if (k === 'blank') {
          if (row.length) rows.push(row);
          row = [];
          lastWasCell = false;
        } else if (k === 'text' && lastWasCell && isContinuation(line)) {
          row[row.length - 1] += `\n${line}`;
        } else break;
        i++;
      }
      if (row.length) rows.push(row);
      blocks.push({ kind: 'table', rows, geometry: 'loose' });
    }
  }
  return { blocks, source: { format: 'txt' }, warnings: [] };
}
