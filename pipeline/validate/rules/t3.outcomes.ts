// Table 3, every column: （七）总计 = the sum of the outcome rows (（一）…（六）; （六） is one row in 2019, three in 2021).
import { T3_COLUMNS, T3_ROWS, t3Key } from '../../../domain/codebook.js';
import { checkIdentities } from '../arithmetic.js';
import { defineRule } from '../rule.js';

const OUTCOME_ROWS = (template: string) =>
  T3_ROWS.filter(
    (r) =>
      (r.id === 'granted' || r.id === 'partial' || r.group !== undefined) &&
      (template === '2019' ? r.id !== 'other_no_correction' && r.id !== 'other_unpaid_fee' && r.id !== 'other_misc' : r.id !== 'other_total'),
  );

export default defineRule({
  id: 't3.outcomes',
  severity: 'error',
  description: 'table 3: （七）总计 equals the sum of the outcome rows, in every column',
  check: (input) => {
    if (input.template !== '2019' && input.template !== '2021') return [];
    const rows = OUTCOME_ROWS(input.template);
    return checkIdentities(
      input,
      't3.outcomes',
      'error',
      T3_COLUMNS.map((c) => ({ where: `column ${c.label}`, left: [t3Key('total', c.id)], right: rows.map((r) => t3Key(r.id, c.id)) })),
    );
  },
});
