// Holds the real import graph to STYLE.md §3, with no exceptions: every relative import of every source file (type
// imports, re-exports and dynamic import() included, read by TypeScript's own pre-processor), the arrows each area
// may draw, no import cycle between files, pure stages that reach no I/O, clock or environment through anything they
// import, and SQL run only from db/.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', '.git', 'data', 'exports', 'storage', 'coverage', 'dist']);

/** Every .ts/.js/.mjs source file of the project, relative to its root (replica site pages are data, not code). */
function sourceFiles(dir = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name) && rel !== path.join('replica', 'sites')) out.push(...sourceFiles(rel));
    } else if (/\.(ts|mjs|js)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

interface Edge {
  from: string;
  to: string;
}

function resolveImport(from: string, spec: string): string {
  const base = path.normalize(path.join(path.dirname(from), spec));
  for (const candidate of [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return candidate;
  }
  return base;
}

const files = sourceFiles();
const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));
/** Project files each file imports, and the packages (node: built-ins included) it imports. */
const local = new Map<string, string[]>();
const packages = new Map<string, string[]>();
for (const f of files) {
  const { importedFiles } = ts.preProcessFile(texts.get(f)!, true, true);
  local.set(
    f,
    importedFiles.filter((i) => i.fileName.startsWith('.')).map((i) => resolveImport(f, i.fileName)),
  );
  packages.set(
    f,
    importedFiles.filter((i) => !i.fileName.startsWith('.')).map((i) => i.fileName),
  );
}
const edges: Edge[] = [...local].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));

/** The area of a file, at the grain the rules need: pipeline/parse, crawlers/patterns, crawlers/sites, db … */
function areaOf(file: string): string {
  const parts = file.split(path.sep);
  if (parts.length === 1) return 'root';
  if (parts[0] === 'pipeline') return parts.length > 2 ? `pipeline/${parts[1]}` : `pipeline/${parts[1]!.replace(/\.ts$/, '')}`;
  if (parts[0] === 'crawlers' && (parts[1] === 'patterns' || parts[1] === 'sites')) return `crawlers/${parts[1]}`;
  return parts[0]!;
}

const PURE = ['pipeline/extract', 'pipeline/parse', 'pipeline/validate', 'crawlers/patterns'];
/** STYLE §3: the areas each area may import (its own always). Files at the root (configs) may import anything. */
const MAY_IMPORT: Record<string, string[]> = {
  domain: [],
  bin: ['cli'],
  db: ['domain'],
  'pipeline/types': ['domain'],
  'pipeline/extract': ['pipeline/types', 'domain'],
  'pipeline/parse': ['pipeline/types', 'domain'],
  'pipeline/validate': ['pipeline/types', 'domain'],
  'pipeline/read-report': ['pipeline/extract', 'pipeline/parse', 'pipeline/validate', 'pipeline/types', 'pipeline/ocr-engine', 'domain'],
  // Loads the OCR model files for the extract stage (which reads no files itself), once per thread.
  'pipeline/ocr-engine': ['pipeline/extract', 'domain'],
  'pipeline/load': ['pipeline/types', 'pipeline/validate', 'db', 'domain'],
  'crawlers/patterns': ['crawlers', 'domain'],
  'crawlers/sites': ['crawlers', 'crawlers/patterns'],
  crawlers: ['crawlers/patterns', 'crawlers/sites', 'db', 'domain'],
  export: ['db', 'domain'],
  // The web app reads through db/ queries, shows export/'s declarations (columns, descriptions) and takes a
  // document's DocText shape; the readers of documents are handed in by the CLI, so it never reaches pipeline stages.
  web: ['db', 'domain', 'export', 'pipeline/types'],
  // The replica renders test documents; the forms renderer states a PDF's text layer as the DocText pdf.ts makes.
  replica: ['domain', 'crawlers', 'pipeline/types'],
  jobs: [
    'crawlers',
    'crawlers/patterns',
    'crawlers/sites',
    'pipeline/types',
    'pipeline/extract',
    'pipeline/parse',
    'pipeline/read-report',
    'pipeline/load',
    'db',
    'domain',
  ],
  cli: [
    'web',
    'jobs',
    'export',
    'replica',
    'crawlers',
    'crawlers/patterns',
    'crawlers/sites',
    'pipeline/types',
    'pipeline/read-report',
    'pipeline/parse',
    'pipeline/extract',
    'db',
    'domain',
  ],
};
/** Within crawlers/, only these files may be imported by a site module (STYLE §3). */
const SITE_MAY_IMPORT = new Set(['crawlers/types.ts', 'crawlers/define-site.ts']);
/** Within crawlers/, the only file a pattern may import (its contracts). */
const PATTERN_MAY_IMPORT = new Set(['crawlers/types.ts']);
/** What replica/ may take of the crawler: the shape of a site configuration. */
const REPLICA_MAY_IMPORT = new Set(['crawlers/types.ts']);

