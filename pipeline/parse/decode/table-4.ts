// Table 4 (行政复议、行政诉讼): one row of 15 numbers under a three-level header. Grid tables map every column through
// its header cells; elsewhere the 15 numbers after the header are read in the order the header's sub-labels give
// (the national order when it is incomplete), and a glued run is cut so that every block adds up to its 总计.
import type { Collector } from '../collector.js';
import { T4_BLOCKS, T4_COLUMNS, t4Key } from '../../../domain/codebook.js';
import { isValueLike } from '../read-cell.js';
import { identities, T4_WIDTH } from '../../../domain/skeleton.js';
import { type CellRead, decideRows, rowOptions, type RowOptions } from './rows.js';
import type { Line, Token } from './tokens.js';

function blockOf(n: string): string | null {
  if (/未经复议/.test(n)) return 'litigation_direct';
  if (/复议后/.test(n)) return 'litigation_after_review';
  if (/^行政复议(情况|案件)?$/.test(n)) return 'review';
  return null;
}

/** Sub-column words of table 4 (结果维持 = upheld …), after normalisation. */
const SUB = /(结果)?维持|(结果)?(纠正|纠错)|其他(结果)?|尚未审结|未审结|审理中|总计|合计/g;

function subOf(n: string): string | null {
  if (/^(结果)?维持$/.test(n)) return 'upheld';
  if (/^(结果)?(纠正|纠错)$/.test(n)) return 'corrected';
  if (/^其他(结果)?$/.test(n)) return 'other';
  if (/^尚未审结$|^未审结$|^审理中$/.test(n)) return 'pending';
  if (/^(总计|合计)$/.test(n)) return 'total';
  return null;
}

const STANDARD = T4_BLOCKS.flatMap((b) => T4_COLUMNS.map((c) => t4Key(b.id, c.id)));
const bareCell = (c: string) =>
  c
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/其它/g, '其他');

function gridMap(header: Line[]): Map<number, string> | null {
  const width = Math.max(...header.map((r) => r.cells!.length));
  const map = new Map<number, string>();
  let previous: string | null = null;
  for (let col = 0; col < width; col++) {
    let block: string | null = null;
    let sub: string | null = null;
    for (const r of header) {
      const n = bareCell(r.cells![col] ?? '');
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

export function decodeTable4(lines: Line[], out: Collector): boolean {
  if (lines.length === 0) return false;
  const dataIndex = lines.findIndex(
    (l) => l.tokens.filter((t) => t.kind === 'num').length >= 5 || l.tokens.some((t) => t.kind === 'num' && t.splittable && t.text.length >= 5),
  );
  if (dataIndex === -1) return false;
  const data = lines[dataIndex]!;
  if (data.geometry === 'grid') {
    const map = gridMap(lines.slice(0, dataIndex).filter((l) => l.block === data.block && l.cells));
    if (map) {
      for (const [col, key] of map) out.cell(key, { block: data.block, row: data.row, col, text: data.cells![col] ?? '' }, undefined, 'grid');
      return true;
    }
    out.finding({ rule: 't4.columns_unrecognised', severity: 'info', message: 'table 4 column headers not recognised; read in header order', keys: [] });
  }
  // The header's sub-labels in order decide the columns; the national order when they are not all readable.
  const tokens = lines.flatMap((l) => l.tokens);
  // The values start on the data line (a sentence before the table may hold a figure of its own).
  const firstValue = tokens.findIndex((t) => t.kind === 'num' && t.line === data.tokens.find((x) => x.kind === 'num')!.line);
  const headerText = tokens
    .slice(0, firstValue)
    .filter((t) => t.kind === 'label' && !t.prose)
    .map((t) => t.bare)
    .join('|');
  const subs = [...headerText.matchAll(SUB)].map((m) => subOf(m[0])).filter((x): x is string => x !== null);
  let order = STANDARD;
  const pattern = subs.slice(0, 5);
  const repeated = subs.length === 15 && [5, 10].every((o) => subs.slice(o, o + 5).join() === pattern.join());
  if (repeated && new Set(pattern).size === 5) order = T4_BLOCKS.flatMap((b) => pattern.map((s) => t4Key(b.id, s)));
  else
    out.finding({
      rule: 't4.order_assumed',
      severity: 'info',
      message: 'table 4 header not fully readable; values taken in the national column order',
      keys: [],
    });

  const values: Token[] = [];
  for (const t of tokens.slice(firstValue)) {
    if (t.kind !== 'num') break;
    values.push(t);
  }
  const task = {
    slot: { id: 't4', kind: 'row' as const, labels: ['行政复议行政诉讼'], distinctive: null, numbering: null, width: T4_WIDTH },
    keys: order,
    label: '行政复议/行政诉讼',
    at: { block: values[0]!.block, row: values[0]!.row },
  };
  const blockSums = (v: number[]) => {
    const val = new Map(order.map((k, i) => [k, v[i]!]));
    return T4_BLOCKS.every(
      (b) => ['upheld', 'corrected', 'other', 'pending'].reduce((s, c) => s + val.get(t4Key(b.id, c))!, 0) === val.get(t4Key(b.id, 'total')),
    );
  };
  const row: RowOptions = rowOptions(task, values, blockSums, null);
  if (row.options.length === 0) {
    if (row.failure?.rule === 'cells.row_shape')
      out.shape(
        STANDARD,
        '行政复议/行政诉讼',
        values.map((t) => t.text),
        15,
        task.at,
      );
    else {
      out.finding(row.failure!);
      for (const k of STANDARD) out.undecided(k, '', { block: task.at.block, row: task.at.row, col: -1, method: 'aligned' }, 'ambiguous');
    }
    return true;
  }
  const decided = decideRows([row], [], () => identities('2021').filter((i) => i.rule === 't4.block_sum'), out, 'table 4');
  for (const [key, cell] of decided) if (cell) emit(out, key, cell);
  return true;
}

export function emit(out: Collector, key: string, cell: CellRead, unit?: '万元' | '元' | null): void {
  const method = cell.prov.method === 'text' ? 'aligned' : cell.prov.method;
  out.cell(
    key,
    'span' in cell.prov
      ? { block: cell.prov.block, span: cell.prov.span, text: cell.raw }
      : { block: cell.prov.block, row: cell.prov.row, col: cell.prov.col, text: cell.raw },
    unit,
    method,
  );
}

export { isValueLike };
