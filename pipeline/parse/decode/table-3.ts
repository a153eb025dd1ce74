// Table 3 (收到和处理政府信息公开申请情况) decoded against its skeleton: labels aligned to the form's rows, numbers
// from mapped grid columns, from the row's own line, or from the layout the identities confirm; glued runs cut.
import type { TemplateId } from '../../../domain/values.js';
import type { Collector } from '../collector.js';
import { KEY_BY_NAME, T3_COLUMNS, T3_ROWS, t3Key } from '../../../domain/codebook.js';
import { isValueLike, readCell } from '../read-cell.js';
import { identities, type Slot, T3_WIDTH, t3Slots } from '../../../domain/skeleton.js';
import { alignLabels, type AlignedRow } from './align.js';
import { type CellRead, decideRows, layoutHypotheses, rowOptions, type RowOptions, type RowTask, shapeFinding } from './rows.js';
import type { Line, Token } from './tokens.js';

const COLUMN_PATTERNS: [RegExp, string][] = [
  [/自然人/, 'natural_person'],
  [/商业企业/, 'org_commercial'],
  [/科研机构/, 'org_research'],
  [/社会公益组织|公益组织/, 'org_public_interest'],
  [/法律服务机构/, 'org_legal_service'],
  [/^其他$/, 'org_other'],
  [/^(总计|合计)$/, 'total'],
];
/** Header words of table 3 (申请人情况, 自然人 …): never a row's label. */
const HEADER_WORD = /^(自然人|商业企业|科研机构|社会公益组织|公益组织|法律服务机构|其他|总计|合计|法人或其他组织|申请人情况|申请人|单位件)$|勾稽关系/;
/** Labels of the first rows: the table's data starts here. */
const DATA_START = /本年新收|上年结转|予以公开/;

