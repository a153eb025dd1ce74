// When table 2 is there, every row of its template should be: a missing row is reported with its cells.
import { statutoryKeys } from '../../../domain/codebook.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 't2.rows_present',
  severity: 'warning',
  description: 'table 2 has every row of its template',
  check: (input) => {
    if (!input.tables.t2 || (input.template !== '2019' && input.template !== '2021')) return [];
    const missing = statutoryKeys(input.template, 't2').filter((k) => !(k.key in input.facts));
    if (missing.length === 0) return [];
    const rows = [...new Set(missing.map((k) => k.label.split(' / ')[0]))];
    return [{ rule: 't2.rows_present', severity: 'warning', message: `table 2 cells not found: ${rows.join('; ')}`, keys: missing.map((k) => k.key) }];
  },
});
