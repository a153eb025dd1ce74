// resolveRegion: exact names, names without their province, shared names that stay ambiguous without context.
import { describe, expect, it } from 'vitest';
import { loadRegionIndex } from '../../../domain/regions/read-regions.js';

const regions = loadRegionIndex();
const resolveRegion = (name: string, hint?: string) => regions.resolve(name, hint);

describe('resolveRegion', () => {
  it.each([
    ['北京市通州区潞城镇', '110112119', '北京市通州区潞城镇'],
    ['北京市通州区潞城镇人民政府', '110112119', '北京市通州区潞城镇'],
    ['北京市通州区于家务回族乡人民政府', '110112209', '北京市通州区于家务回族乡'],
    ['北京市密云区人民政府', '110118', '北京市密云区'],
    ['密云区', '110118', '北京市密云区'],
    ['哈尔滨市道里区经纬街道办事处', '230102011', '黑龙江省哈尔滨市道里区经纬街道'],
    ['广东省东莞市东城街道', '441900003', '广东省东莞市东城街道'],
    ['北京', '110000', '北京市'],
  ])('%s → %s', (name, code, fullName) => {
    const r = resolveRegion(name);
    expect(r.status).toBe('exact');
    if (r.status === 'exact') expect([r.region.code, r.region.fullName, r.usedHint]).toEqual([code, fullName, false]);
  });

  it('keeps the department part of a department name as the rest', () => {
    const r = resolveRegion('北京市通州区城市管理委员会');
    expect(r).toMatchObject({ status: 'exact', region: { code: '110112' }, rest: '城市管理委员会' });
  });

  it('does not read 乡 in 城乡建设委员会 as a township', () => {
    expect(resolveRegion('北京市东城区城乡建设委员会')).toMatchObject({ status: 'exact', region: { code: '110101' }, rest: '城乡建设委员会' });
  });

  it('proposes 平昌镇 (河南省信阳市平桥区) for the unlisted 平昌关镇, as a low-confidence candidate', () => {
    const r = resolveRegion('平昌关镇');
    expect(r).toMatchObject({ status: 'candidate', region: { code: '411503105', fullName: '河南省信阳市平桥区平昌镇' } });
    if (r.status === 'candidate') expect(r.confidence).toBeLessThan(1);
  });

  it.each([['城关镇'], ['通州区'], ['北庄镇'], ['潞城镇']])('says ambiguous for the shared name %s', (name) => {
    const r = resolveRegion(name);
    expect(r.status).toBe('ambiguous');
    if (r.status === 'ambiguous') expect(r.candidates.length).toBeGreaterThan(1);
  });

  it('lists every 城关镇 as a candidate', () => {
    const r = resolveRegion('城关镇');
    expect(r.status === 'ambiguous' && r.candidates.length).toBe(88);
  });

  it.each([
    ['通州区', '110000', '110112'],
    ['北庄镇', '110118', '110118114'],
    ['潞城镇', '110112', '110112119'],
  ])('settles %s with the hint %s', (name, hint, code) => {
    expect(resolveRegion(name, hint)).toMatchObject({ status: 'exact', region: { code }, usedHint: true });
  });

  it('does not let a hint override a name that says otherwise', () => {
    expect(resolveRegion('山西省晋城市陵川县潞城镇', '110112')).toMatchObject({ status: 'exact', region: { code: '140524106' } });
  });

  it('returns none for a name with no place in it', () => {
    expect(resolveRegion('区教育委员会')).toEqual({ status: 'none', rest: '区教育委员会' });
  });
});
