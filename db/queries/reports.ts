// Agencies, report versions, facts and findings: the rows the loader writes, in the transaction it passes in.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { type AgencyIdentity, agencyKey, GOVERNMENT_LEVELS } from '../../domain/agency.js';
import { type LocalSourceMeta, readLocalSourceMeta } from '../../domain/local-source.js';
import { loadRegionIndex } from '../../domain/regions/read-regions.js';
import type { ImportedDocument } from '../../domain/run-report.js';
import { type LoadAction, type ReadFailure, THREAD_KILLING_FAILURES } from '../../domain/values.js';
import type { Database } from '../client.js';
import { agencies, agencyAliases } from '../schema/agencies.js';
import { documents, documentSources } from '../schema/documents.js';
import { findings, reportFacts } from '../schema/facts-findings.js';
import { reportCopies, reports } from '../schema/reports.js';
import { sites } from '../schema/sites-runs.js';
import { reportOfDocumentSql } from './report-of-document-sql.js';

export type AgencyRow = typeof agencies.$inferSelect;
export type ReportRow = typeof reports.$inferSelect;
type Level = NonNullable<AgencyRow['level']>;

export async function agencyByName(db: Database, name: string): Promise<AgencyRow | undefined> {
  return (await db.select().from(agencies).where(eq(agencies.name, name)).limit(1))[0];
}

export async function agencyByKey(db: Database, key: string): Promise<AgencyRow | undefined> {
  return (await db.select().from(agencies).where(eq(agencies.key, key)).limit(1))[0];
}

/** Agencies known under this spelling; more than one means the spelling is ambiguous and must not be used. */
export async function agenciesByAlias(db: Database, alias: string): Promise<AgencyRow[]> {
  return db
    .select({ agency: agencies })
    .from(agencyAliases)
    .innerJoin(agencies, eq(agencies.id, agencyAliases.agencyId))
    .where(eq(agencyAliases.alias, alias))
    .then((rows) => rows.map((r) => r.agency));
}

/** The government of a division (its 人民政府 or 街道办事处), if one is known. */
export async function governmentOf(db: Database, regionCode: string, level: Level): Promise<AgencyRow | undefined> {
  const rows = await db
    .select()
    .from(agencies)
    .where(and(eq(agencies.regionCode, regionCode), eq(agencies.level, level)))
    .limit(2);
  return rows.length === 1 ? rows[0] : undefined;
}

export async function createAgency(db: Database, row: typeof agencies.$inferInsert): Promise<AgencyRow> {
  // Two loaders may create the same agency at once (workers): the unique name or key decides, both get the one row.
  const [created] = await db.insert(agencies).values(row).onConflictDoNothing().returning();
  return created ?? (await agencyByName(db, row.name)) ?? (await agencyByKey(db, row.key!))!;
}

/** Sets the region of an agency that had none, and the key that region gives it (unless another agency holds that key). */
export async function setAgencyRegion(db: Database, id: number, regionCode: string, regionSource: string, key: string): Promise<void> {
  const holder = await agencyByKey(db, key);
  await db
    .update(agencies)
    .set({ regionCode, regionSource, ...(holder ? {} : { key }) })
    .where(and(eq(agencies.id, id), sql`${agencies.regionCode} is null`));
}

export async function addAlias(db: Database, alias: string, agencyId: number, source: string): Promise<void> {
  await db.insert(agencyAliases).values({ alias, agencyId, source }).onConflictDoNothing();
}

/**
 * The agency row of a canonical identity: by its canonical name, else by its key (the same name printed with more or
 * fewer of its places, in the same division), else by the printed name when exactly one agency was seen under it,
 * else the one government of its division; created when none fits (never merged with a look-alike). The printed name
 * is kept as an alias.
 */
/** The agency of this canonical name, else of this key (both unique), in one query. */
async function agencyByNameOrKey(db: Database, name: string, key: string): Promise<AgencyRow | undefined> {
  const rows = await db
    .select()
    .from(agencies)
    .where(or(eq(agencies.name, name), eq(agencies.key, key)));
  return rows.find((r) => r.name === name) ?? rows.find((r) => r.key === key);
}

