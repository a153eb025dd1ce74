// Property: a generated report rendered in any form of shared/domain/forms-in-the-wild.md (an article fragment, a
// saved page with blank columns, a PDF text layer, Markdown fragments out of order, flattened glued text, misprinted
// labels, inconsistent originals) reads back with every printed cell either right or null with a finding naming it.
// The 10,000-case run of the same check is `npm run bench -- decode`.
import { describe, expect, it } from 'vitest';
import { runCase } from '../../bench/decode.js';
import { FORMS } from '../../replica/render-forms.js';

const PER_FORM = 60;

/** The most printed numbers each form may leave null: none where one number is one cell, under 10% for glued digits
 * (the bar), a few where fragments or misprints leave a layout in doubt. Cells printed blank read null and
 * are not counted. */
const MAX_NULL_RATE: Record<(typeof FORMS)[number], number> = {
  fragment: 0,
  'saved-page': 0,
  'pdf-text': 0,
  markdown: 0.03,
  flattened: 0.1,
  variants: 0.03,
  inconsistent: 0.08,
};

describe('decoding every form of the wild', () => {
  it.each(FORMS.map((f) => [f]))('%s: no cell read wrong, every null named by a finding', async (form) => {
    let cells = 0;
    let nulls = 0;
    for (let i = 0; i < PER_FORM; i++) {
      const seed = 100_003 + i * 104_729 + FORMS.indexOf(form);
      const res = await runCase(seed, form);
      expect({ seed, wrong: res.wrong }).toEqual({ seed, wrong: [] });
      expect({ seed, unexplained: res.nullsWithoutFinding }).toEqual({ seed, unexplained: [] });
      cells += res.cells;
      nulls += res.nulls;
    }
    expect(nulls / cells).toBeLessThanOrEqual(MAX_NULL_RATE[form]);
  });
});