/** Column index → column id from the header rows of a grid block; null unless all seven columns are found once. */
function columnMap(headerRows: Line[]): Map<string, number> | null {
  const found = new Map<string, Set<number>>();
  for (const line of headerRows) {
    line.cells!.forEach((cell, i) => {
      const bare = cell
        .normalize('NFKC')
        .replace(/[\s\u00a0\u3000]+/g, '')
        .replace(/^\d+[.、]|^\([一二三四五六七八九十]+\)/, '')
        .replace(/其它/g, '其他');
      for (const [re, col] of COLUMN_PATTERNS) {
        if (!re.test(bare)) continue;
        const set = found.get(col) ?? new Set<number>();
        set.add(i);
        found.set(col, set);
      }
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

/** A header-less continuation of a grid table keeps the previous part's columns when its labels and values fit them. */
function fitsColumns(lines: Line[], map: Map<string, number>): boolean {
  const first = Math.min(...map.values());
  const cols = new Set(map.values());
  return lines.every(
    (l) =>
      l.cells!.slice(0, first).every((c) => !isValueLike(c)) &&
      l.cells!.every((c, i) => cols.has(i) || i < first || c.trim() === '') &&
      [...cols].every((i) => (l.cells![i] ?? '').trim() === '' || isValueLike(l.cells![i]!)),
  );
}

const rowSum = (v: number[]) => v.slice(0, 6).reduce((s, x) => s + x, 0) === v[6];

export function decodeTable3(lines: Line[], template: TemplateId, out: Collector): boolean {
  if (lines.length === 0) return false;
  const variant = template === '2019' ? '2019' : '2021';
  const slots = t3Slots(variant);

  // Grid blocks: their header rows map the columns; a header-less continuation keeps the previous map.
  const maps = new Map<Line, Map<string, number>>();
  const headerLines = new Set<Line>();
  let lastMap: Map<string, number> | null = null;
  const byBlock = new Map<number, Line[]>();
  for (const l of lines) {
    if (l.geometry !== 'grid') continue;
    const list = byBlock.get(l.block);
    if (list) list.push(l);
    else byBlock.set(l.block, [l]);
  }
  for (const blockLines of byBlock.values()) {
    const firstData = blockLines.findIndex((l) => l.tokens.some((t) => t.kind === 'label' && DATA_START.test(t.bare)));
    const header = firstData === -1 ? blockLines : blockLines.slice(0, firstData);
    const own = columnMap(header);
    let map = own;
    let body = firstData === -1 ? [] : blockLines.slice(firstData);
    if (own) header.forEach((l) => headerLines.add(l));
    else if (lastMap && fitsColumns(blockLines, lastMap)) {
      map = lastMap;
      body = blockLines;
    }
    if (!map) {
      out.finding({
        rule: 't3.columns_unrecognised',
        severity: 'info',
        message: 'a part of table 3 has no column header of its own; read as label → values',
        keys: [],
      });
      continue;
    }
    lastMap = map;
    for (const l of body) maps.set(l, map);
  }

  // Every token in reading order; header words before the data are not labels of rows.
  const tokens: Token[] = [];
  for (const l of lines) if (!headerLines.has(l)) for (const t of l.tokens) tokens.push(t);
  // Header words (自然人 … 其他, 总计) carry no numbering and come before the rows; a row label such as （七）总计 or
  // 3.其他 has its numbering, and rows printed out of order may come first.
  const firstDataLine = tokens.find((t) => t.kind === 'label' && (DATA_START.test(t.bare) || t.numbering !== null))?.line ?? -1;
  const isHeader = (t: Token) => t.numbering === null && HEADER_WORD.test(t.bare) && (firstDataLine === -1 || t.line <= firstDataLine);
  const labels = tokens.filter((t) => t.kind === 'label' && !isHeader(t));
  const aligned = alignLabels(`t3-${variant}`, slots, labels);
  if (aligned.length === 0) return false;

  const keysOf = (slot: Slot) => T3_COLUMNS.map((c) => t3Key(slot.id, c.id));
  const taskOf = (r: AlignedRow): RowTask => ({
    slot: r.slot,
    keys: keysOf(r.slot),
    label: r.tokens
      .map((t) => t.text)
      .join('')
      .replace(/\s+/g, ''),
    at: { block: r.tokens.at(-1)!.block, row: r.tokens.at(-1)!.row },
  });
  const lineOf = new Map<number, Line>();
  for (const l of lines) if (l.tokens.length > 0) lineOf.set(l.tokens[0]!.line, l);
  const rowsOnLine = new Map<Line, AlignedRow[]>();
  /** Rows with any label token on a line (by line number). */
  const touching = new Map<number, Set<AlignedRow>>();
  for (const r of aligned) {
    const l = lineOf.get(r.tokens.at(-1)!.line)!;
    const onLine = rowsOnLine.get(l);
    if (onLine) onLine.push(r);
    else rowsOnLine.set(l, [r]);
    for (const t of r.tokens) {
      const set = touching.get(t.line) ?? new Set<AlignedRow>();
      set.add(r);
      touching.set(t.line, set);
    }
  }

  // The label printed right after a glued run: its slot's numbering says whether the run's last digit is that
  // label's number ("…0000002.其他法律…").
  const position = new Map<Token, number>();
  tokens.forEach((t, i) => position.set(t, i));
  const slotOfToken = new Map<Token, Slot>();
  for (const r of aligned) slotOfToken.set(r.tokens[0]!, r.slot);
  const numberingAfter = (nums: Token[]): number | null => {
    const last = nums.at(-1);
    if (!last?.gluedNumbering) return null;
    const next = tokens[(position.get(last) ?? -2) + 1];
    const slot = next ? slotOfToken.get(next) : undefined;
    return slot?.numbering?.kind === 'arabic' ? slot.numbering.n : null;
  };
  const fixed: RowOptions[] = [];
  const done = new Set<AlignedRow>();
  const consumed = new Set<Token>();
  const orphans: { line: Line; cells: CellRead[] }[] = [];

  // 1. Grid rows under mapped columns: the row's own (rightmost) label takes the values.
  for (const [line, map] of maps) {
    const here = (rowsOnLine.get(line) ?? []).filter((r) => r.tokens.every((t) => t.line === line.tokens[0]?.line));
    const own = here.filter((r) => r.slot.kind === 'row').at(-1) ?? here.at(-1);
    const cells = T3_COLUMNS.map((c) => {
      const col = map.get(c.id)!;
      const text = line.cells![col] ?? '';
      // Most cells are plain integers; the collector reads every cell again with its unit when it records it.
      const v = /^\d{1,9}$/.test(text) ? { value: Number(text), status: 'ok' as const } : readCell(text, 'count');
      return { value: v.value, raw: text, prov: { block: line.block, row: line.row, col, method: 'grid' as const }, status: v.status } satisfies CellRead;
    });
    for (const t of line.tokens) if (t.kind === 'num') consumed.add(t);
    const hasValues = cells.some((c) => c.raw.trim() !== '');
    if (!own) {
      if (hasValues && cells.some((c) => isValueLike(c.raw))) orphans.push({ line, cells });
      continue;
    }
    here.forEach((r) => done.add(r));
    if (own.slot.kind === 'caption' && !hasValues) continue;
    fixed.push({ task: taskOf(own), options: [cells], asPrinted: true });
  }

  // 2. A line (a table row, or a short line of text) that holds one row's label and numbers: they go together,
  // whatever their order on the line.
  for (const line of lines) {
    if (maps.has(line) || headerLines.has(line)) continue;
    const here = (rowsOnLine.get(line) ?? []).filter((r) => !done.has(r));
    const nums = line.tokens.filter((t) => t.kind === 'num' && !consumed.has(t));
    const labelsHere = line.tokens.filter((t) => t.kind === 'label' && !t.prose);
    const others = [...(touching.get(line.tokens[0]?.line ?? -1) ?? [])].filter((r) => !here.includes(r));
    if (nums.length === 0) continue;
    if (here.length === 0) {
      // Values with a label that matches no row: kept aside, placed only if the identities confirm it.
      // (A table row may have lost its label altogether; a line of running text needs some label to be a row.)
      if ((labelsHere.length > 0 || line.geometry !== 'text') && others.length === 0 && nums.length === T3_WIDTH && nums.every((t) => !t.splittable)) {
        orphans.push({ line, cells: nums.map((t) => readNum(t)) });
      }
      continue;
    }
    const dataRows = here.filter((r) => r.slot.kind === 'row');
    const own = dataRows.length === 1 ? dataRows[0]! : dataRows.length === 0 && here.length === 1 ? here[0]! : null;
    if (!own || others.length > 0 || own.tokens.some((t) => t.line !== line.tokens[0]!.line)) continue;
    const certain = line.geometry === 'loose' || nums.length === T3_WIDTH;
    if (!certain) continue;
    here.forEach((r) => done.add(r));
    nums.forEach((t) => consumed.add(t));
    fixed.push(rowOptions(taskOf(own), nums, rowSum, numberingAfter(nums)));
  }

  // 3. The rest: numbers apart from their labels. Each layout hypothesis gives each row its numbers.
  const hyps = layoutHypotheses(
    aligned,
    tokens,
    consumed,
    done,
    () => T3_WIDTH,
    (n) => lineOf.get(n)?.geometry === 'loose',
  );
  const layouts: RowOptions[][] = hyps.map((a) => [...a.entries()].map(([r, nums]) => rowOptions(taskOf(r), nums, rowSum, numberingAfter(nums))));
  if (hyps.length > 1) {
    out.finding({
      rule: 'decode.layouts',
      severity: 'info',
      message: `table 3: ${hyps.length} layouts of labels and numbers fit as well; the identities decide between them`,
      keys: [],
    });
  }

  const decided = decideRows(
    fixed,
    layouts,
    () => {
      const present = new Set([...fixed, ...layouts.flat()].flatMap((r) => r.task.keys));
      return identities(template, (k) => present.has(k));
    },
    out,
    'table 3',
  );

  // Rows that could not be read: the finding of why, and null cells.
  const failures = [...fixed, ...(layouts.length === 1 ? layouts[0]! : [])].filter((r) => r.options.length === 0 && r.failure);
  for (const r of failures) {
    if (r.task.keys.some((k) => decided.has(k))) continue;
    if (r.failure!.rule === 'cells.row_shape') out.shape(r.task.keys, r.task.label, r.found ?? [], T3_WIDTH, r.task.at);
    else {
      out.finding(r.failure!);
      r.task.keys.forEach((k) => out.undecided(k, '', { block: r.task.at.block, row: r.task.at.row, col: -1, method: 'aligned' }, 'ambiguous'));
    }
  }

  // 4. A row whose label was not readable, between two rows that were: placed there only if its numbers make every
  // identity that involves it hold.
  placeOrphans(orphans, aligned, slots, decided, template, out, lineOf);
  guardCaptionRows(decided, aligned, template, out);
  // Labels wrap around their numbers only where text is laid out on a page (PDF text layers, OCR): there a missed label
  // can pass its numbers on. Text without positions keeps a label whole on its line.
  if (lines.some((l) => l.tokens.some((t) => t.page !== undefined)))
    confirmLayoutRows(decided, new Set(layouts.flat().map((r) => r.task.slot.id)), template, out);

  let any = false;
  for (const [key, cell] of decided) {
    if (!cell) continue;
    any = true;
    out.cell(
      key,
      'span' in cell.prov
        ? { block: cell.prov.block, span: cell.prov.span, text: cell.raw }
        : { block: cell.prov.block, row: cell.prov.row, col: cell.prov.col, text: cell.raw },
      undefined,
      cell.prov.method === 'text' ? 'aligned' : cell.prov.method,
    );
  }
  for (const r of [...fixed, ...layouts.flat()]) {
    if (r.task.slot.kind === 'caption' && r.task.keys.some((k) => decided.get(k))) {
      const sub = r.task.slot.id;
      out.finding(
        sub === 'other_total'
          ? template === '2021'
            ? { rule: 't3.other_single_row', severity: 'info', message: 'row （六）其他处理 has numbers of its own, as on the 2019 form', keys: r.task.keys }
            : { rule: 't3.other_single_row', severity: 'info', message: 'row （六）其他处理 read as one row', keys: [] }
          : {
              rule: 't3.subtotal_row',
              severity: 'info',
              message: `table 3 has a subtotal row "${r.task.label}" (not on the national form); kept as ${sub}`,
              keys: r.task.keys,
            },
      );
    }
  }
  return any || failures.length > 0 || fixed.length > 0;
}

const SUBTOTAL_GROUPS: [string, string][] = [
  ['withheld_subtotal', 'withheld'],
  ['unable_subtotal', 'unable'],
  ['rejected_subtotal', 'rejected'],
  ['other_total', 'other'],
];

/**
 * Numbers on a group's caption row and on 2021's 3.其他 are kept only where the form's structure confirms them. A caption
 * row's numbers are a subtotal only when its rows are read and sum to it: a caption glued to its first row's label
 * (（四）无1.本机关…, the national form's spanning caption cell printed beside the row) would otherwise take that row's
 * numbers. 2021's （六）其他处理 printed as one row is other_total (as on the 2019 form): a row taken as 3.其他 whose label
 * is the caption's (（六）…, …处理), or with neither 1. nor 2. above it, is that one row, never 3.其他.
 */
function guardCaptionRows(decided: Map<string, CellRead | null>, aligned: AlignedRow[], template: TemplateId, out: Collector): void {
  const keys = (id: string) => T3_COLUMNS.map((c) => t3Key(id, c.id));
  const read = (id: string) => keys(id).some((k) => decided.get(k));
  const alignedIds = new Set(aligned.map((r) => r.slot.id));
  const drop = (id: string, rule: string, message: string) => {
    const ks = keys(id);
    out.finding({ rule, severity: 'warning', message, keys: ks.filter((k) => KEY_BY_NAME.has(k)) });
    for (const k of ks) {
      const cell = decided.get(k);
      if (!cell) continue;
      if (KEY_BY_NAME.has(k)) out.undecided(k, cell.raw, cell.prov, 'ambiguous');
      decided.set(k, null);
    }
  };
  if (template === '2021' && read('other_misc') && !alignedIds.has('other_no_correction') && !alignedIds.has('other_unpaid_fee')) {
    const row = aligned.find((r) => r.slot.id === 'other_misc')!;
    const text = row.tokens.map((t) => t.text).join('');
    const caption = row.tokens[0]!.numbering?.kind === 'paren' || /处理/.test(text);
    if (caption && !read('other_total')) {
      keys('other_misc').forEach((k, i) => {
        decided.set(keys('other_total')[i]!, decided.get(k) ?? null);
        decided.set(k, null);
      });
      out.finding({
        rule: 't3.other_single_row',
        severity: 'info',
        message: `row "${text}" is （六）其他处理 printed as one row; read as other_total, the three 2021 sub-rows are absent`,
        keys: keys('other_total'),
      });
    } else {
      drop(
        'other_misc',
        't3.other_misc_unconfirmed',
        `row "${text}" was taken as （六）3.其他 but neither 1. nor 2. of （六） is printed above it: it may be （六）其他处理 printed as one row; not read`,
      );
    }
  }
  // A caption that is no subtotal (三、本年度办理结果) has no numbers of its own: any it took are a row's beside it.
  for (const r of aligned) {
    const id = r.slot.id;
    if (r.slot.kind !== 'caption' || SUBTOTAL_GROUPS.some(([sub]) => sub === id) || !read(id)) continue;
    drop(id, 't3.caption_values', `table 3 caption "${r.slot.labels[0]}" has no cells on the form; the numbers beside it are not read as its`);
  }
  for (const [sub, group] of SUBTOTAL_GROUPS) {
    if (!read(sub)) continue;
    const members = T3_ROWS.filter((r) => r.group === group && r.id !== 'other_total' && r.templates.includes(template)).map((r) => r.id);
    if (sub === 'other_total' && (template !== '2021' || members.every((m) => !alignedIds.has(m) && !read(m)))) continue;
    const confirmed = T3_COLUMNS.every((c) => {
      const total = decided.get(t3Key(sub, c.id))?.value;
      const parts = members.map((m) => decided.get(t3Key(m, c.id))?.value);
      return typeof total === 'number' && parts.every((v) => typeof v === 'number') && parts.reduce((a, v) => a! + v!, 0) === total;
    });
    if (!confirmed)
      drop(
        sub,
        't3.subtotal_unconfirmed',
        `table 3 caption row ${sub} has numbers that its rows do not sum to (or its rows are not all read): they may be its first row's; not read`,
      );
  }
}

/**
 * Rows whose numbers were printed apart from their labels (given to them by a layout hypothesis, not by their line)
 * are kept only when an identity across rows (balance, outcomes, subtotal) holds over them with every cell read: a
 * label the alignment missed (wrapped around its numbers in a narrow column) would otherwise pass its numbers on to
 * the next row found.
 */
function confirmLayoutRows(decided: Map<string, CellRead | null>, rows: Set<string>, template: TemplateId, out: Collector): void {
  if (rows.size === 0) return;
  const value = (k: string) => decided.get(k)?.value;
  const ids = identities(template, (k) => decided.get(k) !== undefined).filter((id) => id.rule !== 't3.row_sum');
  const holds = (id: (typeof ids)[number]) => {
    const all = [...id.left, ...id.right].map(value);
    if (all.some((v) => typeof v !== 'number')) return false;
    const sum = (ks: string[]) => ks.reduce((a, k) => a + value(k)!, 0);
    return Math.abs(sum(id.left) - sum(id.right)) < 1e-6;
  };
  const drop: string[] = [];
  for (const id of rows) {
    const keys = T3_COLUMNS.map((c) => t3Key(id, c.id));
    if (!keys.some((k) => decided.get(k))) continue;
    const involved = ids.filter((x) => [...x.left, ...x.right].some((k) => keys.includes(k)));
    if (!involved.some(holds)) drop.push(id);
  }
  for (const id of drop) {
    const keys = T3_COLUMNS.map((c) => t3Key(id, c.id));
    out.finding({
      rule: 't3.row_unconfirmed',
      severity: 'warning',
      message: `table 3 row ${id}: its numbers were printed apart from its label and no identity across rows confirms them; not read`,
      keys: keys.filter((k) => KEY_BY_NAME.has(k)),
    });
    for (const k of keys) {
      const cell = decided.get(k);
      if (!cell) continue;
      if (KEY_BY_NAME.has(k)) out.undecided(k, cell.raw, cell.prov, 'ambiguous');
      decided.set(k, null);
    }
  }
}

function readNum(t: Token): CellRead {
  const v = readCell(t.text, 'count');
  return {
    value: v.value,
    raw: t.text,
    prov: t.span ? { block: t.block, span: t.span, method: 'aligned' } : { block: t.block, row: t.row, col: t.col, method: 'aligned' },
    status: v.status,
  };
}

function placeOrphans(
  orphans: { line: Line; cells: CellRead[] }[],
  aligned: AlignedRow[],
  slots: Slot[],
  decided: Map<string, CellRead | null>,
  template: TemplateId,
  out: Collector,
  lineOf: Map<number, Line>,
): void {
  const lineIndex = (l: Line) => l.tokens[0]?.line ?? -1;
  for (const o of orphans) {
    const at = lineIndex(o.line);
    const before = aligned.filter((r) => r.tokens.at(-1)!.line < at).at(-1);
    const after = aligned.find((r) => r.tokens[0]!.line > at);
    if (!before || !after || after.slotIndex - before.slotIndex !== 2) continue;
    const slot = slots[before.slotIndex + 1]!;
    if (slot.kind !== 'row') continue;
    const keys = T3_COLUMNS.map((c) => t3Key(slot.id, c.id));
    if (keys.some((k) => decided.has(k))) continue;
    if (o.cells.some((c) => c.value === null)) continue;
    const values = new Map<string, number | null>();
    for (const [k, c] of decided) values.set(k, c?.value ?? null);
    keys.forEach((k, i) => values.set(k, o.cells[i]!.value));
    const involved = identities(template, (k) => values.has(k)).filter((id) => [...id.left, ...id.right].some((k) => keys.includes(k)));
    const confirmed =
      involved.length > 0 &&
      involved.every((id) => {
        const all = [...id.left, ...id.right];
        if (all.some((k) => values.get(k) === null || values.get(k) === undefined)) return false;
        const sum = (ks: string[]) => ks.reduce((s, k) => s + values.get(k)!, 0);
        return Math.abs(sum(id.left) - sum(id.right)) < 1e-6;
      }) &&
      involved.some((id) => id.rule !== 't3.row_sum');
    const labelText = o.line.tokens
      .filter((t) => t.kind === 'label')
      .map((t) => t.text)
      .join('');
    if (!confirmed) {
      out.finding({
        rule: 't3.unknown_row',
        severity: 'info',
        message: `table 3 row with values but an unrecognised label "${labelText}"; not read (the identities do not confirm it as ${slot.labels[0]})`,
        keys: [],
      });
      continue;
    }
    keys.forEach((k, i) => decided.set(k, o.cells[i]!));
    out.finding({
      rule: 't3.row_by_position',
      severity: 'info',
      message: `table 3 row "${labelText || '(no label)'}" placed as ${slot.labels[0]} by its position between its neighbours; every identity involving it holds`,
      keys,
    });
  }
  void lineOf;
  void shapeFinding;
}
