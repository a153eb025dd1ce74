// replaceFactsOf leaves a report's facts exactly as given (gone, new, changed, a value that prints differently) and
// writes only those that differ: a fact read again the same keeps its row (its xmin), as reparse by a new parser does.
import { expect, it } from 'vitest';
import { type FactRow, replaceFactsOf } from '../../db/queries/reports.js';
import { describeEachDb } from '../helpers/db.js';

describeEachDb('replacing the facts of reports', (db) => {
  const fact = (key: string, value: number | null, raw: string | null, provenance: unknown = { block: 1, row: 2, col: 3 }): FactRow => ({
    key,
    value,
    raw,
    provenance,
  });
  const rowsOf = async (ids: number[]) =>
    (
      await db().query<{ report_id: number; key: string; value: string | null; raw: string | null; provenance: unknown; xmin: string }>(
        `select report_id, key, value::text as value, raw, provenance, xmin::text as xmin from report_facts where report_id = any($1) order by report_id, key`,
        [ids],
      )
    ).rows;

  it('ends with the facts given, and rewrites only those that differ', async () => {
    const h = db();
    const agency = (await h.query<{ id: number }>(`insert into agencies (name) values ('北京市通州区人民政府') returning id`)).rows[0]!.id;
    const ids: number[] = [];
    for (const [i, sha] of ['a', 'b', 'c'].map((c) => c.repeat(64)).entries()) {
      await h.query(`insert into documents (sha256, bytes, archive_path) values ($1, 1, $1)`, [sha]);
      const { rows } = await h.query<{ id: number }>(
        `insert into reports (agency_id, year, version, document_sha256, source_group, template, parser_version, grade, is_current)
         values ($1, 2021, $2, $3, $3, '2021', 'test', 'A', false) returning id`,
        [agency, i + 1, sha],
      );
      ids.push(rows[0]!.id);
    }
    const [one, two, three] = ids as [number, number, number];
    await replaceFactsOf(
      h.db,
      new Map([
        [
          one,
          [
            fact('t1.kept', 5, '5'),
            fact('t1.gone', 1, '1'),
            fact('t1.value', 2, '2'),
            fact('t1.raw', 3, '3'),
            fact('t1.where', 4, '4'),
            fact('t1.blank', null, null),
          ],
        ],
        [two, [fact('t1.kept', 7, '7')]],
        [three, [fact('t1.kept', 9, '9')]],
      ]),
    );
    // The value 1.50 written as text (another writer, an older loader): the same number, printed otherwise.
    await h.query(`insert into report_facts (report_id, key, value, raw, provenance) values ($1, 't1.scale', 1.50, '1.5', null)`, [one]);
    const before = new Map((await rowsOf(ids)).map((r) => [`${r.report_id}:${r.key}`, r.xmin]));

    await replaceFactsOf(
      h.db,
      new Map([
        [
          one,
          [
            fact('t1.kept', 5, '5'),
            fact('t1.value', 20, '2'),
            fact('t1.raw', 3, '3.'),
            fact('t1.where', 4, '4', { span: [10, 12] }),
            fact('t1.blank', null, null),
            fact('t1.new', 6, '6'),
            fact('t1.scale', 1.5, '1.5', null),
          ],
        ],
        // A report left with no facts, and one not named: untouched.
        [two, []],
      ]),
    );

    const after = await rowsOf(ids);
    expect(after.map(({ xmin: _, ...r }) => r)).toEqual([
      { report_id: one, key: 't1.blank', value: null, raw: null, provenance: { block: 1, row: 2, col: 3 } },
      { report_id: one, key: 't1.kept', value: '5', raw: '5', provenance: { block: 1, row: 2, col: 3 } },
      { report_id: one, key: 't1.new', value: '6', raw: '6', provenance: { block: 1, row: 2, col: 3 } },
      { report_id: one, key: 't1.raw', value: '3', raw: '3.', provenance: { block: 1, row: 2, col: 3 } },
      { report_id: one, key: 't1.scale', value: '1.5', raw: '1.5', provenance: null },
      { report_id: one, key: 't1.value', value: '20', raw: '2', provenance: { block: 1, row: 2, col: 3 } },
      { report_id: one, key: 't1.where', value: '4', raw: '4', provenance: { span: [10, 12] } },
      { report_id: three, key: 't1.kept', value: '9', raw: '9', provenance: { block: 1, row: 2, col: 3 } },
    ]);
    const rewritten = after.filter((r) => before.get(`${r.report_id}:${r.key}`) !== r.xmin).map((r) => `${r.report_id}:${r.key}`);
    expect(rewritten).toEqual([`${one}:t1.new`, `${one}:t1.raw`, `${one}:t1.scale`, `${one}:t1.value`, `${one}:t1.where`]);
  });
});