/** Why an import is forbidden, or null when STYLE §3 allows it. */
function forbidden({ from, to }: Edge): string | null {
  const a = areaOf(from);
  const b = areaOf(to);
  if (b === 'test' && a !== 'test') return 'nothing outside test/ imports test/';
  if (a === 'test' || a === 'bench' || a === 'root' || a === b) return null;
  const allowed = MAY_IMPORT[a];
  if (!allowed) return `${a} is an area STYLE.md §3 does not place: add it to the picture and to this test`;
  if (!allowed.includes(b)) return `${a} may not import ${b}`;
  if (a === 'crawlers/sites' && b === 'crawlers' && !SITE_MAY_IMPORT.has(to)) return 'a site module imports only crawlers/types, define-site and patterns';
  if (a === 'crawlers/patterns' && b === 'crawlers' && !PATTERN_MAY_IMPORT.has(to)) return 'a pattern imports only crawlers/types of the crawler';
  if (a === 'replica' && b === 'crawlers' && !REPLICA_MAY_IMPORT.has(to)) return 'the replica takes only the site configuration type of the crawler';
  return null;
}

/** Packages a pure stage may not reach: the network, files, processes, the database, the browser. */
const IMPURE_PACKAGES =
  /^(node:)?(fs|fs\/promises|http|https|http2|net|dgram|tls|child_process|cluster|worker_threads)$|^(undici|postgres|pg-boss|@electric-sql\/.*|playwright.*|crawlee|drizzle-orm.*|node-cron|pino.*)$/;
/** Reading the environment or the clock in code (the clock comes in as `now`). */
const IMPURE_CODE = /process\.env|Date\.now\(\)|new Date\(\)|performance\.now\(\)/;

function reachable(file: string): Set<string> {
  const seen = new Set<string>();
  const todo = [file];
  while (todo.length) {
    for (const next of local.get(todo.pop()!) ?? []) {
      if (!seen.has(next) && local.has(next)) {
        seen.add(next);
        todo.push(next);
      }
    }
  }
  return seen;
}

/** Strongly connected components of more than one file (Tarjan), or a file importing itself. */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let n = 0;
  const strong = (v: string) => {
    index.set(v, n);
    low.set(v, n);
    n++;
    stack.push(v);
    onStack.add(v);
    for (const w of local.get(v) ?? []) {
      if (!local.has(w)) continue;
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (local.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) strong(f);
  return found;
}

describe('module boundaries (STYLE.md §3)', () => {
  it('reads the whole project', () => {
    for (const area of ['cli', 'jobs', 'crawlers', 'pipeline', 'db', 'domain', 'export', 'replica', 'web', 'test', 'bench']) {
      expect(
        files.some((f) => f.startsWith(`${area}${path.sep}`)),
        area,
      ).toBe(true);
    }
  });

  it('imports only go in the directions STYLE.md §3 draws', () => {
    const bad = edges.flatMap((e) => {
      const why = forbidden(e);
      return why ? [`${e.from} → ${e.to}: ${why}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it('has no import cycle between files, type-only imports included', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps the pure stages pure: no network, files, database, environment or clock, directly or through what they import', () => {
    const bad: string[] = [];
    for (const f of files.filter((x) => PURE.includes(areaOf(x)))) {
      for (const g of [f, ...reachable(f)]) {
        const pkgs = (packages.get(g) ?? []).filter((p) => IMPURE_PACKAGES.test(p));
        const code = IMPURE_CODE.exec(texts.get(g) ?? '')?.[0];
        if (pkgs.length || code) bad.push(`${f}${g === f ? '' : ` ->> ${g}`}: ${[...pkgs, code].filter(Boolean).join(', ')}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('runs SQL only from db/', () => {
    // A query method called, or drizzle's sql`…` tag (not a file name ending in .sql).
    const RUNS_SQL = /\.(query|execute|unsafe)\(|(?<![.\w])sql`/;
    const bad = files.filter((f) => !['db', 'test', 'bench', 'root'].includes(areaOf(f)) && RUNS_SQL.test(texts.get(f)!));
    expect(bad).toEqual([]);
  });
});
