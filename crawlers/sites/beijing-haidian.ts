// 海淀区 publishes its 年报 in the 信息公开大厅 on zyk.bjhd.gov.cn (earlier xxgk.bjhd.gov.cn), not on the portal host:
// one 年报 column per unit (/jbdt/auto{unit}_{a}/auto{unit}_{b}/auto{unit}_{c}/) that renders only its newest report
// inline, so the column page itself is the report and the same URL holds another year on each crawl (the archive
// keeps each by content hash). Evidence: shared/registry/beijing.yaml; fixtures: test/crawlers/sites/beijing-haidian/.
import { defineSite } from '../define-site.js';

export default defineSite({
  id: 'beijing-haidian',
  name: '北京市海淀区人民政府',
  regionCode: '110108',
  entry: [
    // 区政府's 政府信息公开年度报告 column, on the current host and on the old one.
    'https://zyk.bjhd.gov.cn/jbdt/auto10489_51767/zfwj_59297/zfwj_59339/',
    'http://xxgk.bjhd.gov.cn/auto10489_51767/zfwj_59297/zfwj_59339/',
    // Units' 年度报告 columns seen (区政务服务管理办公室 on both hosts; an unnamed unit).
    'http://zyk.bjhd.gov.cn/jbdt/auto4509_62750/auto4509_53486/auto4509_53528/',
    'http://xxgk.bjhd.gov.cn/auto4509_62750/auto4509_53486/auto4509_53528/',
    'http://zyk.bjhd.gov.cn/jbdt/auto4556_51852/auto4556_57730/auto4556_57772/',
    // The column tree's root, parent of every unit (not seen itself): units and their 年报 columns are found from here.
    'https://zyk.bjhd.gov.cn/jbdt/',
  ],
  // www.bjhd.gov.cn/zfxxgk/… is named by the 2018 district report as the column's address.
  hosts: ['zyk.bjhd.gov.cn', 'xxgk.bjhd.gov.cn', 'www.bjhd.gov.cn'],
  pattern: 'generic',
  expectReports: true,
  verified: 'stored pages 2026-11',
  layout: 'one 年报 column per unit, showing its newest report inline',
});
