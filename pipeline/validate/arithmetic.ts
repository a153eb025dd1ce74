// Shared evaluation of an identity between sums of cells (a = b + c …) for the arithmetic rules: evaluated only
// when every cell is present; when some are blank, evaluated again with blanks as 0 and reported as info.
import type { Finding, RuleInput } from '../types.js';
import type { Severity } from '../../domain/values.js';
import type { Identity } from '../../domain/skeleton.js';

const sum = (input: RuleInput, keys: string[], blankAsZero: boolean) => keys.reduce((acc, k) => acc + (input.facts[k] ?? (blankAsZero ? 0 : Number.NaN)), 0);

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * Checks every identity; returns one finding per failed identity, and per rule at most one info finding for the
 * identities skipped because of missing cells (with the blank-as-zero outcome when only blanks were missing).
 */
export function checkIdentities(input: RuleInput, rule: string, severity: Severity, identities: Identity[]): Finding[] {
  const findings: Finding[] = [];
  const skipped: string[] = [];
  const blankOk: string[] = [];
  const blankFails: string[] = [];
  for (const id of identities) {
    const keys = [...id.left, ...id.right];
    // An identity over cells the report does not have at all (another template, a missing table) is not a check.
    if (keys.every((k) => !(k in input.facts))) continue;
    const missing = keys.filter((k) => input.facts[k] === null || input.facts[k] === undefined);
    if (missing.length === 0) {
      const l = sum(input, id.left, false);
      const r = sum(input, id.right, false);
      if (round(l) !== round(r)) {
        const side = (ks: string[], total: number) => (ks.length === 1 ? `${total}` : `${ks.map((k) => input.facts[k]).join(' + ')} = ${round(total)}`);
        findings.push({ rule, severity, message: `${id.where}: ${side(id.left, l)} ≠ ${side(id.right, r)}`, keys });
      }
      continue;
    }
    skipped.push(...missing.filter((k) => !skipped.includes(k)));
    if (missing.every((k) => input.nullReason[k] === 'blank')) {
      const ok = round(sum(input, id.left, true)) === round(sum(input, id.right, true));
      (ok ? blankOk : blankFails).push(id.where);
    }
  }
  if (skipped.length > 0) {
    findings.push({
      rule: `${rule}.skipped`,
      severity: 'info',
      message: `${rule} not checked where cells are missing (${skipped.length} cells)`,
      keys: skipped,
    });
  }
  if (blankOk.length > 0) {
    findings.push({
      rule: `${rule}.blank_as_zero_ok`,
      severity: 'info',
      message: `with blank cells read as 0 the identity holds: ${blankOk.join('; ')}`,
      keys: [],
    });
  }
  if (blankFails.length > 0) {
    findings.push({
      rule: `${rule}.blank_as_zero_fails`,
      severity: 'info',
      message: `even with blank cells read as 0 the identity fails: ${blankFails.join('; ')}`,
      keys: [],
    });
  }
  return findings;
}
