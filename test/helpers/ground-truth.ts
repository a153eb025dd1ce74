// Compares the database with the replica's ground truth: every collectable report's agency and year has a current
// version whose facts are exactly the generated ones.
import type { DbHandle } from '../../db/client.js';
import type { TruthReport } from '../../replica/build-replica.js';

export interface Mismatch {
  report: string;
  problem: string;
}

export async function compareWithTruth(handle: DbHandle, reports: TruthReport[], phase: 1 | 2 = 1): Promise<Mismatch[]> {
  const problems: Mismatch[] = [];
  const { rows: current } = await handle.query<{ id: number; name: string; year: number; grade: string }>(
    `select r.id, a.name, r.year, r.grade from reports r join agencies a on a.id = r.agency_id where r.is_current`,
  );
  const byKey = new Map(current.map((r) => [`${r.name}|${r.year}`, r]));
  for (const t of reports) {
    const row = byKey.get(`${t.agency}|${t.year}`);
    if (!row) {
      problems.push({ report: t.id, problem: `no current report for ${t.agency} ${t.year}` });
      continue;
    }
    const { rows: facts } = await handle.query<{ key: string; value: string | number | null }>('select key, value from report_facts where report_id = $1', [
      row.id,
    ]);
    const got = new Map(facts.map((f) => [f.key, f.value === null ? null : Number(f.value)]));
    const expected = phase === 2 && t.replaced ? t.replaced.facts : t.facts;
    const wrong = Object.entries(expected).filter(([k, v]) => got.get(k) !== v);
    if (wrong.length)
      problems.push({
        report: t.id,
        problem: `${wrong.length} facts differ, e.g. ${wrong
          .slice(0, 3)
          .map(([k, v]) => `${k} ${v}≠${got.get(k)}`)
          .join(', ')}`,
      });
    if (row.grade !== 'A') problems.push({ report: t.id, problem: `current version graded ${row.grade}` });
  }
  const expectedKeys = new Set(reports.map((t) => `${t.agency}|${t.year}`));
  for (const key of byKey.keys()) if (!expectedKeys.has(key)) problems.push({ report: key, problem: 'current report not in the ground truth' });
  return problems;
}
