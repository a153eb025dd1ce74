// The default registry loads and every site in it is well-formed; a broken entry is refused with a clear message.
import { describe, expect, it } from 'vitest';
import { SiteConfigError } from '../../crawlers/errors.js';
import { loadRegistry, makeRegistry, parseRegistryYaml } from '../../crawlers/registry.js';

describe('site registry', () => {
  it("ships Beijing's sixteen districts and the municipal portal", () => {
    const r = loadRegistry();
    expect(r.sites.filter((s) => /^beijing-/.test(s.id))).toHaveLength(17);
    expect(r.get('beijing-miyun')).toMatchObject({ regionCode: '110118', expectReports: true, hosts: ['www.bjmy.gov.cn'], verified: 'stored pages 2026-11' });
    expect(r.get('beijing-shunyi')).toMatchObject({ verified: 'unverified' });
  });

  it.each([
    ['sites:\n  - { id: Bad_Id, name: 某区, region_code: "110118", entry: [https://x.gov.cn/] }', /site Bad_Id: id: lower-kebab/],
    ['sites:\n  - { id: a-b, name: 某区, region_code: "110118", entry: [ftp://x.gov.cn/] }', /site a-b: entry.0: must be http\(s\)/],
    ['sites:\n  - { id: a-b, name: 某区, region_code: "110118", entry: [https://x.gov.cn/], typo: 1 }', /site a-b: .*typo/],
    ['nope: []', /expected a top-level "sites:" list/],
    ['sites: [', /not valid YAML/],
  ])('refuses %j', (yaml, message) => {
    expect(() => parseRegistryYaml(yaml)).toThrow(message);
  });

  it('refuses a site defined twice', () => {
    const one = parseRegistryYaml('sites:\n  - { id: a-b, name: 某区, region_code: "110118", entry: [https://x.gov.cn/] }');
    expect(() => makeRegistry([...one, ...one])).toThrow(SiteConfigError);
  });
});
