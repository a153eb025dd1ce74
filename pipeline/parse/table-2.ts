// Table 2 (主动公开政府信息情况): small groups under 第二十条第（N）项, each with a 信息内容 header naming its
// columns and rows named 规章, 行政许可 …. Columns come from each group's header, so 2019 and 2021 forms, local rows
// (Beijing's 行政检查/行政确认) and a missing row all land under the right keys.
import type { Collector } from './collector.js';
import { KEY_BY_NAME } from '../../domain/codebook.js';
import { isValueLike } from './read-cell.js';
import type { TablePart } from './segment-tables.js';

const ROWS: [RegExp, string][] = [
  [/^规章$/, 'regulations'],
  [/规范性文件$/, 'normative_docs'],
  [/^行政许可$/, 'licensing'],
  [/其他对外管理服务事项/, 'other_services'],
  [/^行政处罚$/, 'penalty'],
  [/^行政强制$/, 'coercion'],
  [/^行政事业性收费$/, 'admin_fees'],
  [/政府集中采购/, 'procurement'],
  [/^行政检查$/, 'inspection'],
  [/^行政确认$/, 'confirmation'],
];

interface Column {
  id: string;
  /** The unit an amount column's header states: 万元, 元, or null when it states none. */
  unit: '万元' | '元' | null;
}

function columnOf(n: string): Column | null {
  const unit = /万元/.test(n) ? '万元' : /元/.test(n) ? '元' : null;
  if (/本年制发件数|制发件数/.test(n)) return { id: 'issued', unit: null };
  if (/本年废止件数|废止件数/.test(n)) return { id: 'repealed', unit: null };
  if (/现行有效件数|现行有效/.test(n)) return { id: 'in_force', unit: null };
  if (/新制作数量/.test(n)) return { id: 'new_made', unit: null };
  if (/新公开数量/.test(n)) return { id: 'new_published', unit: null };
  if (/对外公开总数量/.test(n)) return { id: 'total_published', unit: null };
  if (/上一年项目数量/.test(n)) return { id: 'prev_items', unit: null };
  if (/增\/?减|增减/.test(n)) return { id: 'change', unit: null };
  if (/处理决定数量|决定数量/.test(n)) return { id: 'decisions', unit: null };
  if (/采购项目数量/.test(n)) return { id: 'projects', unit: null };
  // The 2021 form prints 本年收费金额（单位：万元）: 万元 is the form's unit even where a site drops the note.
  if (/收费金额/.test(n)) return { id: 'amount_wan', unit: unit ?? '万元' };
  if (/采购总金额/.test(n)) return { id: 'amount_wan', unit };
  return null;
}

function rowOf(n: string): string | null {
  const bare = n.replace(/^(\d+[.、]|\([一二三四五六七八九十\d]+\))/, '');
  for (const [re, id] of ROWS) if (re.test(bare)) return id;
  return null;
}

export function readTable2(parts: TablePart[], out: Collector): boolean {
  let columns: { col: Column; index: number }[] = [];
  let found = false;
  for (const part of parts) {
    for (const r of part.rows) {
      const first = r.norms.findIndex((n) => n !== '');
      if (first === -1) continue;
      const label = r.norms[first]!;
      if (/第二十条/.test(label) && !isValueLike(r.cells[first]!)) {
        columns = [];
        continue;
      }
      if (/信息内容/.test(label)) {
        // Header: each named column once (a merged header cell repeats over the positions it covers).
        columns = [];
        r.norms.forEach((n, index) => {
          if (index <= first) return;
          const col = columnOf(n);
          if (col && !columns.some((c) => c.col.id === col.id)) columns.push({ col, index });
        });
        continue;
      }
      const rowId = rowOf(label);
      if (!rowId) {
        if (r.cells.slice(first + 1).some((c) => isValueLike(c))) {
          out.finding({ rule: 't2.unknown_row', severity: 'info', message: `table 2 row "${label}" is not on the national forms; not read`, keys: [] });
        }
        continue;
      }
      if (columns.length === 0) {
        out.finding({ rule: 't2.no_header', severity: 'warning', message: `table 2 row "${label}" has no 信息内容 header above it; not read`, keys: [] });
        continue;
      }
      found = true;
      const keys = columns.map((c) => `t2.${rowId}.${c.col.id}`);
      const unknown = keys.filter((k) => !KEY_BY_NAME.has(k));
      if (unknown.length) {
        out.finding({
          rule: 't2.unexpected_cell',
          severity: 'info',
          message: `table 2 cells not on either form: ${unknown.join(', ')}; not read`,
          keys: unknown,
        });
      }
      if (KEY_BY_NAME.get(keys[0]!)?.local) {
        out.finding({ rule: 't2.local_row', severity: 'info', message: `table 2 has the local row "${label}" (kept)`, keys });
      }
      const cells =
        r.geometry === 'grid'
          ? columns.map((c) => ({ text: r.cells[c.index] ?? '', block: r.block, row: r.row, col: c.index }))
          : r.cells
              .map((text, col) => ({ text, block: r.block, row: r.row, col }))
              .slice(first + 1)
              .filter((c) => c.text.trim() !== '');
      if (cells.length !== columns.length) {
        out.shape(
          keys.filter((k) => KEY_BY_NAME.has(k)),
          label,
          cells.map((c) => c.text),
          columns.length,
          r,
        );
        continue;
      }
      columns.forEach((c, i) => {
        const key = keys[i]!;
        if (!KEY_BY_NAME.has(key)) return;
        if (c.col.id === 'amount_wan' && c.col.unit === null && !/万?元/.test(cells[i]!.text)) {
          out.value(key, null, cells[i]!.text, { block: r.block, row: r.row, col: cells[i]!.col });
          out.finding({
            rule: 't2.amount_unit_unknown',
            severity: 'warning',
            message: `${label}: the amount has no unit in its header or cell; not converted to 万元 and left null`,
            keys: [key],
          });
          return;
        }
        out.cell(key, cells[i]!, c.col.id === 'amount_wan' ? c.col.unit : undefined);
      });
    }
  }
  return found;
}
