// Table 4, each block: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计.
import { T4_BLOCKS, t4Key } from '../../../domain/codebook.js';
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
      T4_BLOCKS.map((b) => ({
        where: b.label,
        left: ['upheld', 'corrected', 'other', 'pending'].map((c) => t4Key(b.id, c)),
        right: [t4Key(b.id, 'total')],
      })),
    ),
});
