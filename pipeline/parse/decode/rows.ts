// Numbers → rows for a region whose labels were aligned to the form: grid rows under mapped columns; a line holding
// one row's label and its numbers; and, for the rest, the layouts seen in converted text (numbers after the label,
// before it, all labels first then all numbers) tried as hypotheses. Glued runs are cut by split.ts; where several
// layouts or cuts remain, the identities choose (solve.ts) and a cell keeps a value only if every survivor agrees.
import type { Finding, Provenance } from '../../types.js';
import type { Collector } from '../collector.js';
import { readCell } from '../read-cell.js';
import type { Identity, Slot } from '../../../domain/skeleton.js';
import type { AlignedRow } from './align.js';
import { type Piece, splitRuns } from './split.js';
import { type Choice, identityHolds, solve } from './solve.js';
import type { Line, Token } from './tokens.js';

/** One cell as read: its value, the text it came from, where, and how. */
export interface CellRead {
  value: number | null;
  raw: string;
  prov: Provenance;
  status: 'ok' | 'blank' | 'dash' | 'unreadable';
}

/** A row of the form and what can be said of its cells. */
export interface RowTask {
  slot: Slot;
  keys: string[];
  /** Label as printed, for messages. */
  label: string;
  /** Where the row is, for the provenance of a row that could not be read. */
  at: { block: number; row: number };
}

export interface RowOptions {
  task: RowTask;
  /** Candidate readings of the row (one when the layout says it); empty when none fits. */
  options: CellRead[][];
  /** Why there is no option (wrong count, no split satisfies the row, too many splits). */
  failure?: Finding;
  /** Read as printed from an unambiguous layout: kept even when it breaks an identity. */
  asPrinted: boolean;
  /** The number texts the layout gave the row (for the message when they do not fit). */
  found?: string[];
}

type Hypothesis = 'after' | 'before' | 'block';

/** The layout's reading of one number token as a cell. */
function readToken(t: Token, method: 'aligned' | 'split' | 'grid'): CellRead {
  const v = readCell(t.text, 'count');
  const prov: Provenance = t.span ? { block: t.block, span: t.span, method } : { block: t.block, row: t.row, col: t.col, method };
  return { value: v.value, raw: t.text, prov, status: v.status === 'ok' ? 'ok' : v.status };
}

const label = (r: AlignedRow) => r.tokens.map((t) => t.text).join('');

/**
 * Candidate readings of a row from the number tokens a layout gives it: as printed when there are exactly `width`
 * of them; cut into `width` cells when runs printed without separators make up the difference; none otherwise.
 */
export function rowOptions(task: RowTask, numsIn: Token[], rowIdentity: ((values: number[]) => boolean) | null, nextNumbering: number | null): RowOptions {
  let nums = numsIn;
  const width = task.keys.length;
  // "0 0 0 0 0 0 02.其他…": the last run's final digit is the next label's numbering when the form says that row
  // is numbered so; when it does not say, both readings are candidates below.
  const lastTok = nums.at(-1);
  if (lastTok?.gluedNumbering && lastTok.text.length > 1 && nextNumbering === Number(lastTok.text.at(-1))) {
    const trimmed = {
      ...lastTok,
      text: lastTok.text.slice(0, -1),
      gluedNumbering: false,
      span: lastTok.span ? ([lastTok.span[0], lastTok.span[1] - 1] as [number, number]) : null,
    };
    nums = [...nums.slice(0, -1), trimmed];
  }
  if (nums.length === width && !nums.some((t) => t.gluedNumbering)) {
    return { task, options: [nums.map((t) => readToken(t, 'aligned'))], asPrinted: true };
  }
  const splittable = nums.some((t) => t.splittable);
  // With no identity to check a cut (table 2), only the cut that leaves no choice is taken: one digit per cell.
  const digits = nums.reduce((s, t) => s + t.text.replace(/\D/g, '').length, 0);
  if (splittable && !rowIdentity && (digits !== width || nums.some((t) => !/^\d+$/.test(t.text)))) {
    return {
      task,
      options: [],
      asPrinted: false,
      found: nums.map((t) => t.text),
      failure: {
        rule: 'decode.ambiguous',
        severity: 'warning',
        message: `row "${task.label}": ${nums.map((t) => t.text).join(' ')} printed without separators can be cut into ${width} cells in more than one way, and no identity of the form chooses; its cells are null`,
        keys: task.keys,
      },
    };
  }
  if (nums.length > width || !splittable) {
    return {
      task,
      options: [],
      asPrinted: true,
      found: nums.map((t) => t.text),
      failure: shapeFinding(
        task,
        nums.map((t) => t.text),
        width,
      ),
    };
  }
  // Cut the runs. A run glued to the next label's numbering ("00000002.其他…") may end one digit early: the form's
  // numbering of the next row decides, and when it does not, both readings are tried.
  const last = nums.at(-1)!;
  const variants: Token[][] = [nums];
  if (last.gluedNumbering) {
    const trimmed = { ...last, text: last.text.slice(0, -1), span: last.span ? ([last.span[0], last.span[1] - 1] as [number, number]) : null };
    const digit = Number(last.text.at(-1));
    if (nextNumbering === digit) variants.splice(0, 1, [...nums.slice(0, -1), trimmed]);
    else variants.push([...nums.slice(0, -1), trimmed]);
  }
  const options: CellRead[][] = [];
  const candidatesShown: string[] = [];
  for (const v of variants) {
    if (v.at(-1)!.text === '') continue;
    const runs = v.map((t) => t.text);
    const whole = v.map((t) => !t.splittable);
    const res = splitRuns(
      runs,
      width,
      () => true,
      (pieces) => !rowIdentity || rowIdentity(pieces.map((p) => p.value)),
      200,
      200_000,
      whole,
    );
    if (res.tooMany) {
      return {
        task,
        options: [],
        asPrinted: false,
        failure: {
          rule: 'decode.split_unbounded',
          severity: 'warning',
          message: `row "${task.label}": the digits ${runs.join(' ')} can be cut into ${width} cells in too many ways to list; its cells are null`,
          keys: task.keys,
        },
      };
    }
    for (const c of res.candidates) {
      options.push(c.map((p) => pieceRead(p, v)));
      candidatesShown.push(c.map((p) => p.value).join('|'));
    }
  }
  if (options.length === 0) {
    return {
      task,
      options: [],
      asPrinted: false,
      failure: {
        rule: 'decode.split_none',
        severity: 'warning',
        message: `row "${task.label}": no way of cutting ${nums.map((t) => t.text).join(' ')} into ${width} cells satisfies the row's total; its cells are null`,
        keys: task.keys,
      },
    };
  }
  return { task, options, asPrinted: false };
}

