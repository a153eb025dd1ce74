// Table 3, every row: 自然人 + the five 法人或其他组织 columns = 总计.
import { T3_COLUMNS, T3_ROWS, T3_SUBTOTAL_ROWS, t3Key } from '../../../domain/codebook.js';
import { checkIdentities } from '../arithmetic.js';
import { defineRule } from '../rule.js';

const parts = T3_COLUMNS.filter((c) => c.id !== 'total');

export default defineRule({
  id: 't3.row_sum',
  severity: 'error',
  description: 'table 3: in every row the six applicant columns add up to 总计',
  check: (input) =>
    checkIdentities(
      input,
      't3.row_sum',
      'error',
      [...T3_ROWS, ...T3_SUBTOTAL_ROWS].map((row) => ({
        where: `row ${row.label}`,
        left: parts.map((c) => t3Key(row.id, c.id)),
        right: [t3Key(row.id, 'total')],
      })),
    ),
});
