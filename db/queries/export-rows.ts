// Rows of the research datasets, read from the views in keyset pages (never OFFSET, never the whole table), so that
// memory stays flat and each page costs the same however far into the dataset it is.
import { KEY_BY_NAME } from '../../domain/codebook.js';
import type { DbHandle } from '../client.js';
import { GRADES } from '../../domain/values.js';
import { ID_COLUMNS, KEY_COLUMNS } from '../views/panel-columns.js';

export interface ExportFilters {
  /** Years (a range is expanded by the CLI). */
  years?: number[];
  /** Region code prefixes: "11" Beijing, "110112" Tongzhou. */
  regions?: string[];
  levels?: string[];
  /** Keep reports graded this or better (A best). */
  minGrade?: (typeof GRADES)[number];
  /** Facts and findings of every version, not only the current one. */
  allVersions?: boolean;
}

type Row = Record<string, unknown>;

/** WHERE clauses for the filters a dataset supports, over columns year, region_code, agency_level, grade, is_current. */
function filterSql(f: ExportFilters, params: unknown[], supports: { grade: boolean; current: boolean }): string[] {
  const c = (name: string) => name;
  const where: string[] = [];
  if (f.years?.length) {
    params.push(f.years);
    where.push(`${c('year')} = any($${params.length}::int[])`);
  }
  if (f.regions?.length) {
    params.push(f.regions.map((r) => `${r}%`));
    where.push(`${c('region_code')} like any($${params.length}::text[])`);
  }
  if (f.levels?.length) {
    params.push(f.levels);
    where.push(`${c('agency_level')} = any($${params.length}::text[])`);
  }
  if (supports.grade && f.minGrade) {
    params.push(GRADES.slice(0, GRADES.indexOf(f.minGrade) + 1));
    where.push(`${c('grade')} = any($${params.length}::text[])`);
  }
  if (supports.current && !f.allVersions) where.push(`${c('is_current')}`);
  return where;
}

/** Pages of `select … from source where filters and (keyset) > (last) order by keyset`. */
async function* keysetPages(handle: DbHandle, select: string, keyset: string[], where: string[], params: unknown[], batch: number): AsyncGenerator<Row[]> {
  let last: unknown[] | null = null;
  for (;;) {
    const p = [...params];
    const clauses = [...where];
    if (last) {
      const marks = last.map((v) => {
        p.push(v);
        return `$${p.length}`;
      });
      clauses.push(`(${keyset.join(', ')}) > (${marks.join(', ')})`);
    }
    p.push(batch);
    const sql = `${select} ${clauses.length ? `where ${clauses.join(' and ')}` : ''} order by ${keyset.join(', ')} limit $${p.length}`;
    const { rows } = await handle.query<Row>(sql, p);
    if (rows.length === 0) return;
    const tail = rows.at(-1)!;
    last = keyset.map((k) => tail[k]);
    yield rows;
    if (rows.length < batch) return;
  }
}

export const PANEL_EXPORT_COLUMNS = [...ID_COLUMNS.map((c) => c.name), ...KEY_COLUMNS.map((c) => c.name)];

export function panelRows(handle: DbHandle, f: ExportFilters, batch = 2000): AsyncGenerator<Row[]> {
  const params: unknown[] = [];
  // A date is written as a date (2024-01-20), not as a midnight timestamp.
  const cols = PANEL_EXPORT_COLUMNS.map((c) => (c === 'published_at' ? `"${c}"::text as "${c}"` : `"${c}"`)).join(', ');
  return keysetPages(handle, `select ${cols} from report_panel`, ['report_id'], filterSql(f, params, { grade: true, current: false }), params, batch);
}

export const FACT_COLUMNS = [
  'report_id',
  'agency_id',
  'agency',
  'agency_level',
  'region_code',
  'year',
  'version',
  'is_current',
  'template',
  'grade',
  'key',
  'label',
  'value',
  'raw',
  'method',
  'provenance',
  'document_sha256',
] as const;

export async function* factRows(handle: DbHandle, f: ExportFilters, batch = 20_000): AsyncGenerator<Row[]> {
  const params: unknown[] = [];
  const select = `select report_id, agency_id, agency, agency_level, region_code, year, version, is_current, template, grade,
                         key, value, raw, method, provenance, document_sha256 from report_facts_long`;
  for await (const rows of keysetPages(handle, select, ['report_id', 'key'], filterSql(f, params, { grade: true, current: true }), params, batch)) {
    for (const r of rows) r.label = KEY_BY_NAME.get(String(r.key))?.label ?? null;
    yield rows;
  }
}

export const FINDING_COLUMNS = [
  'finding_id',
  'report_id',
  'agency_id',
  'agency',
  'agency_level',
  'region_code',
  'year',
  'version',
  'is_current',
  'grade',
  'rule',
  'severity',
  'message',
  'keys',
] as const;

export async function* findingRows(handle: DbHandle, f: ExportFilters, batch = 10_000): AsyncGenerator<Row[]> {
  const params: unknown[] = [];
  const select = `select * from (
                    select f.id as finding_id, f.report_id, a.id as agency_id, a.name as agency, a.level as agency_level, a.region_code,
                           r.year, r.version, r.is_current, r.grade, f.rule, f.severity, f.message, array_to_string(f.keys, ';') as keys
                      from findings f join reports r on r.id = f.report_id join agencies a on a.id = r.agency_id) x`;
  yield* keysetPages(handle, select, ['finding_id'], filterSql(f, params, { grade: true, current: true }), params, batch);
}

export const COVERAGE_COLUMNS = ['agency_id', 'agency', 'agency_level', 'region_code', 'year', 'status', 'report_id', 'grade', 'versions'] as const;

/** Coverage ignores --min-grade: a missing agency-year has no grade, and leaving it out would hide the gap. */
export function coverageRows(handle: DbHandle, f: ExportFilters, batch = 10_000): AsyncGenerator<Row[]> {
  const params: unknown[] = [];
  const select = `select ${COVERAGE_COLUMNS.join(', ')} from coverage`;
  return keysetPages(handle, select, ['agency_id', 'year'], filterSql(f, params, { grade: false, current: false }), params, batch);
}
