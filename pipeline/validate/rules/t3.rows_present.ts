// When table 3 is there, every row of its template should be: a missing row is reported by name, with every cell it
// leaves absent among the finding's keys (so each absent number is named, not only the row's total).
import { statutoryKeys, T3_ROWS } from '../../../domain/codebook.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 't3.rows_present',
  severity: 'warning',
  description: 'table 3 has every row of its template',
  check: (input) => {
    if (!input.tables.t3 || (input.template !== '2019' && input.template !== '2021')) return [];
    // A 2021 report that prints （六）其他处理 as one row has other_total instead of its three sub-rows; one that has
    // any of the sub-rows printed them all (other_total is then their caption row).
    const subRows = T3_ROWS.filter((r) => r.group === 'other' && r.id !== 'other_total');
    const oneRowOther = input.template === '2021' && 't3.other_total.total' in input.facts && !subRows.some((r) => `t3.${r.id}.total` in input.facts);
    const missing = T3_ROWS.filter(
      (r) => r.templates.includes(input.template) && !(`t3.${r.id}.total` in input.facts) && !(oneRowOther && r.group === 'other'),
    );
    if (missing.length === 0) return [];
    const cells = statutoryKeys(input.template, 't3');
    const keys = missing.flatMap((r) => cells.filter((k) => k.key.startsWith(`t3.${r.id}.`)).map((k) => k.key));
    return [
      {
        rule: 't3.rows_present',
        severity: 'warning',
        message: `table 3 rows not found (${keys.length} cells absent): ${missing.map((r) => r.label).join('; ')}`,
        keys,
      },
    ];
  },
});
