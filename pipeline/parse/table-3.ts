// Table 3 (收到和处理政府信息公开申请情况): rows found by their label, columns by their header.
// Grid tables map each column by its header cell, so a blank or an extra column shifts nothing; tables recovered
// from flattened text are read as label → the values that follow it, and a row with the wrong count is null.
import type { TemplateId } from '../../domain/values.js';
import type { Collector } from './collector.js';
import { T3_COLUMNS, t3Key } from '../../domain/codebook.js';
import { isValueLike } from './read-cell.js';
import type { RowRef, TablePart } from './segment-tables.js';

type Group = 'withheld' | 'unable' | 'rejected' | 'other';

export type T3Label =
  | { kind: 'row'; row: string }
  | { kind: 'group'; group: Group; pseudoRow: string }
  | { kind: 'results' }
  | { kind: 'column'; col: string }
  | { kind: 'header' };

/** Distinctive substrings of each row label after normalization (domain/annual-report-format.md §7). */
const ROW_PATTERNS: [RegExp, string][] = [
  [/本年新收/, 'new_received'],
  [/上年结转/, 'carried_over'],
  [/结转下年度/, 'carried_forward'],
  [/予以公开/, 'granted'],
  [/部分公开/, 'partial'],
  [/国家秘密/, 'withheld_state_secret'],
  [/禁止公开/, 'withheld_law_prohibited'],
  [/三安全|一稳定/, 'withheld_security_stability'],
  [/第三方/, 'withheld_third_party'],
  [/内部事务/, 'withheld_internal_affairs'],
  [/过程性/, 'withheld_process_info'],
  [/执法案卷/, 'withheld_enforcement_file'],
  [/行政查询/, 'withheld_admin_query'],
  [/不掌握/, 'unable_not_held'],
  [/另行制作/, 'unable_needs_creation'],
  [/不明确/, 'unable_unclear'],
  [/信访|举报投诉/, 'rejected_petition'],
  [/大量反复/, 'rejected_mass_repeat'],
  [/重复申请/, 'rejected_repeat'],
  [/出版物/, 'rejected_publication'],
  [/重新出具|确认或/, 'rejected_confirm_reissue'],
  [/不补正/, 'other_no_correction'],
  [/缴纳费用|收费通知/, 'other_unpaid_fee'],
];

const GROUP_PATTERNS: [RegExp, Group, string][] = [
  [/不予公开$/, 'withheld', 'withheld_subtotal'],
  [/无法提供$/, 'unable', 'unable_subtotal'],
  [/不予处理$/, 'rejected', 'rejected_subtotal'],
  [/其他处理$/, 'other', 'other_total'],
];

const COLUMN_PATTERNS: [RegExp, string][] = [
  [/自然人/, 'natural_person'],
  [/商业企业/, 'org_commercial'],
  [/科研机构/, 'org_research'],
  [/社会公益组织|公益组织/, 'org_public_interest'],
  [/法律服务机构/, 'org_legal_service'],
  [/^其他$|^其它$/, 'org_other'],
  [/^(总计|合计)$/, 'total'],
];

/** Strips leading numbering such as （七）, 3., 四、 before comparing short labels. */
const stripNumber = (n: string) => n.replace(/^(\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+[、.]|\d+[.、])/, '');

export function matchT3Label(n: string, state: { inData: boolean; group: Group | null; lastRow?: string | null }): T3Label | null {
  if (!n) return null;
  for (const [re, row] of ROW_PATTERNS) if (re.test(n)) return { kind: 'row', row };
  for (const [re, group, pseudoRow] of GROUP_PATTERNS) if (re.test(n)) return { kind: 'group', group, pseudoRow };
  if (/办理结果/.test(n)) return { kind: 'results' };
  const bare = stripNumber(n);
  if (state.inData) {
    if (/^(总计|合计)$/.test(bare)) return { kind: 'row', row: 'total' };
    // 3.其他 belongs to （六）: known from its group cell, or from the row before it when that cell is lost.
    const afterOther = state.lastRow === 'other_no_correction' || state.lastRow === 'other_unpaid_fee';
    if (/^(其他|其它)$/.test(bare) && (state.group === 'other' || afterOther)) return { kind: 'row', row: 'other_misc' };
  } else {
    for (const [re, col] of COLUMN_PATTERNS) if (re.test(bare)) return { kind: 'column', col };
    if (/勾稽关系|申请人情况|法人或(者)?其他组织|^申请人$/.test(n)) return { kind: 'header' };
  }
  return null;
}

