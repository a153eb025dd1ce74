// Archived documents and where they were found (the fetch log, `fetches`, is fetch-log.ts's).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { executeRows } from '../execute-rows.js';
import { documents, documentSources } from '../schema/documents.js';

/** Rows of one `url = any(…)` query: a list page's links, in pieces a statement's parameters hold comfortably. */
const URLS_PER_QUERY = 500;

/** Those of `shas` recorded as documents. */
export async function recordedDocuments(db: Database, shas: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const unique = [...new Set(shas)];
  for (let i = 0; i < unique.length; i += URLS_PER_QUERY) {
    const rows = await db
      .select({ sha256: documents.sha256 })
      .from(documents)
      .where(inArray(documents.sha256, unique.slice(i, i + URLS_PER_QUERY)));
    for (const r of rows) out.add(r.sha256);
  }
  return out;
}

export interface NewDocument {
  sha256: string;
  bytes: number;
  contentType: string | null;
  format: (typeof documents.$inferInsert)['format'];
  encoding?: string | null;
  archivePath: string;
  seenAt: Date;
}

/** The statement that inserts a document, or marks it seen again, returning whether it was new. */
function documentUpsert(db: Database, doc: NewDocument) {
  return db
    .insert(documents)
    .values({
      sha256: doc.sha256,
      bytes: doc.bytes,
      contentType: doc.contentType,
      format: doc.format ?? 'unknown',
      encoding: doc.encoding ?? null,
      archivePath: doc.archivePath,
      firstSeenAt: doc.seenAt,
      lastSeenAt: doc.seenAt,
    })
    .onConflictDoUpdate({ target: documents.sha256, set: { lastSeenAt: sql`greatest(${documents.lastSeenAt}, excluded.last_seen_at)` } })
    .returning({ inserted: sql<boolean>`(xmax = 0)`.as('inserted') });
}

/** Inserts a document, or marks it seen again; returns whether it was new. */
export async function upsertDocument(db: Database, doc: NewDocument): Promise<{ isNew: boolean }> {
  const rows = await documentUpsert(db, doc);
  return { isNew: Boolean(rows[0]?.inserted) };
}

export type NewDocumentSource = Omit<typeof documentSources.$inferInsert, 'id' | 'firstSeenAt' | 'lastSeenAt'> & { seenAt: Date };

/** What a source found again says over what was recorded: last seen moves, its addresses and words are the latest. */
const SOURCE_SEEN_AGAIN = {
  lastSeenAt: sql`greatest(${documentSources.lastSeenAt}, excluded.last_seen_at)`,
  // A page seen again on a list without being fetched does not know where it redirects now: what was recorded stays.
  finalUrl: sql`coalesce(excluded.final_url, ${documentSources.finalUrl})`,
  listUrl: sql`coalesce(excluded.list_url, ${documentSources.listUrl})`,
  linkText: sql`coalesce(excluded.link_text, ${documentSources.linkText})`,
  meta: sql`${documentSources.meta} || excluded.meta`,
};

/** Records where a document was found (one row per document and URL); seen again → last_seen_at moves. */
export async function upsertDocumentSource(db: Database, src: NewDocumentSource): Promise<void> {
  await upsertDocumentSources(db, [src]);
}

/** The statement that records sources of documents (see upsertDocumentSources). */
function sourcesUpsert(db: Database, sources: readonly NewDocumentSource[]) {
  return db
    .insert(documentSources)
    .values(sources.map(({ seenAt, ...rest }) => ({ ...rest, firstSeenAt: seenAt, lastSeenAt: seenAt })))
    .onConflictDoUpdate({ target: [documentSources.sha256, documentSources.url], set: SOURCE_SEEN_AGAIN });
}

/**
 * A fetched document and where it was found, recorded in one statement (a crawl records thousands): upsertDocument and
 * upsertDocumentSource, and whether its URL served another document before (read before this source is written).
 */
export async function recordDocumentAt(db: Database, doc: NewDocument, src: NewDocumentSource): Promise<{ isNew: boolean; urlServedOther: boolean }> {
  const [row] = await executeRows<{ inserted: boolean; other: boolean }>(
    db,
    sql`
    with doc as (${documentUpsert(db, doc).getSQL()}), src as (${sourcesUpsert(db, [src]).getSQL()})
    select doc.inserted, exists (
      select 1 from ${documentSources} where ${documentSources.url} = ${src.url} and ${documentSources.sha256} <> ${doc.sha256}
    ) as other
    from doc`,
  );
  return { isNew: Boolean(row!.inserted), urlServedOther: Boolean(row!.other) };
}

/**
 * Records many sources in one statement (a list page's known reports seen again). A (document, URL) given twice is
 * written once, as its last mention says: one statement may not update a row twice.
 */
export async function upsertDocumentSources(db: Database, sources: readonly NewDocumentSource[]): Promise<void> {
  const byKey = new Map<string, NewDocumentSource>();
  for (const s of sources) byKey.set(`${s.sha256} ${s.url}`, s);
  const rows = [...byKey.values()];
  for (let i = 0; i < rows.length; i += URLS_PER_QUERY) await sourcesUpsert(db, rows.slice(i, i + URLS_PER_QUERY));
}

/**
 * Records a file of a researcher's collection as a source of its document (kind 'local', URL `local:<path>`); its
 * metadata is what this import says (path, note, flags), replacing what an earlier import said. Returns whether the
 * source is new, said something else before, or is the same as before.
 */
