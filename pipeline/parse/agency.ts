// The agency a report names, as the document says it: its division (from the name, or from the site it was found
// on when the name alone is ambiguous) and its level. A near match is reported, never taken. Pure: the division
// table is handed in. Which agency row of the database it is, is decided at load (domain/agency.ts).
import type { Finding } from '../types.js';
import type { AgencyLevel } from '../../domain/values.js';
import { compact } from '../../domain/normalize.js';
import type { RegionIndex } from '../../domain/regions/resolve-region.js';

export interface AgencyInfo {
  regionCode: string | null;
  level: AgencyLevel | null;
  findings: Finding[];
}

/** Department-like endings: the organ is not the government of the place its name starts with. */
const DEPARTMENT = /(委员会|局|委|办公室|办|中心|管委会|分局|所|队|站|院|署|厅|公司|协会|联合会|馆)$/;

function levelFromName(rest: string, regionLevel: string | null): AgencyLevel | null {
  const r = rest.replace(/^(人民政府|政府)/, '');
  if (r === '' || /^(街道|街道办事处|地区办事处|办事处)$/.test(r)) {
    return (regionLevel as AgencyLevel | null) ?? null;
  }
  if (DEPARTMENT.test(r)) return 'department';
  return 'other';
}

/**
 * `hintRegion` is the division the document's context names (its site's district, the folders it was filed in, an
 * import's --region); `hintWhy` says which, for the finding when it settles a shared name.
 */
export function readAgency(
  name: string | null,
  hintRegion: string | undefined,
  regions: RegionIndex,
  hintWhy = "the document was found on that district's site",
): AgencyInfo {
  if (!name) return { regionCode: null, level: null, findings: [] };
  const findings: Finding[] = [];
  const r = regions.resolve(name, hintRegion);
  const clean = compact(name);
  if (r.status === 'exact') {
    if (r.usedHint) {
      findings.push({
        rule: 'agency.region_from_context',
        severity: 'info',
        message: `"${r.matched}" names several places; ${r.region.fullName} (${r.region.code}) chosen because ${hintWhy}`,
        keys: [],
      });
    }
    return { regionCode: r.region.code, level: levelFromName(r.rest, r.region.level), findings };
  }
  if (r.status === 'candidate') {
    findings.push({
      rule: 'agency.region_candidate',
      severity: 'info',
      message: `region of "${clean}" left unknown: ${r.reason}; candidate ${r.region.fullName} (${r.region.code}), confidence ${r.confidence}`,
      keys: [],
    });
  } else if (r.status === 'ambiguous') {
    const shown = r.candidates
      .slice(0, 5)
      .map((c) => `${c.fullName} (${c.code})`)
      .join('; ');
    findings.push({
      rule: 'agency.region_ambiguous',
      severity: 'info',
      message: `region of "${clean}" left unknown: "${r.matched}" is the name of ${r.candidates.length} places (${shown}${r.candidates.length > 5 ? '; …' : ''})`,
      keys: [],
    });
  } else {
    findings.push({ rule: 'agency.region_unknown', severity: 'info', message: `no division name found in "${clean}"`, keys: [] });
  }
  const stripped = clean.replace(/(人民政府|政府|办事处)$/, '');
  let level: AgencyLevel | null = null;
  if (DEPARTMENT.test(clean) && !/(人民政府|政府)$/.test(clean)) level = 'department';
  else if (/(镇|乡|街道|苏木)$/.test(stripped)) level = 'township';
  else if (/(区|县|旗)$/.test(stripped)) level = 'county';
  return { regionCode: null, level, findings };
}
