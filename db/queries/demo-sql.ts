// Whether a document is one of `gongkai demo`'s invented reports, as a SQL expression: a source of it is on a site
// the demo registered (sites.demo). Written once for every query and view that marks demo rows.

/** SQL: true when the document whose sha256 is the expression `sha` was found on a demo site. */
export const isDemoDocumentSql = (sha: string) =>
  `exists (select 1 from document_sources ds join sites st on st.id = ds.site_id where ds.sha256 = ${sha} and st.demo)`;
