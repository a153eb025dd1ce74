// Label normalisation and similarity: how close a printed label (typos, variants, wrapped or split pieces) is to a
// slot of the form. Scores only; the decision of which token is which row is made by the alignment (align.ts).
import type { Numbering, Slot } from '../../../domain/skeleton.js';

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

export function cnNumber(s: string): number | null {
  if (s.length === 1) return CN_DIGITS[s] ?? null;
  if (s.length === 2 && s[0] === '十') return 10 + (CN_DIGITS[s[1]!] ?? Number.NaN);
  if (s.length === 2 && s[1] === '十') return (CN_DIGITS[s[0]!] ?? Number.NaN) * 10;
  return null;
}

/** Leading numbering of a label: （一）/(一) paren, 一、 cn, 1. / 1、 / （1） arabic. */
const NUMBERING = /^(?:[(（]([一二三四五六七八九十]{1,2})[)）]|([一二三四五六七八九十]{1,2})[、.．]|[(（]?(\d{1,2})[)）]|(\d{1,2})[.、．,，](?!\d))/;

export function splitNumbering(text: string): { numbering: Numbering | null; rest: string } {
  const m = NUMBERING.exec(text);
  if (!m) return { numbering: null, rest: text };
  const rest = text.slice(m[0].length);
  if (m[1]) return { numbering: { kind: 'paren', n: cnNumber(m[1]) ?? 0 }, rest };
  if (m[2]) return { numbering: { kind: 'cn', n: cnNumber(m[2]) ?? 0 }, rest };
  return { numbering: { kind: 'arabic', n: Number(m[3] ?? m[4]) }, rest };
}

/**
 * A label for comparing: NFKC, no whitespace, no punctuation or quotes, 其它 → 其他, 或者 → 或, leading numbering
 * stripped (returned apart).
 */
export function bareLabel(text: string): { bare: string; numbering: Numbering | null } {
  const n = text.normalize('NFKC').replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '');
  const { numbering, rest } = splitNumbering(n);
  const bare = rest
    .replace(/[“”„‟"＂「」『』‘’'()（）《》【】[\]<>,，、。.．:：;；!！?？\-—–_·…/|]/g, '')
    .replace(/其它/g, '其他')
    .replace(/或者/g, '或');
  return { bare, numbering };
}

/** Length of the longest common subsequence (both strings short: labels of at most a few dozen characters). */
function lcs(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      cur[j] = ca === b.charCodeAt(j - 1) ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Labels longer than this are prose, not row labels (the longest row label of the form is 38 characters). */
export const MAX_LABEL = 64;

const sameNumbering = (a: Numbering, b: Numbering) => a.n === b.n && (a.kind === b.kind || (a.kind !== 'paren' && b.kind !== 'paren'));

/**
 * Similarity in [0, 1] of a bare label to a slot: the best Dice ratio of the longest common subsequence over the
 * slot's wordings (typos and dropped characters lose a little), raised when the label holds the slot's distinctive
 * substring, and moved by the printed numbering (the same numbering raises it, another lowers it).
 */
export function slotSimilarity(bare: string, numbering: Numbering | null, slot: Slot): number {
  if (bare.length === 0 || bare.length > MAX_LABEL) return 0;
  let best = 0;
  for (const label of slot.labels) {
    if (label === bare) {
      best = 1;
      break;
    }
    const d = (2 * lcs(bare, label)) / (bare.length + label.length);
    if (d > best) best = d;
  }
  if (slot.distinctive?.test(bare)) best = Math.max(best, 0.86);
  if (numbering && slot.numbering) best += sameNumbering(numbering, slot.numbering) ? 0.08 : -0.15;
  return Math.max(0, Math.min(1.08, best));
}

/** Scores of one bare label against every slot of a skeleton, remembered: the same labels recur in every report. */
const memo = new Map<string, Float32Array>();
const MEMO_LIMIT = 50_000;

export function slotScores(skeletonId: string, slots: Slot[], bare: string, numbering: Numbering | null): Float32Array {
  const id = `${skeletonId}|${numbering ? `${numbering.kind}${numbering.n}` : ''}|${bare}`;
  let scores = memo.get(id);
  if (!scores) {
    scores = new Float32Array(slots.length);
    for (let i = 0; i < slots.length; i++) scores[i] = slotSimilarity(bare, numbering, slots[i]!);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(id, scores);
  }
  return scores;
}
