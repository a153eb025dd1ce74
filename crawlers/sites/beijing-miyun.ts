// 密云区 keeps one 年报 column per year (gknb2019 … gknb2025) holding every unit's report, ~67 a year; TRS lists
// paginated with createPageHTML (see shared/domain/site-patterns.md §1.3, §3.1).
import { defineSite } from '../define-site.js';

export default defineSite({
  id: 'beijing-miyun',
  name: '北京市密云区人民政府',
  regionCode: '110118',
  entry: [
    'https://www.bjmy.gov.cn/zwgk/zfxxgk/zfxxgknb/',
    ...[2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => `https://www.bjmy.gov.cn/zwgk/zfxxgk/zfxxgknb/gknb${y}/`),
  ],
  pattern: 'generic',
  expectReports: true,
  layout: 'A: one column per year, all units',
});
