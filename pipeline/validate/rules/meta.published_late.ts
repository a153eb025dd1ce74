// Art. 49: departments publish by 31 January, governments by 31 March of the following year (townships by their county's date).
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'meta.published_late',
  severity: 'info',
  description: 'published after the statutory deadline (31 Jan for departments, 31 Mar for governments)',
  check: (input) => {
    if (!input.publishedAt || input.year === null || !input.agency.level) return [];
    const deadline = input.agency.level === 'department' ? `${input.year + 1}-01-31` : `${input.year + 1}-03-31`;
    if (input.publishedAt <= deadline) return [];
    return [{ rule: 'meta.published_late', severity: 'info', message: `published ${input.publishedAt}, after the deadline ${deadline}`, keys: [] }];
  },
});
