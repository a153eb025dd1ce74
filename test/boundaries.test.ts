// Enforces the import directions of STYLE.md §3 by reading every import specifier, and forbids import cycles.
//   cli → jobs → crawlers → db;  pipeline/load → db;  cli → pipeline;  crawlers → pipeline/types (types only).
// db/regions/read-regions is a leaf data module (the bundled division table) that anything may read.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const AREAS = ['cli', 'jobs', 'crawlers', 'pipeline', 'db'] as const;

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.includes('node_modules'))
    .map((f) => path.join(dir, f));
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const out: Import[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4]!;
    if (!spec.startsWith('.')) continue;
    const resolved = path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts');
    out.push({ from: file, to: resolved, typeOnly: Boolean(m[2]) });
  }
  return out;
}

const areaOf = (file: string) => file.split(path.sep)[0]!;
const LEAVES = new Set(['db/regions/read-regions.ts', 'pipeline/extract/decode-text.ts', 'pipeline/extract/detect-format.ts']);

function allowed(imp: Import): boolean {
  const from = areaOf(imp.from);
  const to = areaOf(imp.to);
  if (from === to) {
    // Pure pipeline stages never reach the loader.
    if (from === 'pipeline' && !imp.from.startsWith('pipeline/load') && imp.to.startsWith('pipeline/load')) return false;
    return true;
  }
  if (LEAVES.has(imp.to)) return true;
  switch (from) {
    case 'cli':
      return ['jobs', 'pipeline', 'db', 'crawlers'].includes(to) || imp.to.startsWith('test/replica');
    case 'jobs':
      return ['crawlers', 'pipeline', 'db'].includes(to);
    case 'crawlers':
      return to === 'db' || (imp.to === 'pipeline/types.ts' && imp.typeOnly);
    case 'pipeline':
      return to === 'db' && imp.from.startsWith('pipeline/load/');
    case 'db':
      // The research views are generated from the canonical key list, the one module the design has the
      // database share with the parser; nothing else of the pipeline.
      return imp.to === 'pipeline/parse/keys.ts' || (imp.to === 'pipeline/types.ts' && imp.typeOnly);
    default:
      return true;
  }
}

const files = AREAS.flatMap((a) => sources(a));
const imports = files.flatMap(importsOf);

describe('module boundaries', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it('leaf modules import nothing of the project', () => {
    expect(imports.filter((i) => LEAVES.has(i.from))).toEqual([]);
  });

  it('imports only go in the allowed directions', () => {
    const bad = imports.filter((i) => !allowed(i)).map((i) => `${i.from} → ${i.to}${i.typeOnly ? ' (type)' : ''}`);
    expect(bad).toEqual([]);
  });

  it('pure stages (crawlers/patterns, pipeline/extract, parse, validate) do not touch the network, env, clock or files', () => {
    const pure = files.filter((f) => /^(crawlers\/patterns|pipeline\/(extract|parse|validate))\//.test(f));
    const bad = pure.filter((f) => {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      return /process\.env|Date\.now\(|new Date\(\)|from 'node:(http|https|net|fs)'|fetch\(|writeFile/.test(text);
    });
    expect(bad).toEqual([]);
  });

  it('has no import cycles (type-only imports excepted)', () => {
    const graph = new Map<string, string[]>();
    for (const i of imports) if (!i.typeOnly) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (n: string, stack: string[]) => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(n)), n].join(' → '));
        return;
      }
      state.set(n, 'visiting');
      for (const m of graph.get(n) ?? []) visit(m, [...stack, n]);
      state.set(n, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
