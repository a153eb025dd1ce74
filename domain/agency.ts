// Which agency a report belongs to, as one canonical identity: a government is named after its division
// (北京市通州区潞城镇 and 北京市通州区潞城镇人民政府 are one agency); a department printed without its place (区城市管理委)
// takes the district of the site it was found on; anything else keeps its printed name. Pure: the division table is
// handed in. The parser reads what the document says (pipeline/parse/agency.ts); the loader finds or creates the row.
// The agency key (division code + the name without its places) names the same agency on every installation.
import { compact } from './normalize.js';
import type { RegionIndex } from './regions/resolve-region.js';
import type { AgencyLevel } from './values.js';

export interface AgencyIdentity {
  /** The canonical name: the agency row's name. */
  name: string;
  /** The stable key: agencyKey(name, regionCode). */
  key: string;
  /** The name as printed (NFKC, no whitespace): kept as an alias. */
  printed: string;
  regionCode: string | null;
  /** How the region was decided: 'name' (from the printed name), 'context' (the site's district), or null. */
  regionSource: 'name' | 'context' | null;
  level: AgencyLevel | null;
}

/** Levels at which an agency is the government of a division. */
export const GOVERNMENT_LEVELS: readonly AgencyLevel[] = ['province', 'city', 'county', 'township'];

/** The canonical name of a division's government: subdistricts (街道) and areas (地区) are run by an 办事处, the rest by a 人民政府. */
export function governmentName(fullName: string): string {
  return `${fullName}${/(街道|地区)$/.test(fullName) ? '办事处' : '人民政府'}`;
}

/** City-level placeholders of the division table (市辖区 …) that nobody prints in a name. */
const PLACEHOLDER = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

/** How a name may start with the places of `code`, longest first: 北京市通州区潞城镇, 北京通州区潞城镇, 通州区潞城镇, 潞城镇. */
function placePrefixes(code: string, regions: RegionIndex): string[] {
  const chain: string[] = [];
  const codes = code.length === 9 ? [code.slice(0, 2), code.slice(0, 4), code.slice(0, 6), code] : [code.slice(0, 2), code.slice(0, 4), code];
  for (const c of codes) {
    const r = regions.get(c.padEnd(6, '0'));
    if (r && !PLACEHOLDER.test(r.name) && chain.at(-1) !== r.name) chain.push(r.name);
    if (c === code) break;
  }
  const out = new Set<string>();
  const full = regions.get(code)?.fullName;
  if (full) out.add(full);
  for (let i = 0; i < chain.length; i++) {
    out.add(chain.slice(i).join(''));
    // 北京市 → 北京, 广西壮族自治区 → 广西: provinces are often printed short.
    if (i === 0 && chain.length > 1) out.add(chain[0]!.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '') + chain.slice(1).join(''));
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * The agency's key, the same on every installation: its division code, a colon, and its name (NFKC, no whitespace)
 * without the places that division already says — `110112119:人民政府` for 北京市通州区潞城镇人民政府,
 * `110112:城市管理委员会` for 北京市通州区城市管理委员会 and for 通州区城市管理委员会. An agency whose division is unknown keeps
 * its whole name after an empty code (`:某某局`).
 */
export function agencyKey(name: string, regionCode: string | null, regions: RegionIndex): string {
  const n = compact(name);
  if (!regionCode) return `:${n}`;
  const prefix = placePrefixes(regionCode, regions).find((p) => n.startsWith(p) && n.length > p.length);
  return `${regionCode}:${prefix ? n.slice(prefix.length) : n}`;
}

/**
 * The canonical identity of the agency a report names. `siteRegionCode` is the district of the site the document
 * was found on; it names a department only when the printed name starts with a bare 区/县/市/旗.
 */
export function agencyIdentity(
  agency: { name: string; regionCode: string | null; level: AgencyLevel | null },
  siteRegionCode: string | null,
  regions: RegionIndex,
): AgencyIdentity {
  const printed = compact(agency.name);
  const { regionCode, level } = agency;
  if (regionCode && level && GOVERNMENT_LEVELS.includes(level)) {
    const full = regions.get(regionCode)?.fullName;
    if (full) {
      const name = governmentName(full);
      return { name, key: agencyKey(name, regionCode, regions), printed, regionCode, regionSource: 'name', level };
    }
  }
  // 区/县/市/旗 at the start: "the district's …", e.g. 区城市管理委员会.
  if (!regionCode && siteRegionCode && /^(区|县|市|旗)/.test(printed) && level === 'department') {
    const full = regions.get(siteRegionCode)?.fullName;
    if (full) {
      const name = full + printed.slice(1);
      return { name, key: agencyKey(name, siteRegionCode, regions), printed, regionCode: siteRegionCode, regionSource: 'context', level };
    }
  }
  return { name: printed, key: agencyKey(printed, regionCode, regions), printed, regionCode, regionSource: regionCode ? 'name' : null, level };
}
