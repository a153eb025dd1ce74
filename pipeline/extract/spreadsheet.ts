// XLS/XLSX → DocText with SheetJS (@e965/xlsx, the community edition republished on npm): each sheet's used range
// holds tables (merged cells expanded like HTML spans) and, when it was made from a whole document, its sentences.
// Bounded before the work: an XLSX container is checked (zip-check.ts) and its merged ranges counted in the sheet XML
// before SheetJS parses them; rows are cut at MAX_ROWS while parsing; the grid and the merged cells to fill are
// reserved against the cell bounds (limits.ts) before they are built.
import * as XLSX from '@e965/xlsx';
import type { Block, DocText } from '../types.js';
import { ExtractError } from './errors.js';
import { CellBudget, refuse, type WorkLimits, workLimits } from './limits.js';
import { checkZip } from './zip-check.js';

/** Rows and columns of a sheet that are read (a report's tables are far smaller; the rest is cut, with a warning). */
const MAX_ROWS = 5000;
const MAX_COLUMNS = 200;

export function extractSpreadsheet(bytes: Uint8Array, format: 'xls' | 'xlsx', limits: WorkLimits = workLimits()): DocText {
  if (format === 'xlsx') {
    for (const [name, part] of checkZip(bytes, limits)) {
      if (!/worksheets\/[^/]+\.xml$/i.test(name)) continue;
      const merges = part.toString('latin1').match(/<(?:\w+:)?mergeCell[\s/>]/g)?.length ?? 0;
      if (merges > limits.mergedRanges) refuse(`merged ranges in ${name}`, merges, limits.mergedRanges);
    }
  }
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'buffer', cellFormula: false, cellHTML: false, cellStyles: false, dense: true, sheetRows: MAX_ROWS + 1 });
  } catch (err) {
    const message = (err as Error).message;
    if (/password|encrypt/i.test(message)) throw new ExtractError('encrypted', `the spreadsheet is password-protected`);
    throw new ExtractError('corrupt', `not a readable spreadsheet: ${message}`);
  }
  const blocks: Block[] = [];
  const warnings: string[] = [];
  const cells = new CellBudget(limits);
  for (const name of wb.SheetNames) {
    const sheet = wb.Sheets[name];
    if (!sheet?.['!ref']) continue;
    const range = XLSX.utils.decode_range(sheet['!ref']);
    // The used range as the cells show it (a sheet's own dimension may claim a million rows it does not have).
    const data = (sheet['!data'] ?? []) as (XLSX.CellObject | null | undefined)[][];
    let lastRow = range.s.r - 1;
    let lastCol = range.s.c - 1;
    for (let r = range.s.r; r < data.length; r++) {
      const row = data[r];
      if (!row?.length) continue;
      lastRow = r;
      lastCol = Math.max(lastCol, row.length - 1);
    }
    if (lastRow - range.s.r >= MAX_ROWS || lastCol - range.s.c >= MAX_COLUMNS) {
      warnings.push(`sheet ${name}: only the first ${MAX_ROWS} rows and ${MAX_COLUMNS} columns are read`);
    }
    lastRow = Math.min(lastRow, range.s.r + MAX_ROWS - 1);
    lastCol = Math.min(lastCol, range.s.c + MAX_COLUMNS - 1);
    if (lastRow < range.s.r || lastCol < range.s.c) continue;
    const merges = sheet['!merges'] ?? [];
    if (merges.length > limits.mergedRanges) refuse(`merged ranges in sheet ${name}`, merges.length, limits.mergedRanges);
    cells.table(lastRow - range.s.r + 1, lastCol - range.s.c + 1);
    const rows: string[][] = [];
    for (let r = range.s.r; r <= lastRow; r++) {
      const row: string[] = [];
      const source = data[r] ?? [];
      for (let c = range.s.c; c <= lastCol; c++) {
        const cell = source[c];
        row.push(cell ? String(cell.w ?? cell.v ?? '').trim() : '');
      }
      rows.push(row);
    }
    // The cells merged ranges fill, reserved before they are written: ranges over the whole sheet add up.
    let filled = 0;
    for (const m of merges) {
      const height = Math.max(0, Math.min(m.e.r, lastRow) - Math.max(m.s.r, range.s.r) + 1);
      const width = Math.max(0, Math.min(m.e.c, lastCol) - Math.max(m.s.c, range.s.c) + 1);
      filled += height * width;
      if (filled > limits.documentCells) refuse(`cells filled by the merged ranges of sheet ${name}`, filled, limits.documentCells);
    }
    for (const m of merges) {
      const text = rows[m.s.r - range.s.r]?.[m.s.c - range.s.c] ?? '';
      for (let r = Math.max(m.s.r, range.s.r); r <= Math.min(m.e.r, lastRow); r++) {
        for (let c = Math.max(m.s.c, range.s.c); c <= Math.min(m.e.c, lastCol); c++) {
          const row = rows[r - range.s.r];
          if (row) row[c - range.s.c] = text;
        }
      }
    }
    const kept = rows.filter((r) => r.some((c) => c !== ''));
    if (kept.length === 0) continue;
    // A sheet made from a whole document holds its sentences too: a row with one text, merged across the sheet or
    // longer than a label, is a paragraph; runs of other rows are tables.
    let table: string[][] = [];
    const flush = () => {
      if (table.length) blocks.push({ kind: 'table', rows: table, geometry: 'grid' });
      table = [];
    };
    for (const row of kept) {
      const texts = [...new Set(row.filter((c) => c !== ''))];
      const spansRow = row.every((c) => c === texts[0]);
      if (texts.length === 1 && (spansRow || texts[0]!.length > 8) && !/^[\d.,\s]+$/.test(texts[0]!)) {
        flush();
        blocks.push({ kind: 'para', text: texts[0]! });
      } else table.push(row);
    }
    flush();
  }
  return { blocks, source: { format }, warnings };
}
