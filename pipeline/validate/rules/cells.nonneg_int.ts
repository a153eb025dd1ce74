// Every count is an integer ≥ 0; amounts are ≥ 0; only 2019's 本年增/减 may be negative.
import { keyDef } from '../../../domain/codebook.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'cells.nonneg_int',
  severity: 'error',
  description: 'counts are whole numbers of at least 0, amounts at least 0',
  check: (input) => {
    const bad: string[] = [];
    // By keys, not entries: a report's ~200 facts make the record a dictionary, whose entries cost twice as much.
    for (const key of Object.keys(input.facts)) {
      const value = input.facts[key]!;
      if (value === null) continue;
      const type = keyDef(key)?.type ?? 'count';
      if (type === 'count' && (!Number.isInteger(value) || value < 0)) bad.push(key);
      if (type === 'amount' && value < 0) bad.push(key);
      if (type === 'signed' && !Number.isInteger(value)) bad.push(key);
    }
    if (bad.length === 0) return [];
    return [
      {
        rule: 'cells.nonneg_int',
        severity: 'error',
        message: `values that cannot be counts or amounts: ${bad.map((k) => `${k} = ${input.facts[k]}`).join(', ')}`,
        keys: bad,
      },
    ];
  },
});
