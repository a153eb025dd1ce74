// The content of a gongkai database without its surrogate ids and timestamps, so that two databases filled in
// different ways (one run, a killed and resumed run, several workers) can be compared with toEqual.
import type { DbHandle } from '../../db/client.js';

const QUERIES = {
  agencies: `select name || ' ' || coalesce(region_code, '-') || ' ' || coalesce(level, '-') as k from agencies`,
  documents: `select sha256 || ' ' || format || ' ' || parse_status || ' ' || coalesce(parse_error, '') as k from documents`,
  reports: `select a.name || ' ' || r.year || ' v' || r.version || ' ' || r.is_current || ' ' || r.grade || ' ' || r.template || ' ' || r.document_sha256 as k
              from reports r join agencies a on a.id = r.agency_id`,
  facts: `select a.name || ' ' || r.year || ' v' || r.version || ' ' || f.key || '=' || coalesce(f.value::text, 'null') || ' ' || coalesce(f.raw, '') as k
            from report_facts f join reports r on r.id = f.report_id join agencies a on a.id = r.agency_id`,
  findings: `select a.name || ' ' || r.year || ' v' || r.version || ' ' || f.rule || ' ' || f.severity || ' ' || array_to_string(f.keys, ',') as k
               from findings f join reports r on r.id = f.report_id join agencies a on a.id = r.agency_id`,
} as const;

export type DbSnapshot = Record<keyof typeof QUERIES, string[]>;

export async function snapshotDb(handle: DbHandle): Promise<DbSnapshot> {
  const out = {} as DbSnapshot;
  for (const [name, q] of Object.entries(QUERIES) as [keyof typeof QUERIES, string][]) {
    out[name] = (await handle.query<{ k: string }>(`${q} order by 1`)).rows.map((r) => r.k);
  }
  return out;
}
