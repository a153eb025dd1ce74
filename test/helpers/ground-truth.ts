// Compares the database with the replica's ground truth: every collectable report's agency and year has a current
// version whose facts are exactly the generated ones. A scanned report (read by OCR) may leave a fact null where OCR
// was not confident — only with an ocr.low_confidence finding naming it, at most 2% of its facts — and never wrong.
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
    const doubted = t.body === 'scanned' ? await ocrDoubts(handle, row.id) : new Set<string>();
    const nulls = Object.keys(expected).filter((k) => got.get(k) === null && doubted.has(k));
    if (nulls.length > Object.keys(expected).length * 0.02)
      problems.push({ report: t.id, problem: `${nulls.length} facts left null by OCR: ${nulls.join(', ')}` });
    const wrong = Object.entries(expected).filter(([k, v]) => got.get(k) !== v && !nulls.includes(k));
    if (wrong.length)
      problems.push({
        report: t.id,
        problem: `${wrong.length} facts differ, e.g. ${wrong
          .slice(0, 3)
          .map(([k, v]) => `${k} ${v}≠${got.get(k)}`)
          .join(', ')}`,
      });
    // A fact left null by OCR makes the report's grade B (a table not complete), and nothing else may.
    if (row.grade !== (nulls.length ? 'B' : 'A')) problems.push({ report: t.id, problem: `current version graded ${row.grade}` });
  }
  const expectedKeys = new Set(reports.map((t) => `${t.agency}|${t.year}`));
  for (const key of byKey.keys()) if (!expectedKeys.has(key)) problems.push({ report: key, problem: 'current report not in the ground truth' });
  return problems;
}

/** The keys a report's ocr.low_confidence findings name: cells OCR read without enough confidence, left null. */
async function ocrDoubts(handle: DbHandle, reportId: number): Promise<Set<string>> {
  const { rows } = await handle.query<{ keys: string[] }>(`select keys from findings where report_id = $1 and rule = 'ocr.low_confidence'`, [reportId]);
  return new Set(rows.flatMap((r) => r.keys));
}
