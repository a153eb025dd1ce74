// Table 3, every row: 自然人 + the five 法人或其他组织 columns = 总计 (identities from domain/skeleton.ts).
import { identities } from '../../../domain/skeleton.js';
import { checkIdentities } from '../arithmetic.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 't3.row_sum',
  severity: 'error',
  description: 'table 3: in every row the six applicant columns add up to 总计',
  check: (input) =>
    checkIdentities(
      input,
      't3.row_sum',
      'error',
      identities(input.template, (k) => k in input.facts).filter((i) => i.rule === 't3.row_sum'),
    ),
});
