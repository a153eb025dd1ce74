// One cell per line (Word → text): a tab-only line that stands where a blank line should (after a row's last cell,
// before the next row's label) ends the row, while the empty cells Word writes as tab-only lines stay cells.
import { describe, expect, it } from 'vitest';
import { extractTxt } from '../../../pipeline/extract/txt.js';
import { readReport } from '../../../pipeline/read-report.js';
import { generateReport } from '../../../replica/generate-report.js';
import { renderText } from '../../../replica/render-report.js';

const rowsOf = (text: string) => extractTxt(text).blocks.flatMap((b) => (b.kind === 'table' ? [b.rows] : []));

describe('tab-only lines in one-cell-per-line text', () => {
  it.each([
    [
      'between a value and the next label: ends the row',
      '\t规章\n\t4\n\t5\n\t83\n\t\n\t规范性文件\n\t1\n\t2\n\t3\n',
      [
        ['规章', '4', '5', '83'],
        ['规范性文件', '1', '2', '3'],
      ],
    ],
    ['between two label rows: ends the row', '\t第二十条第（一）项\n\t\n\t信息内容\n\t本年制发件数\n', [['第二十条第（一）项'], ['信息内容', '本年制发件数']]],
    [
      'followed by the next row’s own spacer: the first ends the row, the second is the spacer',
      '\t规章\n\t4\n\t\n\t\n\t规范性文件\n\t1\n',
      [
        ['规章', '4'],
        ['', '规范性文件', '1'],
      ],
    ],
    [
      'a spacer after a blank line starts its row',
      '\t规章\n\t4\n\n\t\n\t商业企业\n\t1\n',
      [
        ['规章', '4'],
        ['', '商业企业', '1'],
      ],
    ],
    [
      'an empty cell at a row’s end, before a blank line, stays',
      '\t自然人\n\t其他\n\t\n\n\t规章\n\t4\n',
      [
        ['自然人', '其他', ''],
        ['规章', '4'],
      ],
    ],
    ['a blank value between two values stays', '\t规章\n\t4\n\t\n\t83\n', [['规章', '4', '', '83']]],
  ])('%s', (_name, text, rows) => {
    expect(rowsOf(text)).toEqual([rows]);
  });

  it.each([2020, 2022])('reads every cell of a %i report whose rows are parted by tab-only lines', async (year) => {
    const spec = generateReport(7, '北京市密云区人民政府', year, { applications: 20, decisions: 600 });
    const lines = renderText(spec, 'cells').split('\n');
    // Every blank line between two cell lines (inside a table) becomes a line holding one tab.
    const parted = lines.map((l, i) => (l === '' && lines[i - 1]?.startsWith('\t') && lines[i + 1]?.startsWith('\t') ? '\t' : l));
    expect(parted.filter((l) => l === '\t').length).toBeGreaterThan(40);
    const { report } = await readReport(Buffer.from(parted.join('\n')));
    expect(Object.fromEntries(Object.keys(spec.facts).map((k) => [k, report.facts[k]]))).toEqual(spec.facts);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
