// A report whose agency line is a spreadsheet formula is read, but flagged and kept from a clean grade: the red team's
// =HYPERLINK( agency passed as grade A.
import fs from 'node:fs';
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
