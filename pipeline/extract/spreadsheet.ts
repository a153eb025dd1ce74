// XLS/XLSX → DocText with SheetJS (@e965/xlsx, the community edition republished on npm): each sheet's used range
// holds tables (merged cells expanded like HTML spans) and, when it was made from a whole document, its sentences.
import * as XLSX from '@e965/xlsx';
import type { Block, DocText } from '../types.js';
import { ExtractError } from './errors.js';

export function extractSpreadsheet(bytes: Uint8Array, format: 'xls' | 'xlsx'): DocText {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'buffer', cellFormula: false, cellHTML: false, cellStyles: false, dense: false });
  } catch (err) {
    const message = (err as Error).message;
    if (/password|encrypt/i.test(message)) throw new ExtractError('encrypted', `the spreadsheet is password-protected`);
    throw new ExtractError('corrupt', `not a readable spreadsheet: ${message}`);
  }
  const blocks: Block[] = [];
  for (const name of wb.SheetNames) {
    const sheet = wb.Sheets[name];
    if (!sheet?.['!ref']) continue;
    const range = XLSX.utils.decode_range(sheet['!ref']);
    // Bounds so that a sheet claiming a million empty rows cannot exhaust memory.
    const lastRow = Math.min(range.e.r, range.s.r + 5000);
    const lastCol = Math.min(range.e.c, range.s.c + 200);
    const rows: string[][] = [];
    for (let r = range.s.r; r <= lastRow; r++) {
      const row: string[] = [];
      for (let c = range.s.c; c <= lastCol; c++) {
        const cell = sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
        row.push(cell ? String(cell.w ?? cell.v ?? '').trim() : '');
      }
      rows.push(row);
    }
    for (const m of sheet['!merges'] ?? []) {
      const text = rows[m.s.r - range.s.r]?.[m.s.c - range.s.c] ?? '';
      for (let r = m.s.r; r <= Math.min(m.e.r, lastRow); r++) {
        for (let c = m.s.c; c <= Math.min(m.e.c, lastCol); c++) {
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
  return { blocks, source: { format }, warnings: [] };
}