interface ReadState {
  inData: boolean;
  group: Group | null;
  /** The last row read: 3.其他 after （六）1 and 2 is （六）3 even when its group cell was lost. */
  lastRow: string | null;
}

interface RowValues {
  key: string;
  label: string;
  cells: { text: string; block: number; row: number; col: number }[];
  ref: { block: number; row: number };
}

/** Column index → column id from the header rows of a grid block; null unless all seven columns are found once. */
function columnMap(headerRows: RowRef[]): Map<string, number> | null {
  const found = new Map<string, Set<number>>();
  for (const r of headerRows) {
    r.norms.forEach((n, i) => {
      const m = matchT3Label(n, { inData: false, group: null });
      if (m?.kind !== 'column') return;
      const set = found.get(m.col) ?? new Set<number>();
      set.add(i);
      found.set(m.col, set);
    });
  }
  const map = new Map<string, number>();
  for (const col of T3_COLUMNS) {
    // A merged header cell covers consecutive positions (a spreadsheet widens columns this way): take its first.
    const idx = [...(found.get(col.id) ?? [])].sort((a, b) => a - b);
    if (idx.length === 0 || idx.at(-1)! - idx[0]! !== idx.length - 1) return null;
    map.set(col.id, idx[0]!);
  }
  if (new Set(map.values()).size !== T3_COLUMNS.length) return null;
  return map;
}

export interface T3Result {
  found: boolean;
  rows: Set<string>;
}

export function readTable3(parts: TablePart[], template: TemplateId, out: Collector): T3Result {
  const seen = new Set<string>();
  const state: ReadState = { inData: false, group: null, lastRow: null };
  let lastMap: Map<string, number> | null = null;

  const emit = (rv: RowValues, mode: 'grid' | 'loose') => {
    if (rv.cells.length === 0) return;
    const rowId = rv.key;
    state.lastRow = rowId;
    if (seen.has(rowId)) {
      out.finding({ rule: 't3.duplicate_row', severity: 'info', message: `table 3 row "${rv.label}" appears twice; the first was kept`, keys: [] });
      return;
    }
    seen.add(rowId);
    const keys = T3_COLUMNS.map((c) => t3Key(rowId, c.id));
    if (mode === 'loose' && rv.cells.length !== T3_COLUMNS.length) {
      out.shape(
        keys,
        rv.label,
        rv.cells.map((c) => c.text),
        T3_COLUMNS.length,
        rv.ref,
      );
      return;
    }
    T3_COLUMNS.forEach((c, i) => out.cell(t3Key(rowId, c.id), rv.cells[i]!));
    if (rowId.endsWith('_subtotal')) {
      out.finding({
        rule: 't3.subtotal_row',
        severity: 'info',
        message: `table 3 has a subtotal row "${rv.label}" (not on the national form); kept as ${rowId}`,
        keys,
      });
    }
    if (rowId === 'other_total' && template === '2021') {
      out.finding({ rule: 't3.other_single_row', severity: 'info', message: 'row （六）其他处理 has numbers of its own, as on the 2019 form', keys });
    }
  };

  for (const part of parts) {
    if (part.geometry === 'grid') {
      const firstData = part.rows.findIndex((r) => r.norms.some((n) => /本年新收|上年结转|予以公开/.test(n)));
      const header = firstData === -1 ? part.rows : part.rows.slice(0, firstData);
      let map = columnMap(header);
      // The second half of a split table has no header: reuse the first half's columns only if every row
      // keeps its labels left of them and its values under them.
      if (!map && lastMap && fitsColumns(part.rows, lastMap)) map = lastMap;
      if (map) {
        lastMap = map;
        readGridPart(part, map, firstData === -1 ? part.rows.length : firstData, state, emit, out);
        state.inData = true;
        continue;
      }
      out.finding({
        rule: 't3.columns_unrecognised',
        severity: 'info',
        message: 'a part of table 3 has no column header of its own; read as label → values',
        keys: [],
      });
    }
    readLoosePart(part, state, emit, out);
  }
  return { found: parts.length > 0 && seen.size > 0, rows: seen };
}

