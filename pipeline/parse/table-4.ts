// Table 4 (行政复议、行政诉讼): one data row of 15 numbers under a three-level header. Grid tables map every
// column through its header cells; flattened tables take the run of 15 values after the header, in the order the
// header's sub-labels give (the national order unless the header says otherwise).
import type { Collector } from './collector.js';
import { T4_BLOCKS, T4_COLUMNS, t4Key } from '../../domain/codebook.js';
import { isValueLike } from './read-cell.js';
import type { RowRef, TablePart } from './segment-tables.js';

function blockOf(n: string): string | null {
  if (/未经复议/.test(n)) return 'litigation_direct';
  if (/复议后/.test(n)) return 'litigation_after_review';
  if (/^行政复议$|^行政复议(情况|案件)?$/.test(n)) return 'review';
  return null;
}

function subOf(n: string): string | null {
  if (/^(结果)?维持$/.test(n)) return 'upheld';
  if (/^(结果)?(纠正|纠错)$/.test(n)) return 'corrected';
  if (/^其他(结果)?$|^其它(结果)?$/.test(n)) return 'other';
  if (/^尚未审结$|^未审结$|^审理中$/.test(n)) return 'pending';
  if (/^(总计|合计)$/.test(n)) return 'total';
  return null;
}

const STANDARD = T4_BLOCKS.flatMap((b) => T4_COLUMNS.map((c) => t4Key(b.id, c.id)));

function gridMap(header: RowRef[]): Map<number, string> | null {
  const width = Math.max(...header.map((r) => r.cells.length));
  const map = new Map<number, string>();
  let previous: string | null = null;
  for (let col = 0; col < width; col++) {
    let block: string | null = null;
    let sub: string | null = null;
    for (const r of header) {
      const n = r.norms[col] ?? '';
      block = blockOf(n) ?? block;
      sub = subOf(n) ?? sub;
    }
    // Under 行政诉讼 alone (a two-row header without the direct/after-review split) the block is unknown.
    // Consecutive positions with the same header are one merged cell: keep the first.
    const key = block && sub ? t4Key(block, sub) : null;
    if (key && key !== previous) map.set(col, key);
    previous = key;
  }
  const keys = [...map.values()];
  return keys.length === 15 && new Set(keys).size === 15 ? map : null;
}

export function readTable4(parts: TablePart[], out: Collector): boolean {
  const rows = parts.flatMap((p) => p.rows);
  if (rows.length === 0) return false;
  const dataIndex = rows.findIndex((r) => r.cells.filter((c) => isValueLike(c)).length >= 5);
  if (dataIndex === -1) return false;
  const dataRow = rows[dataIndex]!;
  const header = rows.slice(0, dataIndex);

  if (dataRow.geometry === 'grid') {
    const map = gridMap(header.filter((r) => r.block === dataRow.block));
    if (map) {
      for (const [col, key] of map) out.cell(key, { block: dataRow.block, row: dataRow.row, col, text: dataRow.cells[col] ?? '' });
      return true;
    }
    out.finding({ rule: 't4.columns_unrecognised', severity: 'info', message: 'table 4 column headers not recognised; read in header order', keys: [] });
  }

  // Flattened: the tokens before the first value are the header (a .doc can run header and values into one
  // row); the order of its 15 sub-labels decides the columns, the national order when it is incomplete.
  const tokens = rows.flatMap((r) => r.cells.map((text, col) => ({ text, n: r.norms[col]!, block: r.block, row: r.row, col })).filter((t) => t.n !== ''));
  const firstValue = tokens.findIndex((t) => isValueLike(t.text));
  const subs = tokens
    .slice(0, firstValue)
    .map((t) => subOf(t.n))
    .filter((x): x is string => x !== null);
  let order = STANDARD;
  const pattern = subs.slice(0, 5);
  const repeated = subs.length === 15 && [5, 10].every((o) => subs.slice(o, o + 5).join() === pattern.join());
  if (repeated && new Set(pattern).size === 5) {
    order = T4_BLOCKS.flatMap((b) => pattern.map((s) => t4Key(b.id, s)));
  } else {
    out.finding({
      rule: 't4.order_assumed',
      severity: 'info',
      message: 'table 4 header not fully readable; values taken in the national column order',
      keys: [],
    });
  }
  const values: { text: string; block: number; row: number; col: number }[] = [];
  for (const t of tokens.slice(firstValue)) {
    if (!isValueLike(t.text) || values.length === 15) break;
    values.push(t);
  }
  const next = tokens[firstValue + values.length];
  if (values.length !== 15 || (next && isValueLike(next.text))) {
    const shown = tokens
      .slice(firstValue)
      .filter((t) => isValueLike(t.text))
      .map((t) => t.text);
    out.shape(STANDARD, '行政复议/行政诉讼', shown, 15, { block: dataRow.block, row: dataRow.row });
    return true;
  }
  order.forEach((key, i) => out.cell(key, values[i]!));
  return true;
}
