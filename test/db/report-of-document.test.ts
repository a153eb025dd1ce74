// The report a document stands for is decided once (db/queries/report-of-document-sql.ts): the import summary and
// documents.csv must name the same report for a document read as a report, for a copy folded into one, and none for the rest.
import { expect, it } from 'vitest';
import { importedDocuments } from '../../db/queries/reports.js';
import { datasetRows } from '../../db/queries/datasets.js';
import { documents } from '../../export/documents.js';
import { describeEachDb } from '../helpers/db.js';

describeEachDb('the report of a document', (db) => {
  const read = 'a'.repeat(64);
  const copy = 'b'.repeat(64);
  const both = 'c'.repeat(64);
  const none = 'd'.repeat(64);
  let first = 0;
  let second = 0;

  it('names the report read from a document, the report a copy was folded into, and none for the rest', async () => {
    const h = db();
    for (const sha of [read, copy, both, none]) await h.query(`insert into documents (sha256, bytes, archive_path) values ($1, 1, $1)`, [sha]);
    const agency = (await h.query<{ id: number }>(`insert into agencies (name) values ('北京市通州区人民政府') returning id`)).rows[0]!.id;
    const report = async (sha: string, version: number, current: boolean) =>
      (
        await h.query<{ id: number }>(
          `insert into reports (agency_id, year, version, document_sha256, source_group, template, parser_version, grade, is_current)
           values ($1, 2021, $2, $3, $3, '2021', 'test', 'A', $4) returning id`,
          [agency, version, sha, current],
        )
      ).rows[0]!.id;
    first = await report(read, 1, false);
    second = await report(both, 2, true);
    await h.query(`insert into report_copies (sha256, report_id) values ($1, $2), ($3, $2)`, [copy, first, both]);

    const imported = await importedDocuments(h.db, [read, copy, both, none]);
    const byImport = Object.fromEntries(imported.map((d) => [d.sha256, d.reportId]));
    // `both` was read as a report of its own and later folded into the first: the copy link wins.
    expect(byImport).toEqual({ [read]: first, [copy]: first, [both]: first, [none]: null });
    expect(second).not.toBe(first);

    const exported: Record<string, unknown> = {};
    for await (const batch of datasetRows(h, documents.query!, {})) for (const r of batch) exported[r.sha256 as string] = r.report_id;
    expect(exported).toEqual(byImport);
  });
});
