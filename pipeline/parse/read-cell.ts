// Reads one table cell as a number, or says why it cannot: blank, a dash, or unreadable. Never turns text into 0.

import type { CellStatus } from '../types.js';

export interface CellValue {
  value: number | null;
  status: CellStatus;
  /** 'unit' when the cell carried its unit (373.91万元), 'yuan' when 元 was converted to 万元. */
  note?: 'unit' | 'yuan';
}

/** Cells that say "nothing here" without a number: read as null, never as 0. */
const DASHES = new Set(['/', '-', '—', '–', '―', '－', '─', '──', '——', '--', '无', '×', 'x', 'X', '\\']);

const PLAIN_DIGITS = /^\d{1,15}$/;

/**
 * @param unit the column's unit: '万元' columns accept 万元 and convert 元; count columns accept 件/条/个/项/人/次.
 */
export function readCell(raw: string, unit: '万元' | '元' | 'count' = 'count'): CellValue {
  // Most cells are a plain count: what the steps below make of one, without them (15 digits stay finite and exact).
  if (PLAIN_DIGITS.test(raw)) return { value: Number(raw), status: 'ok' };
  const text = raw
    .normalize('NFKC')
    .replace(/[\u00a0\u3000\u200b\ufeff]/g, ' ')
    .trim();
  if (text === '') return { value: null, status: 'blank' };
  if (DASHES.has(text)) return { value: null, status: 'dash' };
  // Whitespace inside a number ("1 2") could be two cells run together: not readable with confidence.
  if (/\d\s+\d/.test(text)) return { value: null, status: 'unreadable' };
  let s = text.replace(/\s+/g, '');
  let note: CellValue['note'];
  let scale = 1;
  const unitMatch = /(万元|元|件|条|个|项|人|次|份)$/.exec(s);
  if (unitMatch) {
    const u = unitMatch[1]!;
    s = s.slice(0, -u.length);
    if (unit === '万元') {
      if (u === '万元') note = 'unit';
      else if (u === '元') {
        note = 'yuan';
        scale = 1 / 10_000;
      } else return { value: null, status: 'unreadable' };
    } else if (unit === '元') {
      if (u !== '元') return { value: null, status: 'unreadable' };
      note = 'unit';
    } else if (u === '万元' || u === '元') return { value: null, status: 'unreadable' };
    else note = 'unit';
  }
  // Thousands separators only where they separate groups of three digits (1,234 and 1，234; not 1,2).
  if (/^[+-]?\d{1,3}([,，]\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/[,，]/g, '');
  if (!/^[+-−]?\d+(\.\d+)?$/.test(s)) return { value: null, status: 'unreadable' };
  const n = Number(s.replace('−', '-'));
  if (!Number.isFinite(n)) return { value: null, status: 'unreadable' };
  const value = scale === 1 ? n : Math.round(n * scale * 1e8) / 1e8;
  return note ? { value, status: 'ok', note } : { value, status: 'ok' };
}

/** True when a cell looks like a value (number, dash, number with unit) rather than a label. */
export function isValueLike(raw: string): boolean {
  if (PLAIN_DIGITS.test(raw)) return true;
  const text = raw.normalize('NFKC').trim();
  if (text === '') return false;
  if (DASHES.has(text)) return true;
  if (text.length > 16) return false;
  // A value has a digit and at most a unit's worth of CJK (约5, 373.91万元); labels have words or are numbered (3.其他).
  return /\d/.test(text) && (text.match(/[\u4e00-\u9fff]/g)?.length ?? 0) <= 2 && !/^\d+\s*[.、]\s*[^\d\s]/.test(text);
}
