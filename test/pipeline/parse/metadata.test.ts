// Title and agency from title lines dressed in markup or glued to site chrome: Markdown heading marks and emphasis,
// breadcrumbs with menu words before 当前位置 and column names glued to the title.
import { expect, it } from 'vitest';
import { readMetadata } from '../../../pipeline/parse/metadata.js';

const read = (title: string) => {
  const m = readMetadata(
    [
      { kind: 'para', text: title },
      { kind: 'para', text: '一、总体情况' },
    ],
    {},
  );
  return [m.agencyName, m.year, m.title];
};

it('strips Markdown heading marks, emphasis and bullets from the title', () => {
  expect(read('# 怀柔区汤河口镇2019年政府信息公开工作年度报告')).toEqual(['怀柔区汤河口镇', 2019, '怀柔区汤河口镇2019年政府信息公开工作年度报告']);
  expect(read('**北京市怀柔区汤河口镇2019年政府信息公开工作年度报告**')).toEqual([
    '北京市怀柔区汤河口镇',
    2019,
    '北京市怀柔区汤河口镇2019年政府信息公开工作年度报告',
  ]);
  expect(read('> - 北京市密云区人民政府2021年政府信息公开工作年度报告')[0]).toBe('北京市密云区人民政府');
});

it('reads the agency after a breadcrumb glued to menu words and to the title', () => {
  expect(read('首页政务公开政务服务互动交流走进房山区当前位置:首页>信息公开>年报窦店镇2020年政府信息公开工作年度报告')).toEqual([
    '窦店镇',
    2020,
    '窦店镇2020年政府信息公开工作年度报告',
  ]);
  expect(read('您当前的位置:首页政务公开法定主动公开内容政府信息公开年报四面山镇2021年政府信息公开工作年度报告')).toEqual([
    '四面山镇',
    2021,
    '四面山镇2021年政府信息公开工作年度报告',
  ]);
  expect(read('当前位置：首页 › 政务公开 › 北京市通州区潞城镇人民政府2021年政府信息公开工作年度报告')[0]).toBe('北京市通州区潞城镇人民政府');
});

it('reads a title that the page’s date and visit count follow on the same line (a flattened page), and skips a date line', () => {
  // What comes of a web page's text flattened to lines: chrome, then the title, its dates and the body on one line.
  const body =
    '依据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定，编制本报告。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。';
  const flattened = (lines: string[]) => {
    const m = readMetadata(
      lines.map((text) => ({ kind: 'para' as const, text })),
      {},
    );
    return [m.agencyName, m.year, m.title];
  };
  const want = ['北京市大兴区榆垡镇人民政府', 2022, '北京市大兴区榆垡镇人民政府2022年政府信息公开工作年度报告'];
  for (const dates of ['发布日期：2023-03-28 浏览次数：649 【大 中 小】', '发布时间：2023年3月28日 来源：榆垡镇', '  发布日期:2023/03/28  '])
    for (const chrome of ['首页 政务公开 政务服务 互动交流 走进大兴区 当前位置： 首页 > 信息公开 > 年报', '您当前的位置：首页 政务公开 政府信息公开年报'])
      expect(flattened([chrome, `北京市大兴区榆垡镇人民政府2022年政府信息公开工作年度报告 ${dates}${body}`])).toEqual(want);
  // A date line above the title, alone or before a title (a title after the date is not taken from that line).
  expect(flattened(['发布日期：2023-03-28 浏览次数：649', '北京市大兴区榆垡镇人民政府2022年政府信息公开工作年度报告', body])).toEqual(want);
  expect(flattened(['发布日期：2023-03-28 标题：北京市大兴区榆垡镇人民政府2022年政府信息公开工作年度报告', want[2] as string, body])).toEqual(want);
});
