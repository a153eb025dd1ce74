// Table 2 (主动公开政府信息情况): small groups under 第二十条第（N）项, each with a 信息内容 header naming its columns and
// rows named 规章, 行政许可 …. Columns come from each group's header (glued header text too), so both forms, local rows
// (Beijing's 行政检查/行政确认) and a missing row land under the right keys. The form has no identities here: a glued
// run is read only when it can be cut one way.
import type { Collector } from '../collector.js';
import { KEY_BY_NAME, statutoryKeys, T2_ROWS } from '../../../domain/codebook.js';
import type { TemplateId } from '../../../domain/values.js';
import { isValueLike, readCell } from '../read-cell.js';
import { bareLabel } from './labels.js';
import { type CellRead, rowOptions } from './rows.js';
import { emit } from './table-4.js';
import type { Line, Token } from './tokens.js';

/** Row names of table 2 (规章 = regulations …) after normalisation, with numbering stripped. */
const ROWS: [RegExp, string][] = [
  [/^规章$/, 'regulations'],
  [/规范性文件$/, 'normative_docs'],
  [/^行政许可$/, 'licensing'],
  // Long names may be wrapped in a PDF line (其他对外管理服 / 务事项): their first characters are enough.
  [/^其他对外管理/, 'other_services'],
  [/^行政处罚$/, 'penalty'],
  [/^行政强制$/, 'coercion'],
  [/^行政事业性收(费)?$/, 'admin_fees'],
  [/^政府集中采(购)?$/, 'procurement'],
  [/^行政检查$/, 'inspection'],
  [/^行政确认$/, 'confirmation'],
];

interface Column {
  id: string;
  /** The unit an amount column's header states: 万元, 元, or null when it states none. */
  unit: '万元' | '元' | null;
}

/** Column header words, most specific first (本年制发件数 = issued this year …). */
const COLUMN_WORDS: [RegExp, string][] = [
  [/(本年)?制发件数?/, 'issued'],
  [/(本年)?废止件数?/, 'repealed'],
  [/现行有效(件数?)?/, 'in_force'],
  [/本年新制作数量|新制作数量/, 'new_made'],
  [/本年新公开数量|新公开数量/, 'new_published'],
  [/对外公开总数量/, 'total_published'],
  [/上一年项目数量/, 'prev_items'],
  [/本年增\/?减|增减/, 'change'],
  [/采购项目数量/, 'projects'],
  [/(本年)?处理决定数量|决定数量/, 'decisions'],
  [/(本年)?收费金额(\([^)]*\))?/, 'fee_amount'],
  [/采购总金额(\([^)]*\))?/, 'procurement_amount'],
];
const COLUMN_ANY = new RegExp(COLUMN_WORDS.map(([re]) => `(?:${re.source})`).join('|'), 'g');

function columnOf(n: string): Column | null {
  const unit = /万元/.test(n) ? '万元' : /元/.test(n) ? '元' : null;
  for (const [re, id] of COLUMN_WORDS) {
    if (!re.test(n)) continue;
    // The 2021 form prints 本年收费金额（单位：万元）: 万元 is the form's unit even where a site drops the note.
    if (id === 'fee_amount') return { id: 'amount_wan', unit: unit ?? '万元' };
    if (id === 'procurement_amount') return { id: 'amount_wan', unit };
    return { id, unit: null };
  }
  return null;
}

function rowOf(text: string): string | null {
  const { bare } = bareLabel(text);
  for (const [re, id] of ROWS) if (re.test(bare)) return id;
  // A row name with one character wrong (行政处伐) is still that row when nothing else is close.
  const close = T2_ROWS.filter((r) => {
    const name = r.id === 'normative_docs' ? '行政规范性文件' : r.label;
    if (Math.abs(name.length - bare.length) > 1 || bare.length < 4) return false;
    let same = 0;
    for (let i = 0; i < Math.min(name.length, bare.length); i++) if (name[i] === bare[i]) same++;
    return same >= name.length - 1;
  });
  return close.length === 1 ? close[0]!.id : null;
}

