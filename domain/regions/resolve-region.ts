// Resolves a place or agency name (北京市通州区潞城镇人民政府, 平昌关镇, 通州区) to a GB/T 2260 division.
// Pure: works on a division table it is given (read once by read-regions.ts), no I/O. Says "ambiguous" instead of
// guessing between look-alikes.
import { compact } from '../normalize.js';
import type { RegionLevel } from '../values.js';

/** One row of the division table. */
export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  fullName: string;
}

export interface RegionRef {
  code: string;
  name: string;
  fullName: string;
  level: RegionLevel;
}

export type RegionResolution =
  /** The name (with the hint's help, if given) designates exactly one division. */
  | { status: 'exact'; region: RegionRef; matched: string; rest: string; usedHint: boolean }
  /** No exact match; one division is close (e.g. one character differs). Never to be used silently. */
  | { status: 'candidate'; region: RegionRef; confidence: number; reason: string; matched: string; rest: string }
  | { status: 'ambiguous'; candidates: RegionRef[]; matched: string; rest: string }
  | { status: 'none'; rest: string };

interface Index {
  byName: Map<string, RegionRow[]>;
  byCode: Map<string, RegionRow>;
  children: Map<string, RegionRow[]>;
  maxNameLength: number;
}

/** Short forms people write for provinces: 北京, 内蒙古, 广西 … */
const PROVINCE_SUFFIX = /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;

function buildIndex(rows: readonly RegionRow[]): Index {
  const byName = new Map<string, RegionRow[]>();
  const byCode = new Map<string, RegionRow>();
  const children = new Map<string, RegionRow[]>();
  const add = (name: string, r: RegionRow) => {
    const list = byName.get(name);
    if (list) {
      if (!list.includes(r)) list.push(r);
    } else byName.set(name, [r]);
  };
  let maxNameLength = 0;
  for (const r of rows) {
    byCode.set(r.code, r);
    if (r.parentCode) {
      const list = children.get(r.parentCode);
      if (list) list.push(r);
      else children.set(r.parentCode, [r]);
    }
    // 市辖区 / 县 are placeholders for a municipality's city level, not names anyone writes.
    if (r.level === 'city' && (r.name === '市辖区' || r.name === '县' || r.name.includes('直辖'))) continue;
    add(r.name, r);
    maxNameLength = Math.max(maxNameLength, r.name.length);
    if (r.level === 'province') add(r.name.replace(PROVINCE_SUFFIX, ''), r);
  }
  return { byName, byCode, children, maxNameLength };
}