function pieceRead(p: Piece, tokens: Token[]): CellRead {
  const t = tokens[p.run]!;
  const text = t.text.slice(p.from, p.to);
  const cut = t.splittable && !(p.from === 0 && p.to === t.text.length);
  const method = cut ? 'split' : 'aligned';
  const prov: Provenance = t.span
    ? { block: t.block, span: [t.span[0] + p.from, t.span[0] + p.to], method }
    : { block: t.block, row: t.row, col: t.col, method };
  return { value: p.value, raw: text, prov, status: 'ok' };
}

export function shapeFinding(task: RowTask, found: string[], width: number): Finding {
  return {
    rule: 'cells.row_shape',
    severity: 'error',
    message: `row "${task.label}" has ${found.length} value cells where ${width} are expected (${found.map((f) => f.trim() || '∅').join(', ')}); its cells are null rather than guessed`,
    keys: task.keys,
  };
}

/**
 * Numbers for aligned rows that no grid or line settled: for each layout hypothesis, the numbers each row would get.
 * Returns the assignments of the hypotheses that fit the most rows.
 */
export function layoutHypotheses(
  rows: AlignedRow[],
  tokens: Token[],
  consumed: Set<Token>,
  done: Set<AlignedRow>,
  widthOf: (r: AlignedRow) => number,
  isLooseLine: (line: number) => boolean = () => false,
): Map<AlignedRow, Token[]>[] {
  const pending = rows.filter((r) => !done.has(r));
  if (pending.length === 0) return [];
  // Rows of a table exported as text (Word's tab rows, one cell per line) always print the label first: the other
  // layouts come from converted running text.
  const hypotheses: Hypothesis[] = pending.every((r) => r.tokens.every((t) => isLooseLine(t.line))) ? ['after'] : ['after', 'before', 'block'];
  const index = new Map<Token, number>();
  tokens.forEach((t, i) => index.set(t, i));
  const anchorAt = new Map<number, AlignedRow>();
  for (const r of rows) for (const t of r.tokens) anchorAt.set(index.get(t)!, r);
  const isBreak = (i: number) => {
    const t = tokens[i]!;
    return anchorAt.has(i) || (t.kind === 'label' && t.prose);
  };
  const isNum = (i: number) => tokens[i]!.kind === 'num' && !consumed.has(tokens[i]!);
  const first = (r: AlignedRow) => index.get(r.tokens[0]!)!;
  const last = (r: AlignedRow) => index.get(r.tokens.at(-1)!)!;

  /** Numbers from i going forward (dir 1) or backward (-1) until a break, grouped in lines (reading order). */
  const groupFrom = (i: number, dir: 1 | -1): Token[][] => {
    const chunks: Token[][] = [];
    for (let k = i; k >= 0 && k < tokens.length && !isBreak(k); k += dir) {
      if (!isNum(k)) continue;
      const t = tokens[k]!;
      const chunk = chunks.at(-1);
      if (chunk && chunk[0]!.line === t.line) chunk.push(t);
      else chunks.push([t]);
    }
    if (dir === -1) {
      chunks.reverse();
      chunks.forEach((c) => c.reverse());
    }
    return chunks;
  };
  /** The fewest whole lines (from the near end) that can make `width` cells. */
  const take = (chunks: Token[][], width: number, fromEnd: boolean): Token[] | null => {
    const order = fromEnd ? [...chunks].reverse() : chunks;
    const picked: Token[][] = [];
    let min = 0;
    let max = 0;
    for (const c of order) {
      picked.push(c);
      for (const t of c) {
        min += 1;
        max += t.splittable ? t.text.length : 1;
      }
      if (max >= width) break;
    }
    if (min > width || max < width) return null;
    const out = (fromEnd ? picked.reverse() : picked).flat();
    return out;
  };

  const assignments: Map<AlignedRow, Token[]>[] = [];
  for (const h of hypotheses) {
    const a = new Map<AlignedRow, Token[]>();
    const used = new Set<Token>();
    // Numbers inside a row's own label (a label wrapped around its numbers) are that row's in every layout.
    for (const r of pending) {
      const inside: Token[] = [];
      for (let k = first(r) + 1; k < last(r); k++) if (isNum(k)) inside.push(tokens[k]!);
      if (inside.length > 0) {
        a.set(r, inside);
        inside.forEach((t) => used.add(t));
      }
    }
    const sorted = [...pending].sort((x, y) => first(x) - first(y));
    if (h === 'block') {
      // Runs of labels with no numbers between them, then one run of numbers: the i-th row takes the i-th `width`.
      // Captions in the run carry no numbers of their own here.
      let i = 0;
      while (i < sorted.length) {
        let j = i;
        while (j + 1 < sorted.length && groupFrom(last(sorted[j]!) + 1, 1).length === 0 && first(sorted[j + 1]!) > last(sorted[j]!)) j++;
        const run = sorted.slice(i, j + 1).filter((r) => !a.has(r) && (r.slot.kind === 'row' || i === j));
        const nums = groupFrom(last(sorted[j]!) + 1, 1).flat();
        if (run.length >= 2 && nums.length >= run.reduce((s, r) => s + widthOf(r), 0)) {
          let k = 0;
          for (const r of run) {
            const w = widthOf(r);
            if (k + w > nums.length) break;
            a.set(r, nums.slice(k, k + w));
            k += w;
          }
        } else if (run.length === 1) {
          const got = take(groupFrom(last(run[0]!) + 1, 1), widthOf(run[0]!), false);
          if (got?.every((t) => !used.has(t))) {
            a.set(run[0]!, got);
            got.forEach((t) => used.add(t));
          }
        }
        i = j + 1;
      }
    } else {
      for (const r of sorted) {
        if (a.has(r)) continue;
        const chunks = h === 'after' ? groupFrom(last(r) + 1, 1) : groupFrom(first(r) - 1, -1);
        const got = take(chunks, widthOf(r), h === 'before');
        if (got?.every((t) => !used.has(t))) {
          a.set(r, got);
          got.forEach((t) => used.add(t));
        } else if (!got && chunks.length > 0 && h === 'after') {
          // Numbers right after the label that do not make a row: the row's, read as a wrong count (never guessed).
          const all = chunks.flat().filter((t) => !used.has(t));
          if (all.length > 0) a.set(r, all);
        }
      }
    }
    assignments.push(a);
  }
  // Captions count too: a caption followed by a row of numbers is a one-row group (（六）其他处理 printed so).
  const rowsFitted = (a: Map<AlignedRow, Token[]>) => [...a.entries()].filter(([r, nums]) => fits(nums, widthOf(r))).length;
  const best = Math.max(...assignments.map(rowsFitted));
  if (best === 0) return [];
  // Two layouts that give every row the same numbers are one.
  const out: Map<AlignedRow, Token[]>[] = [];
  for (const a of assignments) {
    if (rowsFitted(a) !== best) continue;
    if (out.some((o) => sameAssignment(o, a))) continue;
    out.push(a);
  }
  return out;
}