function fitsColumns(rows: RowRef[], map: Map<string, number>): boolean {
  const first = Math.min(...map.values());
  const cols = new Set(map.values());
  return rows.every(
    (r) =>
      r.cells.slice(0, first).every((c) => !isValueLike(c)) &&
      r.cells.every((c, i) => cols.has(i) || i < first || c.trim() === '') &&
      [...cols].every((i) => (r.cells[i] ?? '').trim() === '' || isValueLike(r.cells[i]!)),
  );
}

function readGridPart(
  part: TablePart,
  map: Map<string, number>,
  start: number,
  state: ReadState,
  emit: (rv: RowValues, mode: 'grid' | 'loose') => void,
  out: Collector,
): void {
  const firstValueCol = Math.min(...map.values());
  for (const r of part.rows.slice(start)) {
    // Label cells are left of the first value column; merged cells repeat, so the row's own label is the rightmost
    // distinct one. Cells further left give the group (（三）不予公开 …) that a bare "3.其他" belongs to.
    const labels = r.norms.slice(0, firstValueCol);
    for (const n of labels) {
      const m = matchT3Label(n, { ...state, inData: true });
      if (m?.kind === 'group') state.group = m.group;
    }
    const ownIndex = labels.findLastIndex((n) => n !== '');
    const own = ownIndex === -1 ? null : matchT3Label(labels[ownIndex]!, { ...state, inData: true });
    const label = ownIndex === -1 ? '' : r.cells[ownIndex]!;
    let row: string | null = own?.kind === 'row' ? own.row : null;
    const pseudo = own?.kind === 'group' ? own.pseudoRow : null;
    const cells = T3_COLUMNS.map((c) => {
      const col = map.get(c.id)!;
      return { text: r.cells[col] ?? '', block: r.block, row: r.row, col };
    });
    const hasValues = cells.some((c) => c.text.trim() !== '');
    if (!row && pseudo && hasValues) row = pseudo;
    if (!row) {
      if (hasValues && cells.some((c) => isValueLike(c.text)) && own?.kind !== 'results') {
        out.finding({
          rule: 't3.unknown_row',
          severity: 'info',
          message: `table 3 row with values but an unrecognised label "${label.replace(/\s+/g, '')}"; not read`,
          keys: [],
        });
      }
      continue;
    }
    emit({ key: row, label: label.replace(/\s+/g, ''), cells, ref: { block: r.block, row: r.row } }, 'grid');
  }
}

function readLoosePart(part: TablePart, state: ReadState, emit: (rv: RowValues, mode: 'grid' | 'loose') => void, out: Collector): void {
  let current: RowValues | null = null;
  let stray = 0;
  const finish = () => {
    if (current) emit(current, 'loose');
    current = null;
  };
  for (const r of part.rows) {
    r.cells.forEach((text, col) => {
      const n = r.norms[col]!;
      if (n === '') return;
      const m = matchT3Label(n, state);
      if (m) {
        finish();
        if (m.kind === 'row') {
          state.inData = true;
          current = { key: m.row, label: n, cells: [], ref: { block: r.block, row: r.row } };
        } else if (m.kind === 'group') {
          state.inData = true;
          state.group = m.group;
          current = { key: m.pseudoRow, label: n, cells: [], ref: { block: r.block, row: r.row } };
        } else if (m.kind === 'results') state.inData = true;
        return;
      }
      if (isValueLike(text)) {
        if (current) current.cells.push({ text, block: r.block, row: r.row, col });
        else stray++;
        return;
      }
      finish();
      if (state.inData) {
        out.finding({ rule: 't3.unknown_row', severity: 'info', message: `table 3 label not recognised: "${n}"`, keys: [] });
      }
    });
  }
  finish();
  if (stray > 0) {
    out.finding({ rule: 't3.stray_values', severity: 'info', message: `${stray} value cells in table 3 follow no row label and were not used`, keys: [] });
  }
}
