// Rows of a research dataset, read in keyset pages (never OFFSET, never the whole table), so that memory stays flat
// and each page costs the same however far into the dataset it is. Which rows and columns make a dataset is declared
// in export/<dataset>.ts; this runs the query it declares, with the researcher's filters.
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

/** A dataset's query: `select <select> from <from>` paged by `keyset`, filterable on the columns it has. */
export interface DatasetQuery {
  /** A view or a parenthesised subquery with an alias. */
  from: string;
  /** The select list (column names or expressions). */
  select: string;
  /** Columns that order the rows uniquely. */
  keyset: string[];
  /**
   * Filters the source supports: by year, region_code and agency_level, and by `grade` and `is_current` when set.
   * null: the dataset is not filtered at all.
   */
  filters: { grade: boolean; current: boolean } | null;
}

type Row = Record<string, unknown>;

/** WHERE clauses for the filters a dataset supports, over columns year, region_code, agency_level, grade, is_current. */
function filterSql(f: ExportFilters, params: unknown[], supports: { grade: boolean; current: boolean }): string[] {
  const where: string[] = [];
  if (f.years?.length) {
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

/** Pages of the dataset's rows under the filters. */
export async function* datasetRows(handle: DbHandle, query: DatasetQuery, f: ExportFilters, batch: number): AsyncGenerator<Row[]> {
  const params: unknown[] = [];
  const where = query.filters ? filterSql(f, params, query.filters) : [];
  const { keyset } = query;
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
    const sql = `select ${query.select} from ${query.from} ${clauses.length ? `where ${clauses.join(' and ')}` : ''} order by ${keyset.join(', ')} limit $${p.length}`;
    const { rows } = await handle.query<Row>(sql, p);
    if (rows.length === 0) return;
    const tail = rows.at(-1)!;
    last = keyset.map((k) => tail[k]);
    yield rows;
    if (rows.length < batch) return;
  }
}
