// The report a document stands for, as a SQL expression: the report it was folded into as another copy of it, else
// the report read from it. Written once for the documents export and the import summary; it reads, never writes.

/**
 * SQL: the id of the report the document whose sha256 is the expression `sha` stands for, or null. A copy link wins
 * over a report of its own: a document folded into another report (the same report found in another format or place)
 * names that report, which is the one researchers find in panel.csv.
 */
export const reportOfDocumentSql = (sha: string) =>
  `coalesce((select c.report_id from report_copies c where c.sha256 = ${sha}), (select r0.id from reports r0 where r0.document_sha256 = ${sha}))`;
