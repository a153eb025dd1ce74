// A report that names another county's township, or speaks of 县 in a district that has none, was probably
// copied from someone else's report (seed yujiawu-2023: 诗洞镇, "参加县组织的各类培训" in a Beijing 乡).
import { isWithin, type RegionIndex } from '../../../domain/regions/resolve-region.js';
import { defineRule } from '../rule.js';

/** Characters before 镇/乡 that make a generic word, not a name: 我镇, 本乡, 各乡镇, 全镇, 城乡 … */
const GENERIC_BEFORE = /[我本各全该此每城农村乡镇与和及、，。；]/;

function namedTownships(text: string, regions: RegionIndex): string[] {
  const names = new Set<string>();
  const re = /镇|乡|街道/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    for (let len = 6; len >= 3; len--) {
      const start = end - len;
      if (start < 0) continue;
      const name = text.slice(start, end);
      const first = name[0]!;
      if (GENERIC_BEFORE.test(first) || !/^[\u4e00-\u9fff]+$/.test(name)) continue;
      if (regions.townshipsNamed(name).length > 0) {
        names.add(name);
        break;
      }
    }
  }
  return [...names];
}

export default defineRule({
  id: 'meta.foreign_place_name',
  severity: 'warning',
  description: 'the text names no township of another county, and no 县 where the district has none',
  check: (input, { regions }) => {
    const code = input.agency.regionCode;
    if (!code) return [];
    const county = regions.countyOf(code);
    if (!county) return [];
    const foreign = namedTownships(input.text, regions).filter((name) => !regions.townshipsNamed(name).some((t) => isWithin(t.code, county.code)));
    const messages: string[] = [];
    if (foreign.length) messages.push(`names ${foreign.join(', ')}, which lie outside ${county.fullName}`);
    // 全县/县委/县组织 … in a report from a 区 (a district has no 县): not 区县 or 县级市 wording.
    const county县 = county.name.endsWith('区') ? /(?<!区)(全县|县委|县政府|县组织|县里|本县|县直|县级部门)/.exec(input.text) : null;
    if (county县) messages.push(`speaks of "${county县[0]}" although ${county.name} is a district`);
    if (messages.length === 0) return [];
    return [
      { rule: 'meta.foreign_place_name', severity: 'warning', message: `the text ${messages.join(' and ')}: copied from another agency's report?`, keys: [] },
    ];
  },
});
