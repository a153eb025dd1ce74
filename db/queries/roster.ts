// The roster of agencies expected to publish, refreshed from what the database knows: the districts of the
// registered sites (their governments and every township and subdistrict in the division table) and every agency
// a report was found for. Entries are only ever added, each with the reason it was first expected.
import { agencyKey, governmentName } from '../../domain/agency.js';
import { readRegions, REGIONS_DATASET, loadRegionIndex } from '../../domain/regions/read-regions.js';
import type { RosterSource } from '../../domain/values.js';
import type { DbHandle } from '../client.js';

export interface RosterEntry {
  agencyKey: string;
  name: string;
  regionCode: string | null;
  districtCode: string | null;
  level: string | null;
  source: RosterSource;
  sourceDetail: string;
  siteId: string | null;
}

/**
 * Township-level codes whose 7th digit is 4 or more are 类似乡级单位 (development zones, farms, mines): they have a
 * management committee, not a government with its own name in the table, so the division table does not say who
 * would publish for them. They enter the roster only when a report of theirs is found.
 */
const HAS_GOVERNMENT = /^\d{6}[0-3]\d\d$/;

/** The entries the division table gives for a site's district: its government and, for a county, its townships. */
export function divisionEntries(site: { id: string; regionCode: string }): RosterEntry[] {
  const regions = loadRegionIndex();
  const district = regions.get(site.regionCode);
  if (!district) return [];
  const entry = (code: string, fullName: string, level: string): RosterEntry => {
    const name = governmentName(fullName);
    return {
      agencyKey: agencyKey(name, code, regions),
      name,
      regionCode: code,
      districtCode: site.regionCode,
      level,
      source: 'division',
      sourceDetail: `${REGIONS_DATASET} ${code}, a division of the district of site ${site.id}`,
      siteId: site.id,
    };
  };
  const out = [entry(district.code, district.fullName, district.level)];
  if (district.level === 'county') {
    for (const r of readRegions()) {
      if (r.parentCode === district.code && r.level === 'township' && HAS_GOVERNMENT.test(r.code)) out.push(entry(r.code, r.fullName, 'township'));
    }
  }
  return out;
}

/** Adds what is newly expected; returns how many entries were added. */
export async function refreshRoster(handle: DbHandle): Promise<number> {
  const { rows: sites } = await handle.query<{ id: string; region_code: string }>(
    'select id, region_code from sites where enabled and region_code is not null order by id',
  );
  const entries: RosterEntry[] = sites.flatMap((s) => divisionEntries({ id: s.id, regionCode: s.region_code }));
  // Every agency with a report: found on a site (the district is the site's), or from a file imported by hand.
  const { rows: found } = await handle.query<{
    key: string;
    name: string;
    region_code: string | null;
    level: string | null;
    site_id: string | null;
    site_region: string | null;
    url: string | null;
  }>(
    `select a.key, a.name, a.region_code, a.level, src.site_id, st.region_code as site_region, src.url
       from agencies a
       left join lateral (
         select s.site_id, s.url from reports r join document_sources s on s.sha256 = r.document_sha256
          where r.agency_id = a.id order by s.first_seen_at, s.id limit 1) src on true
       left join sites st on st.id = src.site_id
      where a.key is not null and exists (select 1 from reports r where r.agency_id = a.id)
      order by a.id`,
  );
  const regions = loadRegionIndex();
  for (const a of found) {
    const district = a.site_region ?? (a.region_code ? (regions.countyOf(a.region_code)?.code ?? null) : null);
    entries.push({
      agencyKey: a.key,
      name: a.name,
      regionCode: a.region_code,
      districtCode: district,
      level: a.level,
      source: a.site_id ? 'site' : 'report',
      sourceDetail: a.site_id ? `published on site ${a.site_id}: ${a.url}` : 'a report read from a file outside any site',
      siteId: a.site_id,
    });
  }
  let added = 0;
  for (let i = 0; i < entries.length; i += 5000) {
    const part = entries.slice(i, i + 5000);
    const { rows } = await handle.query<{ n: number }>(
      `with ins as (
         insert into roster (agency_key, name, region_code, district_code, level, source, source_detail, site_id)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         on conflict (agency_key) do nothing returning 1)
       select count(*)::int as n from ins`,
      [
        part.map((e) => e.agencyKey),
        part.map((e) => e.name),
        part.map((e) => e.regionCode),
        part.map((e) => e.districtCode),
        part.map((e) => e.level),
        part.map((e) => e.source),
        part.map((e) => e.sourceDetail),
        part.map((e) => e.siteId),
      ],
    );
    added += rows[0]!.n;
  }
  return added;
}
