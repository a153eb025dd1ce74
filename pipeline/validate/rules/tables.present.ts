// A 2019/2021 report has tables 2, 3 and 4; when one is missing its facts are absent, never filled with zeros.
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'tables.present',
  severity: 'warning',
  description: 'statutory tables 2, 3 and 4 are present (2019 and 2021 templates)',
  check: (input) => {
    if (input.template !== '2019' && input.template !== '2021') return [];
    const missing = (['t2', 't3', 't4'] as const).filter((t) => !input.tables[t]);
    if (missing.length === 0) return [];
    const pictures = input.images > 0 ? `; the document has ${input.images} image(s), perhaps the tables as pictures` : '';
    return [
      {
        rule: 'tables.present',
        severity: 'warning',
        message: `statistical table(s) ${missing.map((t) => t.slice(1)).join(', ')} missing: their cells are absent, not zero${pictures}`,
        keys: [],
      },
    ];
  },
});
