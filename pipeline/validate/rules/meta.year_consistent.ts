// The year in the title, the statistical period and the signature date (year + 1) agree.
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'meta.year_consistent',
  severity: 'warning',
  description: 'the report year agrees with the statistical period and the date it was signed',
  check: (input) => {
    const { meta } = input;
    if (input.year === null) return [];
    const problems: string[] = [];
    if (meta.periodYear !== null && meta.periodYear !== input.year) problems.push(`the statistical period is ${meta.periodYear}`);
    if (meta.signatureDate) {
      const signed = Number(meta.signatureDate.slice(0, 4));
      if (signed !== input.year + 1 && signed !== input.year) problems.push(`it is signed ${meta.signatureDate}`);
    }
    if (problems.length === 0) return [];
    return [
      {
        rule: 'meta.year_consistent',
        severity: 'warning',
        message: `the report is for ${input.year} (${meta.yearSource}) but ${problems.join(' and ')}`,
        keys: [],
      },
    ];
  },
});
