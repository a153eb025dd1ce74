// What the path of an imported file says (pipeline/parse/file-path.ts), for names as collections have them: the
// agency from the file or the nearest folder, one year (dates and ranges are not years), the folders around the
// agency, and whether the file's own name calls it a report.
import { expect, it } from 'vitest';
import { readFilePath } from '../../../pipeline/parse/file-path.js';

it.each([
  // path, agency (and where from), year (and where from), outer folders, the file named as a report
  ['通州区年报/潞城镇/2021年报.pdf', '潞城镇 folder', '2021 file', ['通州区'], true],
  ['潞城镇/2021.pdf', '潞城镇 folder', '2021 file', [], false],
  ['2021/潞城镇政府信息公开年报.docx', '潞城镇 file', '2021 folder', [], true],
  ['西集镇2020年报.txt', '西集镇 file', '2020 file', [], true],
  ['通州区.zip/2021/潞城镇政府信息公开年报（定稿）.docx', '潞城镇 file', '2021 folder', ['通州区'], true],
  // A copy's name: 关于 before and 的副本 after the agency are not part of it.
  ['关于潞城镇2021年度报告的副本.docx', '潞城镇 file', '2021 file', [], true],
  ['reports/2019-2020/北京市通州区人民政府2020年政府信息公开工作年度报告(1).pdf', '北京市通州区人民政府 file', '2020 file', [], true],
  // A date is when a note was written, not a report's year; a folder named 年报 does not make its files reports.
  ['年报/潞城镇/2022年1月20日会议纪要.txt', '潞城镇 folder', null, [], false],
  ['潞城镇/2021/2022-01-15.pdf', '潞城镇 folder', '2021 folder', [], false],
  // 区政府 names the kind of organ, not which one.
  ['新建文件夹/区政府2021年报.doc', null, '2021 file', [], true],
  ['backup/01/report.html', null, null, [], false],
] as const)('%s', (filePath, agency, year, outer, namesReport) => {
  const r = readFilePath(filePath);
  expect([r.agency && `${r.agency.value} ${r.agency.kind}`, r.year && `${r.year.value} ${r.year.kind}`, r.outer, r.namesReport]).toEqual([
    agency,
    year,
    outer,
    namesReport,
  ]);
});
