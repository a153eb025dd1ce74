// Aligns the label tokens of a region to the slots of a form: a monotone alignment (dynamic programming) that may
// join up to three consecutive tokens into one label (a label wrapped over lines or split over cells), skip stray
// tokens (续表, page numbers, headers) and leave slots unmatched. Fragments in another order are aligned in further
// passes over what is left; each slot is used once.
import type { Slot } from '../../../domain/skeleton.js';
import { bareLabel, slotScores } from './labels.js';
import type { Token } from './tokens.js';

export interface AlignedRow {
  slot: Slot;
  slotIndex: number;
  /** The label tokens that make the label (one, or the pieces of a wrapped label), in reading order. */
  tokens: Token[];
  score: number;
}

const MAX_JOIN = 3;

/** Score of tokens i..i+k-1 read as one label for every slot. */
function joinedScores(skeletonId: string, slots: Slot[], tokens: Token[], i: number, k: number): Float32Array | null {
  if (k === 1) return slotScores(skeletonId, slots, tokens[i]!.bare, tokens[i]!.numbering);
  const parts = tokens.slice(i, i + k);
  if (!parts.every((t) => t.joinable)) return null;
  // Pieces of one label sit on neighbouring lines (or the same line).
  for (let j = 1; j < parts.length; j++) if (parts[j]!.line - parts[j - 1]!.line > 2) return null;
  const text = parts.map((t) => t.text).join('');
  const { bare, numbering } = bareLabel(text);
  return slotScores(skeletonId, slots, bare, numbering);
}

/**
 * @param minScore a match below this similarity is not a match.
 */
function alignPass(skeletonId: string, slots: Slot[], usable: boolean[], tokens: Token[], minScore: number): AlignedRow[] {
  const n = tokens.length;
  const m = slots.length;
  // best[i][j]: the best total gain aligning tokens[i..] with slots[j..].
  const W = m + 1;
  const best = new Float64Array((n + 1) * W);
  const choice = new Int8Array((n + 1) * W); // 0 skip token, 1 skip slot, k+1 match k tokens
  const cache = new Map<number, Float32Array | null>();
  const scoresOf = (i: number, k: number) => {
    const id = i * 4 + k;
    if (!cache.has(id)) cache.set(id, joinedScores(skeletonId, slots, tokens, i, k));
    return cache.get(id)!;
  };
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n || j === m) {
        best[i * W + j] = 0;
        continue;
      }
      let b = best[(i + 1) * W + j]!;
      let c = 0;
      if (best[i * W + j + 1]! > b) {
        b = best[i * W + j + 1]!;
        c = 1;
      }
      if (usable[j]) {
        for (let k = 1; k <= MAX_JOIN && i + k <= n; k++) {
          const s = scoresOf(i, k);
          if (!s) break;
          const score = s[j]!;
          if (score < minScore) continue;
          // A joined label must beat each of its pieces read alone, or joining is not what happened.
          const gain = score - minScore + 0.05 - (k - 1) * 0.02;
          const total = gain + best[(i + k) * W + j + 1]!;
          if (total > b) {
            b = total;
            c = k + 1;
          }
        }
      }
      best[i * W + j] = b;
      choice[i * W + j] = c;
    }
  }
  const out: AlignedRow[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const c = choice[i * W + j]!;
    if (c === 0) i++;
    else if (c === 1) j++;
    else {
      const k = c - 1;
      out.push({ slot: slots[j]!, slotIndex: j, tokens: tokens.slice(i, i + k), score: scoresOf(i, k)![j]! });
      i += k;
      j++;
    }
  }
  return out;
}

/**
 * Aligns label tokens (reading order) to slots (form order). The first pass takes the longest consistent run; later
 * passes align fragments printed out of order among the tokens and slots left, and need surer matches.
 */
/**
 * Alignments by the shape of the label sequence (texts, numbering, joinability, line steps): reports printed from
 * one template repeat the same sequence, and the alignment depends on nothing else.
 */
const alignmentCache = new Map<string, { slotIndex: number; tokens: number[]; score: number }[]>();
const ALIGNMENT_CACHE_LIMIT = 2_000;

export function alignLabels(skeletonId: string, slots: Slot[], labels: Token[]): AlignedRow[] {
  const candidates = labels.filter((t) => t.kind === 'label' && !t.prose && t.bare.length > 0);
  const id = `${skeletonId}\u0003${candidates
    .map(
      (t, i) =>
        `${t.bare}\u0001${t.numbering ? `${t.numbering.kind}${t.numbering.n}` : ''}\u0001${t.joinable ? 1 : 0}\u0001${i === 0 ? 0 : t.line - candidates[i - 1]!.line}`,
    )
    .join('\u0002')}`;
  const cached = alignmentCache.get(id);
  if (cached) return cached.map((r) => ({ slot: slots[r.slotIndex]!, slotIndex: r.slotIndex, tokens: r.tokens.map((i) => candidates[i]!), score: r.score }));
  const rows = alignFresh(skeletonId, slots, candidates);
  const index = new Map(candidates.map((t, i) => [t, i]));
  if (alignmentCache.size >= ALIGNMENT_CACHE_LIMIT) alignmentCache.clear();
  alignmentCache.set(
    id,
    rows.map((r) => ({ slotIndex: r.slotIndex, tokens: r.tokens.map((t) => index.get(t)!), score: r.score })),
  );
  return rows;
}

function alignFresh(skeletonId: string, slots: Slot[], candidates: Token[]): AlignedRow[] {
  const usable = slots.map(() => true);
  const rows: AlignedRow[] = [];
  let left = candidates;
  for (let pass = 0; pass < 8 && left.length > 0; pass++) {
    const found = alignPass(skeletonId, slots, usable, left, pass === 0 ? 0.6 : 0.78);
    if (found.length === 0) break;
    for (const r of found) usable[r.slotIndex] = false;
    rows.push(...found);
    const used = new Set(found.flatMap((r) => r.tokens));
    left = left.filter((t) => !used.has(t));
  }
  return rows.sort((a, b) => a.tokens[0]!.line - b.tokens[0]!.line || tokenOrder(a.tokens[0]!) - tokenOrder(b.tokens[0]!));
}

function tokenOrder(t: Token): number {
  return t.span ? t.span[0] : t.col;
}