export async function findOrCreateAgency(db: Database, id: AgencyIdentity): Promise<number> {
  let agency = await agencyByNameOrKey(db, id.name, id.key);
  if (!agency) {
    const byAlias = await agenciesByAlias(db, id.printed);
    if (byAlias.length === 1) agency = byAlias[0];
  }
  if (!agency && id.regionCode && id.level && GOVERNMENT_LEVELS.includes(id.level)) agency = await governmentOf(db, id.regionCode, id.level);
  if (!agency) {
    agency = await createAgency(db, {
      name: id.name,
      key: id.key,
      shortName: id.printed !== id.name ? id.printed : null,
      regionCode: id.regionCode,
      regionSource: id.regionSource,
      level: id.level,
    });
  } else if (id.regionCode && !agency.regionCode) {
    await setAgencyRegion(db, agency.id, id.regionCode, id.regionSource ?? 'name', agencyKey(agency.name, id.regionCode, loadRegionIndex()));
  }
  await addAlias(db, id.printed, agency.id, 'title');
  return agency.id;
}

export async function deleteReport(db: Database, id: number): Promise<void> {
  // Its copies lose the report they were folded into: they are read again by the next run, on their own.
  await db
    .update(documents)
    .set({ parseStatus: 'pending', parseAction: null })
    .where(inArray(documents.sha256, db.select({ sha256: reportCopies.sha256 }).from(reportCopies).where(eq(reportCopies.reportId, id))));
  await db.delete(reports).where(eq(reports.id, id));
}

/** The reports read from these documents, by document (in one query for a batch). */
export async function reportsOfDocuments(db: Database, shas: string[]): Promise<Map<string, ReportRow>> {
  if (shas.length === 0) return new Map();
  const rows = await db.select().from(reports).where(inArray(reports.documentSha256, shas));
  return new Map(rows.map((r) => [r.documentSha256, r]));
}

/** The reports these documents were folded into as copies, by document (in one query for a batch). */
export async function reportsOfCopies(db: Database, shas: string[]): Promise<Map<string, number>> {
  if (shas.length === 0) return new Map();
  const rows = await db.select({ sha256: reportCopies.sha256, reportId: reportCopies.reportId }).from(reportCopies).where(inArray(reportCopies.sha256, shas));
  return new Map(rows.map((r) => [r.sha256, r.reportId]));
}

/** Records a document as another copy of a report (replacing an earlier link of the same document). */
export async function linkCopy(db: Database, sha256: string, reportId: number): Promise<void> {
  await db.insert(reportCopies).values({ sha256, reportId }).onConflictDoUpdate({ target: reportCopies.sha256, set: { reportId } });
}

export async function unlinkCopy(db: Database, sha256: string): Promise<void> {
  await db.delete(reportCopies).where(eq(reportCopies.sha256, sha256));
}

/** The versions of an agency-year with what a copy is matched on: title, publication group, document. */
export async function reportsOfAgencyYear(
  db: Database,
  agencyId: number,
  year: number,
): Promise<{ id: number; title: string | null; sourceGroup: string; documentSha256: string; isCurrent: boolean }[]> {
  return db
    .select({ id: reports.id, title: reports.title, sourceGroup: reports.sourceGroup, documentSha256: reports.documentSha256, isCurrent: reports.isCurrent })
    .from(reports)
    .where(and(eq(reports.agencyId, agencyId), eq(reports.year, year)))
    .orderBy(asc(reports.version));
}

/** Every place a report was found: the sources of its own document and of the copies folded into it. */
export async function reportSources(db: Database, reportId: number): Promise<{ sha256: string; url: string; siteId: string | null; kind: string }[]> {
  const own = db.select({ sha256: reports.documentSha256 }).from(reports).where(eq(reports.id, reportId));
  const copies = db.select({ sha256: reportCopies.sha256 }).from(reportCopies).where(eq(reportCopies.reportId, reportId));
  return db
    .select({ sha256: documentSources.sha256, url: documentSources.url, siteId: documentSources.siteId, kind: documentSources.kind })
    .from(documentSources)
    .where(sql`${documentSources.sha256} in (${own}) or ${documentSources.sha256} in (${copies})`)
    .orderBy(asc(documentSources.url));
}

export async function nextVersion(db: Database, agencyId: number, year: number): Promise<number> {
  const rows = await db
    .select({ max: sql<number | null>`max(${reports.version})` })
    .from(reports)
    .where(and(eq(reports.agencyId, agencyId), eq(reports.year, year)));
  return Number(rows[0]?.max ?? 0) + 1;
}

