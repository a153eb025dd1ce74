// Table 3, every column: （七）总计 = the sum of the outcome rows (（一）…（六）; （六） is one row in 2019 and in some
// 2021 reports, three in the 2021 form). Identities from domain/skeleton.ts.
import { identities } from '../../../domain/skeleton.js';
import { checkIdentities } from '../arithmetic.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 't3.outcomes',
  severity: 'error',
  description: 'table 3: （七）总计 equals the sum of the outcome rows, in every column',
  check: (input) =>
    checkIdentities(
      input,
      't3.outcomes',
      'error',
      identities(input.template, (k) => k in input.facts).filter((i) => i.rule === 't3.outcomes'),
    ),
});
