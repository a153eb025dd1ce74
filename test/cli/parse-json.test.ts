// `gongkai parse FILE --json` as a user runs it: a PDF's facts carry the page and box they were read from.
import { describe, expect, it } from 'vitest';
import type { ParsedReport } from '../../pipeline/types.js';
import { runCli } from '../helpers/cli.js';

describe('gongkai parse --json', () => {
  it('prints a PDF report whole, with the page and box of each fact', async () => {
    const r = await runCli(['parse', '--json', 'test/pipeline/reports/seed-miyun-district-2021-word/source.pdf']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ParsedReport;
    expect(report.facts['t2.licensing.decisions']).toBe(49241);
    expect(report.provenance['t2.licensing.decisions']).toMatchObject({ block: 19, row: 6, col: 1, method: 'grid', page: 2 });
    expect(report.provenance['t2.licensing.decisions']!.box).toHaveLength(4);
  });
});