export async function insertReport(db: Database, row: typeof reports.$inferInsert): Promise<number> {
  return (await db.insert(reports).values(row).returning({ id: reports.id }))[0]!.id;
}

export async function updateReport(db: Database, id: number, row: Partial<typeof reports.$inferInsert>): Promise<void> {
  await db
    .update(reports)
    .set({ ...row, updatedAt: new Date() })
    .where(eq(reports.id, id));
}

export interface FactRow {
  key: string;
  value: number | null;
  raw: string | null;
  provenance: unknown;
}

export interface FindingRow {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  keys: string[];
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** JSON for the server to expand into rows; a lone surrogate (a broken character in a document) becomes U+FFFD, as a text parameter would. */
function rowsJson(rows: unknown[]): string {
  return JSON.stringify(rows, (_, v) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\ufffd') : v));
}

/**
 * Replaces the facts of these reports (those mapped to no rows end with none) in one statement, whatever their
 * number: the rows travel as one JSON document that the server expands (jsonb_to_recordset), so a batch of documents
 * costs about what one does, with none of the per-row parameters of a multi-row INSERT. Only what differs is written:
 * a fact the report no longer has is deleted, a new one inserted, a changed one updated, and a fact read again the
 * same (most of them when a new parser reads a document again) is left as it is — the rows end the same as a delete
 * and insert of all would leave them, without the server writing, indexing and checking every row again.
 */
export async function replaceFactsOf(db: Database, facts: Map<number, FactRow[]>): Promise<void> {
  if (facts.size === 0) return;
  const rows = [...facts].flatMap(([reportId, list]) => list.map((f) => ({ r: reportId, k: f.key, v: f.value, w: f.raw, p: f.provenance ?? null })));
  // The delete and the upsert touch different facts (keys gone, keys present), so one statement holds both. A value is
  // compared as text: 1.50 and 1.5 are equal numbers but print differently, and the row must end as written.
  await db.execute(sql`
    with x as (select r, k, v, w, p from jsonb_to_recordset(${rowsJson(rows)}::jsonb) as x(r integer, k text, v numeric, w text, p jsonb)),
    gone as (
      delete from report_facts f where f.report_id = any(${`{${[...facts.keys()].join(',')}}`}::integer[])
        and not exists (select 1 from x where x.r = f.report_id and x.k = f.key))
    insert into report_facts as f (report_id, key, value, raw, provenance) select r, k, v, w, p from x
    on conflict (report_id, key) do update set value = excluded.value, raw = excluded.raw, provenance = excluded.provenance
      where (f.value::text, f.raw, f.provenance) is distinct from (excluded.value::text, excluded.raw, excluded.provenance)`);
}

/** Replaces the findings of these reports (only those of `onlyRules`, when given), like replaceFactsOf. */
export async function replaceFindingsOf(db: Database, found: Map<number, FindingRow[]>, onlyRules?: string[]): Promise<void> {
  if (found.size === 0) return;
  const ids = inArray(findings.reportId, [...found.keys()]);
  await db.delete(findings).where(onlyRules ? and(ids, inArray(findings.rule, onlyRules)) : ids);
  const rows = [...found].flatMap(([reportId, list]) => list.map((f) => ({ r: reportId, u: f.rule, s: f.severity, m: f.message, k: f.keys })));
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into findings (report_id, rule, severity, message, keys)
    select r, u, s, m, array(select e from jsonb_array_elements_text(k) with ordinality as t(e, i) order by i) from jsonb_to_recordset(${rowsJson(rows)}::jsonb) as x(r integer, u text, s text, m text, k jsonb)`);
}

export interface VersionInfo {
  id: number;
  version: number;
  sourceGroup: string;
  grade: string;
  isCurrent: boolean;
  /** When the group's detail page (or the document itself) was first seen: orders publications. */
  groupSeenAt: Date;
  factCount: number;
}

/** The versions of these agency-years, with what the choice of the current one looks at. */
export async function versionsOfAgencyYears(
  db: Database,
  keys: { agencyId: number; year: number }[],
): Promise<(VersionInfo & { agencyId: number; year: number })[]> {
  if (keys.length === 0) return [];
  const wanted = rowsJson(keys.map((k) => ({ a: k.agencyId, y: k.year })));
  const rows = await db
    .select({
      agencyId: reports.agencyId,
      year: reports.year,
      id: reports.id,
      version: reports.version,
      sourceGroup: reports.sourceGroup,
      grade: reports.grade,
      isCurrent: reports.isCurrent,
      groupSeenAt: sql<Date>`coalesce((select d.first_seen_at from documents d where d.sha256 = ${reports.sourceGroup}), ${documents.firstSeenAt})`,
      factCount: sql<number>`(select count(*) from report_facts f where f.report_id = ${reports.id} and f.value is not null)`,
    })
    .from(reports)
    .innerJoin(documents, eq(documents.sha256, reports.documentSha256))
    .where(sql`(${reports.agencyId}, ${reports.year}) in (select a, y from jsonb_to_recordset(${wanted}::jsonb) as k(a integer, y integer))`)
    .orderBy(asc(reports.agencyId), asc(reports.year), asc(reports.version));
  return rows.map((r) => ({ ...r, groupSeenAt: new Date(r.groupSeenAt), factCount: Number(r.factCount) }));
}

/** Makes each chosen version the one current of its agency-year (the others stay, not current): they first stop being current, then the chosen become it (one current per agency-year at every moment). */
export async function setCurrents(db: Database, chosen: { agencyId: number; year: number; id: number }[]): Promise<void> {
  if (chosen.length === 0) return;
  const ids = chosen.map((c) => c.id);
  const keys = rowsJson(chosen.map((c) => ({ a: c.agencyId, y: c.year })));
  await db
    .update(reports)
    .set({ isCurrent: false })
    .where(
      and(
        eq(reports.isCurrent, true),
        sql`(${reports.agencyId}, ${reports.year}) in (select a, y from jsonb_to_recordset(${keys}::jsonb) as k(a integer, y integer))`,
        sql`not (${inArray(reports.id, ids)})`,
      ),
    );
  await db.update(reports).set({ isCurrent: true }).where(inArray(reports.id, ids));
}

export async function factsOf(db: Database, reportIds: number[]): Promise<{ reportId: number; key: string; value: number | null }[]> {
  if (reportIds.length === 0) return [];
  return db
    .select({ reportId: reportFacts.reportId, key: reportFacts.key, value: reportFacts.value })
    .from(reportFacts)
    .where(inArray(reportFacts.reportId, reportIds));
}

/**
 * Records what reading a document came to, and which run read it (null outside a run) with what load action. A
 * result clears the count of readings that ended without one; a failure that ended the reading thread keeps it.
 */
export async function markDocument(
  db: Database,
  sha256: string,
  status: (typeof documents.$inferSelect)['parseStatus'],
  error: string | null,
  parserVersion: string | null,
  by: { runId: number | null; action: LoadAction; failure?: ReadFailure | null },
): Promise<void> {
  const failure = by.failure ?? null;
  await db
    .update(documents)
    .set({
      parseStatus: status,
      parseError: error,
      parserVersion,
      parsedAt: new Date(),
      parseRunId: by.runId,
      parseAction: by.action,
      parseFailure: failure,
      ...(failure && THREAD_KILLING_FAILURES.includes(failure) ? {} : { parseAttempts: 0 }),
    })
    .where(eq(documents.sha256, sha256));
}

/** What loading made of a document: markDocument's status, error, parser version and action. */
export interface DocumentMark {
  sha256: string;
  status: (typeof documents.$inferSelect)['parseStatus'];
  error: string | null;
  parserVersion: string | null;
  action: LoadAction;
}

/**
 * markDocument for the documents of a batch at once (one run, none with a reading failure: their count of readings
 * that ended without a result is cleared).
 */
export async function markDocuments(db: Database, marks: DocumentMark[], runId: number | null): Promise<void> {
  if (marks.length === 0) return;
  const rows = rowsJson(marks.map((m) => ({ h: m.sha256, s: m.status, e: m.error, v: m.parserVersion, a: m.action })));
  await db.execute(sql`
    update documents d set parse_status = x.s, parse_error = x.e, parser_version = x.v, parsed_at = ${new Date().toISOString()}::timestamptz,
      parse_run_id = ${runId}::integer, parse_action = x.a, parse_failure = null, parse_attempts = 0
    from jsonb_to_recordset(${rows}::jsonb) as x(h text, s text, e text, v text, a text)
    where d.sha256 = x.h`);
}

/**
 * Starts a reading of a document: counts the attempt, unless the document has used up its attempts (it is then
 * quarantined, with why, and not read) or was quarantined before. `force` (reparse --force, --document) reads it
 * anyway, as a first attempt.
 */
export async function startReading(
  db: Database,
  sha256: string,
  options: { maxAttempts: number; force: boolean; runId: number | null },
): Promise<{ read: true; attempt: number } | { read: false; attempts: number; error: string | null }> {
  if (options.force) {
    const rows = await db.update(documents).set({ parseAttempts: 1 }).where(eq(documents.sha256, sha256)).returning({ n: documents.parseAttempts });
    return { read: true, attempt: rows[0]?.n ?? 1 };
  }
  const rows = await db
    .update(documents)
    .set({ parseAttempts: sql`${documents.parseAttempts} + 1` })
    .where(and(eq(documents.sha256, sha256), sql`${documents.parseStatus} <> 'quarantined'`, sql`${documents.parseAttempts} < ${options.maxAttempts}`))
    .returning({ n: documents.parseAttempts });
  if (rows[0]) return { read: true, attempt: rows[0].n };
  const [doc] = await db
    .select({ attempts: documents.parseAttempts, status: documents.parseStatus, error: documents.parseError })
    .from(documents)
    .where(eq(documents.sha256, sha256));
  if (doc && doc.status !== 'quarantined') {
    // Its attempts ran out in runs that never recorded an end (the process died while reading it).
    const error = `quarantined after ${doc.attempts} readings that did not finish (the process reading it ended)${doc.error ? `; last error: ${doc.error}` : ''}`;
    await markDocument(db, sha256, 'quarantined', error, null, { runId: options.runId, action: 'quarantined', failure: 'crashed' });
    return { read: false, attempts: doc.attempts, error };
  }
  return { read: false, attempts: doc?.attempts ?? 0, error: doc?.error ?? null };
}

/** The documents the given reports were read from (`gongkai reparse --report`). */
export async function documentsOfReports(db: Database, ids: number[]): Promise<string[]> {
  const rows = await db.select({ sha256: reports.documentSha256 }).from(reports).where(inArray(reports.id, ids));
  return rows.map((r) => r.sha256);
}

export interface DocumentContext {
  sha256: string;
  archivePath: string;
  contentType: string | null;
  url: string | null;
  kind: string | null;
  linkText: string | null;
  parentSha256: string | null;
  meta: Record<string, string>;
  /** The site's district; for a document only imported, the --region it was imported with. */
  siteRegionCode: string | null;
  firstSeenAt: Date;
  /** Its first source in a researcher's collection (`gongkai import`), if it was imported: path, note, flags. */
  local?: LocalSourceMeta | null;
}

/** What the crawl knows of a document (its first source), for parsing hints and twin grouping. */
export async function documentContext(db: Database, sha256: string): Promise<DocumentContext | undefined> {
  return (await readingContext(db, sha256))?.ctx;
}

/**
 * A document's context as reading it starts, in one round trip: its context, whether it was found only as an image of
 * pages (then db/queries/documents pagesOfImage says which), whether images were archived with it as a page (then
 * imagesOfPage lists them), and whether it is a page that can have any.
 */
export async function readingContext(
  db: Database,
  sha256: string,
): Promise<{ ctx: DocumentContext; imageOnly: boolean; hasImages: boolean; isPage: boolean } | undefined> {
  const rows = await db
    .select({
      sha256: documents.sha256,
      archivePath: documents.archivePath,
      contentType: documents.contentType,
      format: documents.format,
      firstSeenAt: documents.firstSeenAt,
      url: documentSources.url,
      kind: documentSources.kind,
      linkText: documentSources.linkText,
      parentSha256: documentSources.parentSha256,
      meta: documentSources.meta,
      siteRegionCode: sites.regionCode,
      // A document a crawl found and a researcher also imported: the crawl's source stays first, the file's path is a
      // hint too. Its first local source's metadata, never null when there is one (meta is not null).
      localMeta: sql<Record<
        string,
        unknown
      > | null>`(select l.meta from document_sources l where l.sha256 = ${documents.sha256} and l.kind = 'local' order by l.first_seen_at, l.id limit 1)`,
      imageOnly: sql<boolean>`(exists (select 1 from document_sources s where s.sha256 = ${documents.sha256})
        and not exists (select 1 from document_sources s where s.sha256 = ${documents.sha256} and s.kind <> 'image'))`,
      hasImages: sql<boolean>`exists (select 1 from document_sources i where i.parent_sha256 = ${documents.sha256} and i.kind = 'image')`,
    })
    .from(documents)
    .leftJoin(documentSources, eq(documentSources.sha256, documents.sha256))
    .leftJoin(sites, eq(sites.id, documentSources.siteId))
    .where(eq(documents.sha256, sha256))
    .orderBy(asc(documentSources.firstSeenAt), asc(documentSources.id))
    .limit(1);
  const r = rows[0];
  if (!r) return undefined;
  const { localMeta, imageOnly, hasImages, format, ...source } = r;
  const local = localMeta ? readLocalSourceMeta(localMeta) : null;
  const ctx: DocumentContext = {
    ...source,
    meta: (source.meta ?? {}) as Record<string, string>,
    siteRegionCode: source.siteRegionCode ?? local?.regionCode ?? null,
    firstSeenAt: new Date(source.firstSeenAt),
    local,
  };
  // Only an HTML page has pictures of its own archived with it (a crawl may add one while it is read).
  return { ctx, imageOnly: Boolean(imageOnly), hasImages: Boolean(hasImages), isPage: format === 'html' };
}

/**
 * Documents to parse: pending ones (and, with `retryKilled`, those whose reading thread was killed and that have
 * attempts left: a night's run tries them again), or all, or those parsed by another parser version. Quarantined
 * documents only with `withQuarantined` (reparse --force).
 */
export async function documentsToParse(
  db: Database,
  which: { all?: boolean; sinceParser?: string; shas?: string[]; statuses?: string[]; retryKilled?: boolean; withQuarantined?: boolean },
): Promise<string[]> {
  const chosen = which.shas
    ? inArray(documents.sha256, which.shas)
    : which.all
      ? undefined
      : which.sinceParser
        ? sql`${documents.parserVersion} is distinct from ${which.sinceParser}`
        : or(
            inArray(documents.parseStatus, (which.statuses ?? ['pending', 'failed']) as never[]),
            which.retryKilled
              ? and(eq(documents.parseStatus, 'failed'), inArray(documents.parseFailure, [...THREAD_KILLING_FAILURES]), sql`${documents.parseAttempts} > 0`)
              : undefined,
          );
  const where = which.shas || which.withQuarantined ? chosen : and(chosen, sql`${documents.parseStatus} <> 'quarantined'`);
  const rows = await db.select({ sha256: documents.sha256 }).from(documents).where(where).orderBy(asc(documents.firstSeenAt), asc(documents.sha256));
  return rows.map((r) => r.sha256);
}

/** How far reading has come for these documents: status and the parser version that read them. */
export async function readingStates(db: Database, shas: string[]): Promise<{ sha256: string; parseStatus: string; parserVersion: string | null }[]> {
  if (shas.length === 0) return [];
  return db
    .select({ sha256: documents.sha256, parseStatus: documents.parseStatus, parserVersion: documents.parserVersion })
    .from(documents)
    .where(inArray(documents.sha256, shas));
}

/** What imported documents came to: reading status and error, the run that read them, their report (canonical agency, year, grade). */
export async function importedDocuments(db: Database, shas: string[]): Promise<ImportedDocument[]> {
  const out: ImportedDocument[] = [];
  for (let i = 0; i < shas.length; i += 1000) {
    const rows = await db
      .select({
        sha256: documents.sha256,
        parseStatus: documents.parseStatus,
        parseError: documents.parseError,
        parseRunId: documents.parseRunId,
        parseAction: documents.parseAction,
        reportId: reports.id,
        agency: agencies.name,
        year: reports.year,
        grade: reports.grade,
      })
      .from(documents)
      // A document folded into a report as another copy of it (the same report in two formats or places) names
      // that report: the file was loaded, as one more source of a report already there.
      .leftJoin(reports, sql`${reports.id} = ${sql.raw(reportOfDocumentSql('"documents"."sha256"'))}`)
      .leftJoin(agencies, eq(agencies.id, reports.agencyId))
      .where(inArray(documents.sha256, shas.slice(i, i + 1000)));
    out.push(...rows);
  }
  return out;
}
