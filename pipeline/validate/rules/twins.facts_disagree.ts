// The versions of an agency-year published together (an HTML page and the PDF attached to it: twins) should say the
// same. A rule over a group of reports rather than one: the loader runs it whenever a group changes, and the finding
// goes on the current version, naming the cells that differ.
import type { Finding } from '../../types.js';
import type { TwinRule } from '../rule.js';

const ID = 'twins.facts_disagree';

const twinsFactsDisagree: TwinRule = {
  id: ID,
  severity: 'warning',
  description: 'the versions published together (the page and its PDF) agree on every statutory cell both read',
  check(twins) {
    if (twins.length < 2) return [];
    const values = new Map<string, Set<number>>();
    for (const twin of twins) {
      for (const [key, value] of Object.entries(twin.facts)) {
        // Statutory cells and the fee statement only: narrative figures may be worded differently on purpose.
        if (!/^(t[234]|s6)\./.test(key) || value === null) continue;
        const set = values.get(key) ?? new Set<number>();
        set.add(value);
        values.set(key, set);
      }
    }
    const keys = [...values]
      .filter(([, set]) => set.size > 1)
      .map(([key]) => key)
      .sort();
    if (keys.length === 0) return [];
    const finding: Finding = {
      rule: ID,
      severity: 'warning',
      message: `the versions published together (e.g. the page and its PDF) disagree on ${keys.length} cell(s): ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ' …' : ''}`,
      keys,
    };
    return [finding];
  },
};

export default twinsFactsDisagree;
