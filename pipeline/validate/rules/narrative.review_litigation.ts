// The text's reconsideration and lawsuit figures (and their breakdown) agree with table 4; lawsuits in the two
// litigation blocks are added up. A table 4 with cases the text never mentions is noted.
import { compareNarrative } from '../narrative-compare.js';
import { defineRule } from '../rule.js';

const PARTS = ['upheld', 'corrected', 'other', 'pending'] as const;

export default defineRule({
  id: 'narrative.review_litigation',
  severity: 'warning',
  description: 'reconsiderations and lawsuits stated in the text equal table 4',
  check: (input) => {
    const rule = 'narrative.review_litigation';
    const findings = [
      ...compareNarrative(input, rule, 'n.review_total', ['t4.review.total'], 'administrative reconsiderations'),
      ...compareNarrative(input, rule, 'n.litigation_total', ['t4.litigation_direct.total', 't4.litigation_after_review.total'], 'lawsuits'),
    ];
    for (const p of PARTS) {
      findings.push(...compareNarrative(input, rule, `n.review_${p}`, [`t4.review.${p}`], `reconsiderations ${p}`));
      findings.push(...compareNarrative(input, rule, `n.litigation_${p}`, [`t4.litigation_direct.${p}`, `t4.litigation_after_review.${p}`], `lawsuits ${p}`));
    }
    // The breakdown the text gives should add up to the total it gives.
    for (const kind of ['review', 'litigation'] as const) {
      const total = input.facts[`n.${kind}_total`];
      const parts = PARTS.map((p) => input.facts[`n.${kind}_${p}`]);
      if (total == null || parts.every((v) => v == null)) continue;
      const sum = parts.reduce<number>((a, v) => a + (v ?? 0), 0);
      if (parts.every((v) => v != null) && sum !== total) {
        findings.push({
          rule,
          severity: 'warning',
          message: `the text's ${kind} breakdown ${parts.join(' + ')} = ${sum} does not add up to the ${total} it states`,
          keys: [`n.${kind}_total`, ...PARTS.map((p) => `n.${kind}_${p}`)],
        });
      }
    }
    const tableLit = (input.facts['t4.litigation_direct.total'] ?? 0) + (input.facts['t4.litigation_after_review.total'] ?? 0);
    if (tableLit > 0 && !('n.litigation_total' in input.facts) && !/行政诉讼/.test(input.text.replace(/行政复议、?行政诉讼情况/g, ''))) {
      findings.push({
        rule: 'narrative.unmentioned',
        severity: 'info',
        message: `table 4 has ${tableLit} lawsuit(s) the text does not mention`,
        keys: ['t4.litigation_direct.total', 't4.litigation_after_review.total'],
      });
    }
    const tableRev = input.facts['t4.review.total'] ?? 0;
    if (tableRev > 0 && !('n.review_total' in input.facts) && !/行政复议\d|行政复议(申请|案件)/.test(input.text)) {
      findings.push({
        rule: 'narrative.unmentioned',
        severity: 'info',
        message: `table 4 has ${tableRev} reconsideration(s) the text does not mention`,
        keys: ['t4.review.total'],
      });
    }
    return findings;
  },
});
