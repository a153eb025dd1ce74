// The text's application figures agree with table 3: received (一, or 一+二 when it says 含上年结转), answered
// (（七）总计) and carried forward (四).
import { compareNarrative } from '../narrative-compare.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'narrative.applications',
  severity: 'warning',
  description: 'applications received, answered and carried forward in the text equal table 3',
  check: (input) => {
    // 含上年结转 / 包括上年结转: the stated number includes last year's carry-over.
    const withCarry = /含上年结转|包括上年结转|含结转/.test(input.raw['n.applications_received'] ?? '');
    return [
      ...compareNarrative(
        input,
        'narrative.applications',
        'n.applications_received',
        withCarry ? ['t3.new_received.total', 't3.carried_over.total'] : ['t3.new_received.total'],
        'applications received',
      ),
      ...compareNarrative(input, 'narrative.applications', 'n.applications_closed', ['t3.total.total'], 'applications answered'),
      ...compareNarrative(input, 'narrative.applications', 'n.applications_carried_forward', ['t3.carried_forward.total'], 'applications carried forward'),
    ];
  },
});