function fits(nums: Token[], width: number): boolean {
  const min = nums.length;
  const max = nums.reduce((s, t) => s + (t.splittable ? t.text.length : 1), 0);
  return min <= width && width <= max;
}

function sameAssignment(a: Map<AlignedRow, Token[]>, b: Map<AlignedRow, Token[]>): boolean {
  if (a.size !== b.size) return false;
  for (const [r, nums] of a) {
    const other = b.get(r);
    if (!other || other.length !== nums.length || other.some((t, i) => t !== nums[i])) return false;
  }
  return true;
}

/**
 * Decides every row from its candidate readings under each remaining layout: the layouts (and cuts) whose
 * combination breaks no identity survive; a cell gets a value when all survivors agree on it, and otherwise is
 * null with a finding that lists what it could be.
 */
export function decideRows(
  fixed: RowOptions[],
  layouts: RowOptions[][],
  idsOf: () => Identity[],
  out: Collector,
  tableName: string,
): Map<string, CellRead | null> {
  const decided = new Map<string, CellRead | null>();
  // Rows read as printed with nothing left to choose: no search.
  if (layouts.length === 0 && fixed.every((f) => f.options.length <= 1)) {
    for (const f of fixed) if (f.options.length === 1) f.task.keys.forEach((k, i) => decided.set(k, f.options[0]![i]!));
    return decided;
  }
  const ids = idsOf();
  const fixedValues = new Map<string, number | null>();
  for (const f of fixed) {
    if (f.options.length === 1) f.task.keys.forEach((k, i) => fixedValues.set(k, f.options[0]![i]!.value));
  }
  const multiFixed = fixed.filter((f) => f.options.length > 1);
  const worlds = layouts.length > 0 ? layouts : [[]];
  interface World {
    consistent: boolean;
    rows: Map<string, { task: RowTask; options: CellRead[][] }>;
    tooMany: boolean;
  }
  const results: World[] = worlds.map((layout) => {
    const values = new Map(fixedValues);
    for (const r of layout) if (r.options.length === 1) r.task.keys.forEach((k, i) => values.set(k, r.options[0]![i]!.value));
    const multi = [...multiFixed, ...layout.filter((r) => r.options.length > 1)];
    const choices: Choice[] = multi.map((r) => ({ keys: r.task.keys, options: r.options.map((o) => o.map((c) => c.value)) }));
    const brokenByFixed = ids.some((id) => !identityHolds(id, values));
    const res = solve(choices, values, ids);
    const rows = new Map<string, { task: RowTask; options: CellRead[][] }>();
    for (const r of layout) if (r.options.length === 1) rows.set(r.task.slot.id, { task: r.task, options: r.options });
    multi.forEach((r, i) => {
      const keep = res.solutions > 0 ? r.options.filter((_, o) => res.surviving[i]!.has(o)) : r.options;
      rows.set(r.task.slot.id, { task: r.task, options: res.tooMany ? [] : keep });
    });
    return { consistent: !brokenByFixed && res.solutions > 0 && !res.tooMany, rows, tooMany: res.tooMany };
  });
  const chosen = results.some((w) => w.consistent) ? results.filter((w) => w.consistent) : results;
  const allTasks = new Map<string, RowTask>();
  for (const w of results) for (const [id, r] of w.rows) allTasks.set(id, r.task);
  for (const f of fixed) allTasks.set(f.task.slot.id, f.task);
  for (const [id, task] of allTasks) {
    const fixedRow = fixed.find((f) => f.task.slot.id === id && f.options.length === 1);
    if (fixedRow) {
      task.keys.forEach((k, i) => decided.set(k, fixedRow.options[0]![i]!));
      continue;
    }
    const options: CellRead[][] = [];
    let missing = false;
    for (const w of chosen) {
      const r = w.rows.get(id);
      if (!r || r.options.length === 0) missing = true;
      else options.push(...r.options);
    }
    if (options.length === 0) continue;
    const undecided: string[] = [];
    task.keys.forEach((k, i) => {
      const first = options[0]![i]!;
      const agree = !missing && options.every((o) => o[i]!.value === first.value);
      if (agree) decided.set(k, first);
      else {
        decided.set(k, null);
        undecided.push(k);
        out.undecided(k, [...new Set(options.map((o) => o[i]!.raw))].join(' / '), first.prov, 'ambiguous');
      }
    });
    if (undecided.length > 0) {
      const shown = [...new Set(options.map((o) => o.map((c) => c.value ?? '∅').join('|')))].slice(0, 6);
      out.finding({
        rule: 'decode.ambiguous',
        severity: 'warning',
        message: `${tableName} row "${task.label}": ${missing ? 'the layout does not say which numbers are this row’s' : `${shown.length}${shown.length === 6 ? '+' : ''} readings fit every identity`} (${shown.join('; ')}); the cells they disagree on are null`,
        keys: undecided,
      });
    }
  }
  return decided;
}

export { label as alignedLabel };
export type { Line };
