// Table 3, every column: 一 + 二 = 三(七)总计 + 四 — the 勾稽关系 printed on the form itself (identities from domain/skeleton.ts).
import { identities } from '../../../domain/skeleton.js';
import { checkIdentities } from '../arithmetic.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 't3.balance',
  severity: 'error',
  description: 'table 3: received this year + carried over = outcomes in total + carried forward, in every column',
  check: (input) =>
    checkIdentities(
      input,
      't3.balance',
      'error',
      identities(input.template, (k) => k in input.facts).filter((i) => i.rule === 't3.balance'),
    ),
});
