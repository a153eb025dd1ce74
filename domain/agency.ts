// Which agency a report belongs to, as one canonical identity: a government is named after its division
// (北京市通州区潞城镇 and 北京市通州区潞城镇人民政府 are one agency); a department printed without its place (区城市管理委)
// takes the district of the site it was found on; anything else keeps its printed name. Pure: the division table is
// handed in. The parser reads what the document says (pipeline/parse/agency.ts); the loader finds or creates the row.
import { compact } from './normalize.js';
import type { RegionIndex } from './regions/resolve-region.js';
import type { AgencyLevel } from './values.js';

export interface AgencyIdentity {
  /** The canonical name: the agency row's name. */
  name: string;
  /** The name as printed (NFKC, no whitespace): kept as an alias. */
  printed: string;
  regionCode: string | null;
  /** How the region was decided: 'name' (from the printed name), 'context' (the site's district), or null. */
  regionSource: 'name' | 'context' | null;
  level: AgencyLevel | null;
}

/** Levels at which an agency is the government of a division. */
export const GOVERNMENT_LEVELS: readonly AgencyLevel[] = ['province', 'city', 'county', 'township'];

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
      // Subdistricts (街道) and areas (地区) are run by an 办事处, not a 人民政府.
      const suffix = /(街道|地区)$/.test(full) ? '办事处' : '人民政府';
      return { name: `${full}${suffix}`, printed, regionCode, regionSource: 'name', level };
    }
  }
  // 区/县/市/旗 at the start: "the district's …", e.g. 区城市管理委员会.
  if (!regionCode && siteRegionCode && /^(区|县|市|旗)/.test(printed) && level === 'department') {
    const full = regions.get(siteRegionCode)?.fullName;
    if (full) return { name: full + printed.slice(1), printed, regionCode: siteRegionCode, regionSource: 'context', level };
  }
  return { name: printed, printed, regionCode, regionSource: regionCode ? 'name' : null, level };
}
