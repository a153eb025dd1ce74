// Gathers facts with their raw text and provenance while a report is read, and the findings about cells
// (blank, dash, unreadable, unit in cell) grouped into one finding per kind and table.
import type { Finding, NullReason, Provenance, ReadMethod } from '../types.js';
import { keyDef } from '../../domain/codebook.js';
import { readCell } from './read-cell.js';

/** Where a cell's text was read: a table cell, or a span of a paragraph's text. */
export type CellRef = { block: number; row: number; col: number; text: string } | { block: number; span: [number, number]; text: string };

export class Collector {
  readonly facts: Record<string, number | null> = {};
  readonly raw: Record<string, string> = {};
  readonly provenance: Record<string, Provenance> = {};
  /** Why a fact is null: the cell status, or 'shape' when its row had the wrong number of cells. */
  readonly nullReason: Record<string, NullReason> = {};
  readonly findings: Finding[] = [];
  private readonly cellNotes = new Map<string, { severity: Finding['severity']; message: string; keys: string[] }>();

  has(key: string): boolean {
    return key in this.facts;
  }

  /** Records a table cell under `key`, reading it with the key's unit; a key read twice keeps the first. */
  cell(key: string, ref: CellRef, unitOverride?: '万元' | '元' | null, method: ReadMethod = 'grid'): void {
    const def = keyDef(key);
    // The codebook's own string for the key (the same characters): the decoders build keys afresh for every cell
    // (t3.granted.natural_person), and a built string is flattened and hashed again by every look-up and write below;
    // the codebook's is hashed once for the whole run (a fifth of the cost of recording a cell).
    if (def) key = def.key;
    if (this.has(key)) {
      this.note('cells.duplicate', 'info', `${key} appears more than once; the first cell was kept`, key);
      return;
    }
    const unit = def?.unit === '万元' ? '万元' : def?.unit === '元' ? '元' : 'count';
    let v = readCell(ref.text, unitOverride ?? unit);
    // A 万元 key read from a column whose header says 元: convert.
    if (unit === '万元' && unitOverride === '元' && v.value !== null) {
      v = { value: Math.round((v.value / 10_000) * 1e8) / 1e8, status: 'ok', note: 'yuan' };
    }
    this.facts[key] = v.value;
    this.raw[key] = ref.text;
    this.provenance[key] = 'span' in ref ? { block: ref.block, span: ref.span, method } : { block: ref.block, row: ref.row, col: ref.col, method };
    if (v.status !== 'ok') this.nullReason[key] = v.status;
    // A plain number, most cells: nothing to note (the notes below are of other statuses or of a note).
    if (v.status === 'ok' && !v.note) return;
    const table = key.split('.')[0]!;
    if (v.status === 'blank') this.note(`cells.blank`, 'warning', `blank cells in ${table} (read as null, not 0)`, key);
    if (v.status === 'dash') this.note(`cells.dash`, 'info', `cells holding a dash or 无 in ${table} (read as null)`, key);
    if (v.status === 'unreadable') this.note(`cells.unreadable`, 'error', `cells that are not a number in ${table} (read as null)`, key);
    if (v.note === 'unit') this.note('cells.unit_in_cell', 'info', `cells that carry their unit in ${table}`, key);
    if (v.note === 'yuan') this.note('cells.converted_from_yuan', 'info', `amounts in 元 converted to 万元 in ${table}`, key);
  }

  /** A row whose cells could not be matched to its columns: every key null, one error naming the row. */
  shape(keys: string[], label: string, found: string[], expected: number, ref: { block: number; row: number }, method: ReadMethod = 'aligned'): void {
    for (const key of keys) {
      if (this.has(key)) continue;
      this.facts[key] = null;
      this.nullReason[key] = 'shape';
      this.provenance[key] = { block: ref.block, row: ref.row, col: -1, method };
    }
    this.findings.push({
      rule: 'cells.row_shape',
      severity: 'error',
      message: `row "${label}" has ${found.length} value cells where ${expected} are expected (${found.map((f) => f.trim() || '∅').join(', ')}); its cells are null rather than guessed`,
      keys,
    });
  }

  /** A cell left null by the decoder (ambiguous, unconfirmed): the finding that names it is the caller's. */
  undecided(key: string, raw: string, provenance: Provenance, reason: 'ambiguous'): void {
    if (this.has(key)) return;
    this.facts[key] = null;
    this.raw[key] = raw;
    this.provenance[key] = provenance;
    this.nullReason[key] = reason;
  }

  value(key: string, value: number | null, raw: string, provenance: Provenance): void {
    if (this.has(key)) return;
    this.facts[key] = value;
    this.raw[key] = raw;
    this.provenance[key] = provenance;
  }

  finding(f: Finding): void {
    this.findings.push(f);
  }

  private note(rule: string, severity: Finding['severity'], message: string, key: string): void {
    const id = `${rule}|${message}`;
    const entry = this.cellNotes.get(id);
    if (entry) entry.keys.push(key);
    else this.cellNotes.set(id, { severity, message, keys: [key] });
  }

  allFindings(): Finding[] {
    const grouped = [...this.cellNotes.entries()].map(([id, e]) => ({
      rule: id.split('|')[0]!,
      severity: e.severity,
      message: `${e.message}: ${e.keys.length} cell${e.keys.length === 1 ? '' : 's'}`,
      keys: e.keys,
    }));
    return [...this.findings, ...grouped];
  }
}
