// The small constraint search behind every ambiguous reading: rows with several candidate readings (splits of a
// glued run, layouts) are combined with the rows already read, and only the combinations that break no identity
// survive. A cell is decided only when every surviving combination gives it the same value.
import type { Identity } from '../../../domain/skeleton.js';

export interface Choice {
  /** The keys of the row, in the order of each option's values. */
  keys: string[];
  options: (number | null)[][];
}

export interface SolveResult {
  /** For each choice, the indexes of its options that some surviving combination uses. */
  surviving: Set<number>[];
  solutions: number;
  /** The search stopped at its cap: nothing is known about the combinations it did not visit. */
  tooMany: boolean;
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** False only when every cell of the identity has a value and the two sides differ (a null cell is not checked). */
export function identityHolds(id: Identity, values: ReadonlyMap<string, number | null>): boolean {
  let l = 0;
  let r = 0;
  for (const k of id.left) {
    const v = values.get(k);
    if (v === null || v === undefined) return true;
    l += v;
  }
  for (const k of id.right) {
    const v = values.get(k);
    if (v === null || v === undefined) return true;
    r += v;
  }
  return close(l, r);
}

/**
 * @param fixed values already read (null = read as blank or unreadable: an identity over it is not checked)
 */
export function solve(choices: Choice[], fixed: ReadonlyMap<string, number | null>, ids: Identity[], maxNodes = 100_000): SolveResult {
  const surviving = choices.map(() => new Set<number>());
  const value = new Map<string, number | null>(fixed);
  const owner = new Map<string, number>();
  choices.forEach((c, i) => c.keys.forEach((k) => owner.set(k, i)));
  // Identities that involve a choice, checked once every key of theirs is decided.
  const relevant = ids.filter((id) => [...id.left, ...id.right].some((k) => owner.has(k)));
  const byChoice = choices.map(() => [] as Identity[]);
  for (const id of relevant) {
    const last = Math.max(...[...id.left, ...id.right].map((k) => owner.get(k) ?? -1));
    byChoice[last]!.push(id);
  }
  const holds = (id: Identity) => identityHolds(id, value);
  const picked: number[] = [];
  let nodes = 0;
  let solutions = 0;
  let tooMany = false;
  const visit = (i: number) => {
    if (tooMany) return;
    if (++nodes > maxNodes) {
      tooMany = true;
      return;
    }
    if (i === choices.length) {
      solutions++;
      picked.forEach((o, c) => surviving[c]!.add(o));
      return;
    }
    const c = choices[i]!;
    c.options.forEach((opt, o) => {
      if (tooMany) return;
      c.keys.forEach((k, j) => value.set(k, opt[j]!));
      if (byChoice[i]!.every(holds)) {
        picked.push(o);
        visit(i + 1);
        picked.pop();
      }
    });
    c.keys.forEach((k) => value.delete(k));
  };
  visit(0);
  return { surviving, solutions, tooMany };
}
