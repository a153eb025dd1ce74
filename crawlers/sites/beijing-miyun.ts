// 密云区 keeps one 年报 column per year (gknb2018 … gknb2025) holding every unit's report, ~67 a year; TRS lists
// paginated with createPageHTML (see shared/domain/site-patterns.md §1.3, §3.1). Stored pages show gknb2018, 2019,
// 2023 and 2025 (shared/registry/beijing.yaml); the years between are listed too, since the base column is not
// known to link every year.
import { defineSite } from '../define-site.js';

export default defineSite({
  id: 'beijing-miyun',
  name: '北京市密云区人民政府',
  regionCode: '110118',
  entry: [
    'https://www.bjmy.gov.cn/zwgk/zfxxgk/zfxxgknb/',
    ...[2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => `https://www.bjmy.gov.cn/zwgk/zfxxgk/zfxxgknb/gknb${y}/`),
  ],
  hosts: ['www.bjmy.gov.cn'],
  pattern: 'trs',
  expectReports: true,
  verified: 'stored pages 2026-11',
  layout: 'A: one column per year, all units',
});
