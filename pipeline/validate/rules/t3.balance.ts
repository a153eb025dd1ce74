// Table 3, every column: 一 + 二 = 三(七)总计 + 四 — the 勾稽关系 printed on the form itself.
import { T3_COLUMNS, t3Key } from '../../../domain/codebook.js';
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
      T3_COLUMNS.map((c) => ({
        where: `column ${c.label}`,
        left: [t3Key('new_received', c.id), t3Key('carried_over', c.id)],
        right: [t3Key('total', c.id), t3Key('carried_forward', c.id)],
      })),
    ),
});
