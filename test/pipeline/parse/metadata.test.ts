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
