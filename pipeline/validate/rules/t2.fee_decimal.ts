// 行政事业性收费 is money in 万元: more than four decimals suggests the amount was written in 元.
import { defineRule } from '../rule.js';

const KEY = 't2.admin_fees.amount_wan';

export default defineRule({
  id: 't2.fee_decimal',
  severity: 'warning',
  description: 'the administrative fee amount (万元) has at most four decimals',
  check: (input) => {
    const v = input.facts[KEY];
    if (v === null || v === undefined) return [];
    const decimals = (String(v).split('.')[1] ?? '').length;
    if (decimals <= 4) return [];
    return [{ rule: 't2.fee_decimal', severity: 'warning', message: `${KEY} = ${v} has ${decimals} decimals; is it in 元 rather than 万元?`, keys: [KEY] }];
  },
});
