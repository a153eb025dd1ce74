// Walks test/pipeline/reports/*: each source parses to its golden expected.json, and to the values checked by
// hand in checked.json (facts cell by cell, agency, year, template, grade, and the findings that must be there).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../helpers/golden.js';
import { cases, checkAgainstHandChecked, type Checked, parseCase, REPORTS_DIR } from '../helpers/report-cases.js';

describe('parsed reports match their golden files', () => {
  it('has at least twenty cases (five seeds and fifteen more)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('%s', async (name) => {
    const dir = path.join(REPORTS_DIR, name);
    const report = await parseCase(dir);
    const checked = JSON.parse(fs.readFileSync(path.join(dir, 'checked.json'), 'utf8')) as Checked;
    checkAgainstHandChecked(report, checked);
    expectGolden(path.join(dir, 'expected.json'), report);
  });
});
