// Assigns every table row of a document to statutory table 2, 3 or 4, by what the row says (第二十条, 本年新收,
// 行政复议 + 行政诉讼 …) and, for rows that say nothing, by the section heading or table they follow.
// A statutory table split over several tables (a page break in Word) stays one table; one HTML table holding
// several statutory tables is split.
import type { Block } from '../types.js';
import { norm } from '../../domain/normalize.js';
import { detectHeading, SECTION_TABLE } from './sections.js';

export type StatTable = 't2' | 't3' | 't4';

export interface RowRef {
  block: number;
  row: number;
  cells: string[];
  /** Normalized cells (norm). */
  norms: string[];
  geometry: 'grid' | 'loose';
}

/** Rows of one statutory table that come from one table block (column maps are per block). */
export interface TablePart {
  block: number;
  geometry: 'grid' | 'loose';
  rows: RowRef[];
}

export type Segments = Record<StatTable, TablePart[]>;

function marker(norms: string[]): StatTable | null {
  const joined = norms.join('|');
  if (/未经复议直接起诉|复议后起诉/.test(joined) || (/行政复议/.test(joined) && /行政诉讼/.test(joined))) return 't4';
  if (/勾稽关系|申请人情况|本年新收|上年结转/.test(joined) || (/自然人/.test(joined) && /法人或(者)?其他组织/.test(joined))) return 't3';
  if (/第二十条第|信息内容|本年制发件数|本年新制作数量|处理决定数量|上一年项目数量/.test(joined)) return 't2';
  return null;
}

export function segmentTables(blocks: Block[]): Segments {
  const segments: Segments = { t2: [], t3: [], t4: [] };
  let current: StatTable | null = null;
  blocks.forEach((b, blockIndex) => {
    if (b.kind === 'para') {
      const h = detectHeading(b.text);
      if (h) current = SECTION_TABLE[h.section] ?? null;
      return;
    }
    const parts = new Map<StatTable, TablePart>();
    const add = (cells: string[], rowIndex: number) => {
      const norms = cells.map(norm);
      if (norms.every((c) => c === '')) return;
      const m = marker(norms);
      if (m) current = m;
      if (!current) return;
      let part = parts.get(current);
      if (!part) {
        part = { block: blockIndex, geometry: b.geometry, rows: [] };
        segments[current].push(part);
        parts.set(current, part);
      }
      part.rows.push({ block: blockIndex, row: rowIndex, cells, norms, geometry: b.geometry });
    };
    b.rows.forEach((cells, rowIndex) => {
      if (b.geometry === 'grid') return add(cells, rowIndex);
      // Flattened text can run a table's last row and the next section's heading together (Word's .doc text
      // loses the end of some rows): a heading cell ends the row and switches the table.
      let start = 0;
      cells.forEach((cell, i) => {
        const h = cell.length <= 40 ? detectHeading(cell) : null;
        if (!h) return;
        add(cells.slice(start, i), rowIndex);
        current = SECTION_TABLE[h.section] ?? null;
        start = i + 1;
      });
      add(cells.slice(start), rowIndex);
    });
  });
  return segments;
}