/** Digits of a code that every descendant's code starts with (110000 → 11, 110100 → 1101, 110112 → 110112). */
export function codePrefix(code: string): string {
  if (code.length !== 6) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function isWithin(code: string, ancestor: string): boolean {
  return code.startsWith(codePrefix(ancestor));
}

function toRef(r: RegionRow): RegionRef {
  return { code: r.code, name: r.name, fullName: r.fullName, level: r.level };
}

/** The division table, indexed for name look-ups; built once per process from the rows read-regions.ts reads. */
export interface RegionIndex {
  /** See resolveRegion below. */
  resolve(name: string, hint?: string | null): RegionResolution;
  /** Divisions at township level with exactly this name (潞城镇 → two). */
  townshipsNamed(name: string): RegionRef[];
  /** The county-level division a code lies in (the code itself for a county, its parent for a township). */
  countyOf(code: string): RegionRef | undefined;
  get(code: string): RegionRef | undefined;
}

export function indexRegions(rows: readonly RegionRow[]): RegionIndex {
  const idx = buildIndex(rows);
  return {
    resolve: (name, hint) => resolveRegion(idx, name, hint),
    townshipsNamed: (name) => (idx.byName.get(name) ?? []).filter((r) => r.level === 'township').map(toRef),
    countyOf(code) {
      let r = idx.byCode.get(code);
      while (r && r.level === 'township') r = r.parentCode ? idx.byCode.get(r.parentCode) : undefined;
      return r && (r.level === 'county' || r.level === 'city') ? toRef(r) : undefined;
    },
    get(code) {
      const r = idx.byCode.get(code);
      return r ? toRef(r) : undefined;
    },
  };
}

/** The part of an agency name that names a place: 人民政府/办事处 suffixes and the like do not. */
const AGENCY_SUFFIX = /(人民政府办公厅|人民政府办公室|人民政府|政府|办事处)$/;

interface Chain {
  regions: RegionRow[];
  consumed: number;
}

/** Every longest left-to-right reading of `s` as a chain of nested divisions (levels may be skipped). */
function longestChains(s: string, idx: Index): Chain[] {
  let best: Chain[] = [];
  const visit = (pos: number, chain: RegionRow[]) => {
    let extended = false;
    for (let len = Math.min(idx.maxNameLength, s.length - pos); len >= 2; len--) {
      const found = idx.byName.get(s.slice(pos, pos + len));
      if (!found) continue;
      const last = chain.at(-1);
      for (const r of found) {
        if (last && (r.code === last.code || !isWithin(r.code, last.code))) continue;
        extended = true;
        visit(pos + len, [...chain, r]);
      }
    }
    if (!extended && chain.length > 0) {
      if (best.length === 0 || pos > best[0]!.consumed) best = [{ regions: chain, consumed: pos }];
      else if (pos === best[0]!.consumed) best.push({ regions: chain, consumed: pos });
    }
  };
  visit(0, []);
  return best;
}

/** A township-like token at the start of `s`: 平昌关镇, 经纬街道, 于家务回族乡 … */
const TOWNSHIP_TOKEN = /^(.{1,10}?(?:镇|乡|街道|地区|苏木))/;

/** True when `a` becomes `b` by deleting, inserting or replacing one character before the shared suffix. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function fuzzyTownships(token: string, within: string | null, idx: Index): RegionRow[] {
  const suffix = /(镇|乡|街道|地区|苏木)$/.exec(token)?.[1];
  const out: RegionRow[] = [];
  for (const [name, rows] of idx.byName) {
    if (!suffix || !name.endsWith(suffix) || !oneEditApart(token, name)) continue;
    for (const r of rows) if (r.level === 'township' && (!within || isWithin(r.code, within))) out.push(r);
  }
  return out;
}

/**
 * Resolves `name` to a division. `hint` is a region code the name is known to lie in (the site's district, say):
 * it settles names that several places share (城关镇, 通州区) but never overrides a name that says otherwise.
 */
function resolveRegion(idx: Index, name: string, hint?: string | null): RegionResolution {
  const s = compact(name).replace(AGENCY_SUFFIX, '');
  const chains = longestChains(s, idx);
  const consumed = chains[0]?.consumed ?? 0;
  const rest = s.slice(consumed);

  // A township the list does not know, after a known county or on its own: propose a near name, never take it.
  // Only when the unknown token is all that is left: in 城乡建设委员会 the 乡 is not a township.
  const token = TOWNSHIP_TOKEN.exec(rest)?.[1];
  const lastLevel = chains[0]?.regions.at(-1)?.level;
  if (token && token === rest && token.length >= 3 && lastLevel !== 'township') {
    const ends = uniqueEnds(chains);
    const within = ends.length === 1 ? ends[0]!.code : (hint ?? null);
    let near = fuzzyTownships(token, within, idx);
    if (near.length > 1 && hint) near = near.filter((r) => isWithin(r.code, hint));
    // Names drift in their tail (平昌关镇 printed, 平昌镇 listed): prefer the near names that keep the longest head.
    if (near.length > 1) {
      const head = (r: RegionRow) => commonPrefixLength(token, r.name);
      const best = Math.max(...near.map(head));
      near = near.filter((r) => head(r) === best);
    }
    if (near.length === 1) {
      return {
        status: 'candidate',
        region: toRef(near[0]!),
        confidence: 0.5,
        reason: `"${token}" is not in the division list; "${near[0]!.name}" differs by one character`,
        matched: s.slice(0, consumed) + token,
        rest: rest.slice(token.length),
      };
    }
    if (near.length > 1 && consumed === 0) {
      return { status: 'ambiguous', candidates: near.map(toRef), matched: token, rest: rest.slice(token.length) };
    }
  }

  if (chains.length === 0) return { status: 'none', rest: s };
  let ends = uniqueEnds(chains);
  let usedHint = false;
  if (ends.length > 1 && hint) {
    const inHint = ends.filter((r) => isWithin(r.code, hint));
    if (inHint.length > 0) {
      ends = inHint;
      usedHint = true;
    }
  }
  const matched = s.slice(0, consumed);
  if (ends.length === 1) return { status: 'exact', region: toRef(ends[0]!), matched, rest, usedHint };
  return { status: 'ambiguous', candidates: ends.map(toRef), matched, rest };
}

function uniqueEnds(chains: Chain[]): RegionRow[] {
  const seen = new Map<string, RegionRow>();
  for (const c of chains) {
    const end = c.regions.at(-1)!;
    seen.set(end.code, end);
  }
  return [...seen.values()];
}
