// Rows of a research dataset in the order researchers read them (region code, agency, year), a batch at a time so
// that memory stays flat. The order is decided once on a narrow source (report ids, roster keys, document hashes:
// a few bytes per row, never the wide rows), then the wide rows are read a batch of groups at a time by primary
// key and put in that order. Which rows and columns make a dataset is declared in export/<dataset>.ts; this runs
// the query it declares, with the researcher's filters.
import { GRADES, type Grade } from '../../domain/values.js';
import type { DbHandle } from '../client.js';

export interface ExportFilters {
  /** Years (a range is expanded by the CLI). */
  years?: number[];
  /** Region code prefixes: "11" Beijing, "110112" Tongzhou. */
  regions?: string[];
  levels?: string[];
  /** Keep reports graded this or better (A best). */
  minGrade?: Grade;
  /** Facts and findings of every version, not only the current one. */
  allVersions?: boolean;
}

/** The filters a source has columns for: year, region_code and agency_level always; grade and is_current when set. */
export interface FilterSupport {
  year: boolean;
  grade: boolean;
  current: boolean;
}

/**
 * A dataset's query. Its rows come in groups (the rows of one report, of one roster entry, one document): `groups`
 * lists the group ids in the order the file has them, `rows` reads the rows of a batch of groups.
 */
export interface DatasetQuery {
  groups: {
    /** A view or a parenthesised subquery with an alias, with the id column, the filter columns and the sort columns. */
    from: string;
    id: string;
    idType: 'int' | 'text';
    /** The ORDER BY list (unique per id). */
    orderBy: string;
    /** Filters the source supports; null: the dataset is not filtered at all. */
    filters: FilterSupport | null;
  };
  rows: {
    /** The rows' source; a function when it takes the year range (coverage_for). */
    from: string | ((years: { first: number | null; last: number | null }) => string);
    select: string;
    /** The column of `from` that holds the group id. */
    id: string;
    /** The order of the rows within one group. */
    within: string[];
    /** True when the rows (not the groups) carry the year to filter on. */
    filterYear?: boolean;
  };
  /** Groups read per batch. */
  batch: number;
}

type Row = Record<string, unknown>;

/** WHERE clauses for the filters a source supports. */
function filterSql(f: ExportFilters, params: unknown[], supports: FilterSupport): string[] {
  const where: string[] = [];
  if (supports.year && f.years?.length) {
    params.push(f.years);
    where.push(`year = any($${params.length}::int[])`);
  }
  if (f.regions?.length) {
    params.push(f.regions.map((r) => `${r}%`));
    where.push(`region_code like any($${params.length}::text[])`);
  }
  if (f.levels?.length) {
    params.push(f.levels);
    where.push(`agency_level = any($${params.length}::text[])`);
  }
  if (supports.grade && f.minGrade) {
    params.push(GRADES.slice(0, GRADES.indexOf(f.minGrade) + 1));
    where.push(`grade = any($${params.length}::text[])`);
  }
  if (supports.current && !f.allVersions) where.push('is_current');
  return where;
}

/** The group ids of a dataset under the filters, in file order. */
export async function datasetGroups(handle: DbHandle, query: DatasetQuery, f: ExportFilters): Promise<unknown[]> {
  const params: unknown[] = [];
  const where = query.groups.filters ? filterSql(f, params, query.groups.filters) : [];
  const { rows } = await handle.query<{ id: unknown }>(
    `select ${query.groups.id} as id from ${query.groups.from} ${where.length ? `where ${where.join(' and ')}` : ''} order by ${query.groups.orderBy}`,
    params,
  );
  return rows.map((r) => r.id);
}

/** Batches of the dataset's rows under the filters, in file order. */
export async function* datasetRows(handle: DbHandle, query: DatasetQuery, f: ExportFilters): AsyncGenerator<Row[]> {
  const ids = await datasetGroups(handle, query, f);
  const years = { first: f.years?.length ? Math.min(...f.years) : null, last: f.years?.length ? Math.max(...f.years) : null };
  const from = typeof query.rows.from === 'function' ? query.rows.from(years) : query.rows.from;
  for (let i = 0; i < ids.length; i += query.batch) {
    const part = ids.slice(i, i + query.batch);
    const params: unknown[] = [part];
    const where = [`${query.rows.id} = any($1::${query.groups.idType}[])`];
    if (query.rows.filterYear && f.years?.length) {
      params.push(f.years);
      where.push(`year = any($2::int[])`);
    }
    const { rows } = await handle.query<Row>(
      `select ${query.rows.select}, ${query.rows.id} as "__group" from ${from} where ${where.join(' and ')} order by ${[query.rows.id, ...query.rows.within].join(', ')}`,
      params,
    );
    const position = new Map(part.map((id, n) => [id, n]));
    // Array.prototype.sort is stable: the rows of one group keep the order the query gave them.
    rows.sort((a, b) => position.get(a.__group)! - position.get(b.__group)!);
    for (const r of rows) delete r.__group;
    yield rows;
  }
}
