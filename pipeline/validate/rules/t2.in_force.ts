// 2021 table 2: an agency cannot repeal more documents than it had in force plus those it issued.
import { defineRule } from '../rule.js';

export default defineRule({
  id: 't2.in_force',
  severity: 'warning',
  description: 'table 2 (2021): repealed ≤ in force + issued',
  check: (input) =>
    ['regulations', 'normative_docs'].flatMap((row) => {
      const [issued, repealed, inForce] = ['issued', 'repealed', 'in_force'].map((c) => input.facts[`t2.${row}.${c}`]);
      if (issued == null || repealed == null || inForce == null || repealed <= inForce + issued) return [];
      const keys = ['issued', 'repealed', 'in_force'].map((c) => `t2.${row}.${c}`);
      return [{ rule: 't2.in_force', severity: 'warning' as const, message: `${row}: repealed ${repealed} > in force ${inForce} + issued ${issued}`, keys }];
    }),
});
