// Table 4, each block: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计 (identities from domain/skeleton.ts).
import { identities } from '../../../domain/skeleton.js';
import { checkIdentities } from '../arithmetic.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 't4.block_sum',
  severity: 'error',
  description: 'table 4: upheld + corrected + other + pending = total, for reviews and both kinds of lawsuit',
  check: (input) =>
    checkIdentities(
      input,
      't4.block_sum',
      'error',
      identities(input.template, (k) => k in input.facts).filter((i) => i.rule === 't4.block_sum'),
    ),
});