export function decodeTable2(lines: Line[], template: TemplateId, out: Collector): boolean {
  /** `x`, `line`: where a header word of running text was printed (PDF text layers), to put wrapped headers in order. */
  let columns: { col: Column; index: number; x?: number; line?: number }[] = [];
  /** Running text between 信息内容 and the first row: the column words. */
  let inHeader = false;
  /** Column words of running text seen before 信息内容 (a header whose top line holds only them). */
  let before: { col: Column; t: Token; at: number }[] = [];
  let found = false;
  const readRow = (rowId: string, label: string, cells: CellRead[] | null, nums: Token[] | null, at: { block: number; row: number }) => {
    placeHeader();
    if (columns.length === 0) {
      // Its cells are absent: named (where the template is known), so that each absent number has a finding.
      const keys = template === '2019' || template === '2021' ? statutoryKeys(template, 't2').filter((k) => k.key.startsWith(`t2.${rowId}.`)) : [];
      out.finding({
        rule: 't2.no_header',
        severity: 'warning',
        message: `table 2 row "${label}" has no 信息内容 header above it; not read`,
        keys: keys.map((k) => k.key),
      });
      return;
    }
    found = true;
    const keys = columns.map((c) => `t2.${rowId}.${c.col.id}`);
    const unknown = keys.filter((k) => !KEY_BY_NAME.has(k));
    if (unknown.length)
      out.finding({
        rule: 't2.unexpected_cell',
        severity: 'info',
        message: `table 2 cells not on either form: ${unknown.join(', ')}; not read`,
        keys: unknown,
      });
    if (KEY_BY_NAME.get(keys[0]!)?.local) out.finding({ rule: 't2.local_row', severity: 'info', message: `table 2 has the local row "${label}" (kept)`, keys });
    let values = cells;
    if (!values) {
      const task = { slot: { id: rowId, kind: 'row' as const, labels: [label], distinctive: null, numbering: null, width: keys.length }, keys, label, at };
      const row = rowOptions(task, nums!, null, null);
      if (row.options.length === 1) values = row.options[0]!;
      else if (row.failure?.rule === 'decode.ambiguous') {
        const named = keys.filter((k) => KEY_BY_NAME.has(k));
        out.finding({ ...row.failure, keys: named });
        for (const k of named)
          out.undecided(
            k,
            nums!.map((t) => t.text).join(' '),
            nums![0]!.span ? { block: at.block, span: nums![0]!.span, method: 'split' } : { block: at.block, row: at.row, col: -1, method: 'split' },
            'ambiguous',
          );
        return;
      } else if (row.options.length > 1) {
        const shown = row.options.slice(0, 6).map((o) => o.map((c) => c.value).join('|'));
        out.finding({
          rule: 'decode.ambiguous',
          severity: 'warning',
          message: `table 2 row "${label}": ${nums!.map((t) => t.text).join(' ')} can be cut into ${keys.length} cells in ${row.options.length} ways (${shown.join('; ')}), and table 2 has no identity to choose; its cells are null`,
          keys: keys.filter((k) => KEY_BY_NAME.has(k)),
        });
        for (const k of keys) if (KEY_BY_NAME.has(k)) out.undecided(k, nums!.map((t) => t.text).join(' '), row.options[0]![0]!.prov, 'ambiguous');
        return;
      } else {
        out.shape(
          keys.filter((k) => KEY_BY_NAME.has(k)),
          label,
          nums!.map((t) => t.text),
          columns.length,
          at,
        );
        return;
      }
    }
    columns.forEach((c, i) => {
      const key = keys[i]!;
      if (!KEY_BY_NAME.has(key)) return;
      const cell = values![i]!;
      if (c.col.id === 'amount_wan' && c.col.unit === null && !/万?元/.test(cell.raw)) {
        out.value(key, null, cell.raw, cell.prov);
        out.finding({
          rule: 't2.amount_unit_unknown',
          severity: 'warning',
          message: `${label}: the amount has no unit in its header or cell; not converted to 万元 and left null`,
          keys: [key],
        });
        return;
      }
      emit(out, key, cell, c.col.id === 'amount_wan' ? c.col.unit : undefined);
    });
  };

  // A header printed in a PDF wraps each cell on its own: the words of a short cell can come a line below those of the
  // cells beside it (本年废止件 现行有效件 / 本年制发件数 / 数 数). Reading order is then not column order; where
  // every word's place is known, the columns go left to right, else a header over several lines is not trusted.
  const placeHeader = () => {
    const lines = new Set(columns.map((c) => c.line));
    if (columns.length < 2 || lines.size < 2 || lines.has(undefined)) return;
    if (columns.every((c) => c.x !== undefined)) {
      columns = [...columns].sort((a, b) => a.x! - b.x!).map((c, index) => ({ col: c.col, index }));
      return;
    }
    out.finding({
      rule: 't2.header_order',
      severity: 'warning',
      message: `table 2 header ${columns.map((c) => c.col.id).join(', ')} is printed over several lines with no positions to order it; its rows are not read`,
      keys: [],
    });
    columns = [];
  };
  const headerWord = (col: Column, t: Token, at: number) => {
    if (columns.some((c) => c.col.id === col.id)) return;
    columns.push({ col, index: columns.length, line: t.line, x: t.box ? t.box[0] + at * 1e-3 : undefined });
  };

  for (const line of lines) {
    if (line.geometry === 'grid' || line.geometry === 'loose') {
      const cells = line.cells!;
      const norms = cells.map((c) => c.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, ''));
      const first = norms.findIndex((n) => n !== '');
      if (first === -1) continue;
      const labelText = norms[first]!;
      if (/第二十条/.test(labelText) && !isValueLike(cells[first]!)) {
        columns = [];
        continue;
      }
      if (/信息内容/.test(labelText)) {
        columns = [];
        norms.forEach((n, index) => {
          if (index <= first) return;
          const col = columnOf(n);
          if (col && !columns.some((c) => c.col.id === col.id)) columns.push({ col, index });
        });
        continue;
      }
      const rowId = rowOf(cells[first]!);
      if (!rowId) {
        if (cells.slice(first + 1).some((c) => isValueLike(c))) {
          out.finding({ rule: 't2.unknown_row', severity: 'info', message: `table 2 row "${labelText}" is not on the national forms; not read`, keys: [] });
        }
        continue;
      }
      const at = { block: line.block, row: line.row };
      if (line.geometry === 'grid') {
        const read = columns.map((c) => {
          const text = cells[c.index] ?? '';
          const v = readCell(text, 'count');
          return {
            value: v.value,
            raw: text,
            prov: { block: line.block, row: line.row, col: c.index, method: 'grid' as const },
            status: v.status,
          } satisfies CellRead;
        });
        readRow(rowId, labelText, read, null, at);
      } else {
        readRow(
          rowId,
          labelText,
          null,
          line.tokens.filter((t) => t.kind === 'num'),
          at,
        );
      }
      continue;
    }
    // Running text: captions, headers (possibly glued into one label: 信息内容本年制发件数…规章, or one cell each in a
    // Markdown row) and rows.
    const tokens = line.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'label' || t.prose) continue;
      let text = t.text.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '');
      const caption = /第二十条第[(（]?[一二三四五六七八九十]+[)）]?项/.exec(text);
      if (caption) {
        columns = [];
        before = [];
        inHeader = false;
        text = text.slice(caption.index + caption[0].length);
      }
      const header = text.indexOf('信息内容');
      if (header !== -1) {
        // A PDF line can print header cells wrapped out of order (本年制发件数 本年废止件 现行有效件信息内容 数 数),
        // or on a line of their own above 信息内容: the column words on either side of 信息内容 are the header.
        columns = [];
        for (const w of before) headerWord(w.col, w.t, w.at);
        before = [];
        inHeader = true;
        let end = header + 4;
        for (const m of text.matchAll(COLUMN_ANY)) {
          const col = columnOf(m[0]);
          if (col) headerWord(col, t, m.index);
          end = Math.max(end, m.index + m[0].length);
        }
        text = text.slice(end).replace(/^数+/, '');
      }
      if (inHeader) {
        let end = 0;
        for (const m of text.matchAll(COLUMN_ANY)) {
          const col = columnOf(m[0]);
          if (col) headerWord(col, t, m.index);
          end = m.index + m[0].length;
        }
        text = text.slice(end);
        if (!text) continue;
        inHeader = false;
      }
      if (!text) continue;
      // Words that are only column names, before any 信息内容: the header's top line, kept for it.
      const words = [...text.matchAll(COLUMN_ANY)];
      if (words.length > 0 && text.replace(COLUMN_ANY, '').replace(/数/g, '') === '') {
        for (const m of words) {
          const col = columnOf(m[0]);
          if (col) before.push({ col, t, at: m.index });
        }
        continue;
      }
      const rowId = rowOf(text);
      if (!rowId) continue;
      before = [];
      const nums: Token[] = [];
      for (let k = i + 1; k < tokens.length && tokens[k]!.kind === 'num'; k++) nums.push(tokens[k]!);
      if (nums.length === 0) continue;
      readRow(rowId, text, null, nums, { block: t.block, row: t.row });
    }
  }
  return found;
}
