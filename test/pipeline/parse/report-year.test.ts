// The year of a report comes from its title and text, never from the date folder of its URL or the date it was
// posted: 东城's 2018 report was re-posted in 2023-04 (…/2018nb/dcqzfbm2018/202304/t20230418_3058419.html).
import { expect, it } from 'vitest';
import { readReport } from '../../../pipeline/read-report.js';
import { generateReport } from '../../../replica/generate-report.js';
import { renderHtml } from '../../../replica/render-report.js';

const REPOSTED = 'https://www.bjdch.gov.cn/zfxxgkzl/zfxxgknb/2018nb/dcqzfbm2018/202304/t20230418_3058419.html';

it('reads 2018 from a report re-posted in 2023, whatever its URL and posting date say', async () => {
  const html = renderHtml(generateReport(7, '北京市东城区信息化工作办公室', 2018), { chrome: false });
  const { report } = await readReport(Buffer.from(html), {
    contentType: 'text/html',
    hints: {
      url: REPOSTED,
      publishedAt: '2023-04-18',
      meta: { PubDate: '2023-04-18 10:00' },
      linkText: '北京市东城区信息化工作办公室2018年政府信息公开工作年度报告',
    },
  });
  expect([report.year, report.agency.name, report.publishedAt]).toEqual([2018, '北京市东城区信息化工作办公室', '2023-04-18']);
});

it('takes no year from a URL when the document states none: null, not the date folder', async () => {
  // The title and statistical period are removed: only the URL (2023 folder) and no publication date remain.
  const html = renderHtml(generateReport(7, '北京市东城区信息化工作办公室', 2018), { chrome: false })
    .replaceAll('2018年政府信息公开工作年度报告', '政府信息公开工作年度报告')
    .replace(/本报告中所列数据的统计期限[^。]*。/, '')
    .replace(/20\d\d年\d+月\d+日/g, '');
  const { report } = await readReport(Buffer.from(html), { contentType: 'text/html', hints: { url: REPOSTED } });
  expect(report.year).toBeNull();
});
