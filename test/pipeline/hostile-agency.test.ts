// Hostile or broken text in a report: an agency line that is a spreadsheet formula is read, but flagged and kept from
// a clean grade (the red team's =HYPERLINK( agency passed as grade A); a page in two encodings is read line by line
// and says so.
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { expect, it } from 'vitest';
import { readReport } from '../../pipeline/read-report.js';

it('flags an agency named =HYPERLINK(…) and does not grade it A', async () => {
  const clean = fs.readFileSync('test/pipeline/reports/cells-text-2020/source.txt', 'utf8');
  const hostile = clean.replace(/^北京市通州区漷县镇人民政府/, '=HYPERLINK("http://evil.example/","北京市通州区漷县镇人民政府")');
  expect(hostile).not.toBe(clean);
  expect((await readReport(Buffer.from(clean), {})).report.grade).toBe('A');
  const { report } = await readReport(Buffer.from(hostile), {});
  expect(report.agency.name).toBe('=HYPERLINK(http://evil.example/,北京市通州区漷县镇人民政府)');
  expect(report.findings.filter((f) => f.rule === 'meta.agency_name').map((f) => f.severity)).toEqual(['error']);
  expect(report.grade).toBe('C');
});

it('reports a page in two encodings with a warning instead of mojibake', async () => {
  const clean = fs.readFileSync('test/pipeline/reports/cells-text-2020/source.txt', 'utf8');
  const [first, ...rest] = clean.split('\n');
  const bytes = Buffer.concat([iconv.encode(`${first}\n`, 'gbk'), Buffer.from(rest.join('\n'))]);
  const { doc, report } = await readReport(bytes, {});
  expect(doc.blocks[0]).toEqual({ kind: 'para', text: '北京市通州区漷县镇人民政府' });
  expect(report.agency.name).toBe('北京市通州区漷县镇人民政府');
  expect(report.findings.filter((f) => f.rule === 'text.mixed_encoding').map((f) => [f.severity, f.message])).toEqual([
    ['warning', expect.stringMatching(/^mixed encodings: \d+ lines were UTF-8 and 1 gb18030; each line was decoded in its own encoding$/)],
  ]);
});
