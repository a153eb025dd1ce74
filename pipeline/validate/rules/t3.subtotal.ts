// Table 3, a subtotal printed on a group caption row (（三）不予公开 with numbers) equals the rows of its group.
import { identities } from '../../../domain/skeleton.js';
import { checkIdentities } from '../arithmetic.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 't3.subtotal',
  severity: 'error',
  description: 'table 3: a group subtotal row equals the sum of the rows of its group, in every column',
  check: (input) =>
    checkIdentities(
      input,
      't3.subtotal',
      'error',
      identities(input.template, (k) => k in input.facts).filter((i) => i.rule === 't3.subtotal'),
    ),
});
