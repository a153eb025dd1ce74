// Glued digit runs ("172000019" = 17|2|0|0|0|0|19): every way of cutting the runs of one row into exactly `width`
// non-negative integers without leading zeros, that a caller's identity accepts. Bounded: a run with too many ways
// is reported as such, never cut at a guess.

export interface Piece {
  /** Index of the run the piece was cut from, and its character offsets in that run. */
  run: number;
  from: number;
  to: number;
  value: number;
}

export interface SplitResult {
  candidates: Piece[][];
  /** True when the enumeration stopped at its cap: the candidates are then not all the splits there are. */
  tooMany: boolean;
}

/** Longest number a cell of these tables holds (9,999,999 applications is far beyond any report). */
const MAX_DIGITS = 7;

/**
 * @param runs digit strings in reading order; each gives at least one cell, cells never span two runs
 * @param prune called after each piece with the pieces so far: false stops that branch (an identity already broken)
 * @param accept called on a complete split
 * @param whole runs that are one cell each (numbers printed apart), not to be cut
 */
export function splitRuns(
  runs: string[],
  width: number,
  prune: (pieces: Piece[]) => boolean,
  accept: (pieces: Piece[]) => boolean,
  cap = 200,
  maxNodes = 200_000,
  whole: boolean[] = [],
): SplitResult {
  const candidates: Piece[][] = [];
  let nodes = 0;
  let tooMany = false;
  const suffixLength = runs.map((_, i) => runs.slice(i).reduce((s, r) => s + r.length, 0));
  const pieces: Piece[] = [];
  const visit = (run: number, from: number) => {
    if (tooMany) return;
    if (++nodes > maxNodes) {
      tooMany = true;
      return;
    }
    if (run === runs.length) {
      if (pieces.length === width && accept(pieces)) {
        candidates.push(pieces.slice());
        if (candidates.length > cap) tooMany = true;
      }
      return;
    }
    const s = runs[run]!;
    const need = width - pieces.length;
    const runsLeft = runs.length - run;
    // Each run left gives at least one cell; the characters left give at most one cell each.
    if (need < runsLeft || need > suffixLength[run]! - from) return;
    const last = runs.length - 1 === run;
    // A run printed apart from the others (a cell of its own) is one cell, whatever its length.
    const first = whole[run] ? s.length : from + 1;
    for (let to = first; to <= Math.min(s.length, whole[run] ? s.length : from + MAX_DIGITS); to++) {
      if (s[from] === '0' && to > from + 1) break;
      // The last piece of a run ends the run; in the last run, the last cell takes everything left.
      if (pieces.length === width - 1 && (!last || to !== s.length)) continue;
      pieces.push({ run, from, to, value: Number(s.slice(from, to)) });
      if (prune(pieces)) {
        if (to === s.length) visit(run + 1, 0);
        else visit(run, to);
      }
      pieces.pop();
      if (tooMany) return;
    }
  };
  visit(0, 0);
  return { candidates, tooMany };
}