export async function upsertLocalSource(
  db: Database,
  src: { sha256: string; url: string; meta: Record<string, string>; seenAt: Date },
): Promise<'new' | 'changed' | 'same'> {
  const [before] = await db
    .select({ meta: documentSources.meta })
    .from(documentSources)
    .where(and(eq(documentSources.sha256, src.sha256), eq(documentSources.url, src.url)));
  await db
    .insert(documentSources)
    .values({ sha256: src.sha256, url: src.url, kind: 'local', meta: src.meta, firstSeenAt: src.seenAt, lastSeenAt: src.seenAt })
    .onConflictDoUpdate({
      target: [documentSources.sha256, documentSources.url],
      set: { lastSeenAt: sql`greatest(${documentSources.lastSeenAt}, excluded.last_seen_at)`, meta: sql`excluded.meta` },
    });
  if (!before) return 'new';
  const old = before.meta as Record<string, unknown>;
  const same = Object.keys(old).length === Object.keys(src.meta).length && Object.entries(src.meta).every(([k, v]) => old[k] === v);
  return same ? 'same' : 'changed';
}

/** Marks the attachments of detail pages (by the pages' sha256) as seen again without fetching them. */
export async function touchAttachmentsOf(db: Database, parentSha256s: string | readonly string[], seenAt: Date): Promise<void> {
  const parents = [...new Set(typeof parentSha256s === 'string' ? [parentSha256s] : parentSha256s)];
  for (let i = 0; i < parents.length; i += URLS_PER_QUERY)
    await db
      .update(documentSources)
      .set({ lastSeenAt: sql`greatest(${documentSources.lastSeenAt}, ${seenAt.toISOString()}::timestamptz)` })
      .where(inArray(documentSources.parentSha256, parents.slice(i, i + URLS_PER_QUERY)));
}

/**
 * What a crawl needs to follow up an archived page without fetching it again: whether it was recorded at all, its
 * Content-Type and final URL as served, and the URLs already recorded as its attachments (with `withAttachments` false,
 * whether it was recorded only: the URL as final, no attachment).
 */
export async function pageFollowUp(
  db: Database,
  sha256: string,
  url: string,
  withAttachments = true,
): Promise<{ recorded: boolean; contentType: string | null; finalUrl: string; attachmentUrls: Set<string> }> {
  const [doc] = await db.select({ contentType: documents.contentType }).from(documents).where(eq(documents.sha256, sha256)).limit(1);
  if (!withAttachments) return { recorded: Boolean(doc), contentType: doc?.contentType ?? null, finalUrl: url, attachmentUrls: new Set() };
  const [source] = await db
    .select({ finalUrl: documentSources.finalUrl })
    .from(documentSources)
    .where(and(eq(documentSources.sha256, sha256), eq(documentSources.url, url)))
    .limit(1);
  const attachments = await db.select({ url: documentSources.url }).from(documentSources).where(eq(documentSources.parentSha256, sha256));
  return {
    recorded: Boolean(doc),
    contentType: doc?.contentType ?? null,
    finalUrl: source?.finalUrl ?? url,
    attachmentUrls: new Set(attachments.map((a) => a.url)),
  };
}

/** An image archived as part of a report's page: its document, and its src (or href) as the page writes it. */
export interface PageImage {
  sha256: string;
  archivePath: string;
  src: string;
}

/** The images archived with a page (sources of kind 'image' whose parent is the page), one per src as written. */
export async function imagesOfPage(db: Database, pageSha256: string): Promise<PageImage[]> {
  const rows = await db
    .select({ sha256: documents.sha256, archivePath: documents.archivePath, meta: documentSources.meta })
    .from(documentSources)
    .innerJoin(documents, eq(documents.sha256, documentSources.sha256))
    .where(and(eq(documentSources.parentSha256, pageSha256), eq(documentSources.kind, 'image')))
    .orderBy(desc(documentSources.lastSeenAt), desc(documentSources.id));
  const bySrc = new Map<string, PageImage>();
  for (const r of rows) {
    const src = (r.meta as Record<string, unknown>).src;
    // The latest image a src served wins (rows come newest first).
    if (typeof src === 'string' && !bySrc.has(src)) bySrc.set(src, { sha256: r.sha256, archivePath: r.archivePath, src });
  }
  return [...bySrc.values()];
}

/**
 * For a document only ever found as an image of report pages: those pages and how far each was read; null for a
 * document found in any other way (a report of its own, even if some page also shows it).
 */
export async function pagesOfImage(db: Database, sha256: string): Promise<{ sha256: string; url: string | null; parseStatus: string }[] | null> {
  const sources = await db
    .select({ kind: documentSources.kind, parentSha256: documentSources.parentSha256, parentUrl: documentSources.parentUrl })
    .from(documentSources)
    .where(eq(documentSources.sha256, sha256));
  if (sources.length === 0 || sources.some((s) => s.kind !== 'image')) return null;
  const parents = [...new Set(sources.flatMap((s) => (s.parentSha256 ? [s.parentSha256] : [])))];
  if (parents.length === 0) return [];
  const rows = await db.select({ sha256: documents.sha256, parseStatus: documents.parseStatus }).from(documents).where(inArray(documents.sha256, parents));
  return rows.map((r) => ({ ...r, url: sources.find((s) => s.parentSha256 === r.sha256)?.parentUrl ?? null }));
}
