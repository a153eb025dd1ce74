// Loads parsed documents into the database, a batch of them in one transaction: the agency (found by name, alias or
// division, or created — never merged with a look-alike), the report version, its facts with provenance and its
// findings (written for the whole batch at once), then the current version of every agency-year the batch touched.
// Idempotent: loading the same document again changes nothing. A new document for an agency-year becomes a new
// version and the current one; a document published with it (the PDF attached to the HTML page) is its twin, and
// the better graded twin is current. A document that is the same report published elsewhere (beijing.gov.cn's qzf copy
// of a district's report, its /gate/big5/ mirror: other bytes, same agency, year and title, no fact in disagreement)
// is folded into that report as another copy: one report with several sources, never a second version. A batch that
// fails is loaded again one document at a time, so that a bad document fails alone.
import type { Database } from '../../db/client.js';
import {
  type DocumentContext,
  type DocumentMark,
  deleteReport,
  type FactRow,
  type FindingRow,
  factsOf,
  findOrCreateAgency,
  insertReport,
  linkCopy,
  markDocument,
  markDocuments,
  nextVersion,
  type ReportRow,
  replaceFactsOf,
  replaceFindingsOf,
  reportsOfAgencyYear,
  reportsOfCopies,
  reportsOfDocuments,
  setCurrents,
  unlinkCopy,
  updateReport,
  type VersionInfo,
  versionsOfAgencyYears,
} from '../../db/queries/reports.js';
import { agencyIdentity } from '../../domain/agency.js';
import { loadRegionIndex } from '../../domain/regions/read-regions.js';
import type { Grade, ReadFailure } from '../../domain/values.js';
import { type ParsedReport, unloadableReason } from '../types.js';
import { TWIN_RULES } from '../validate/rules/index.js';

export type LoadOutcome =
  | { action: 'inserted' | 'updated' | 'unchanged' | 'copy'; reportId: number; agencyId: number; isCurrent: boolean }
  | { action: 'not_report'; reason: string };

/** One parsed document to load, with what reading it came to. */
export interface LoadItem {
  ctx: DocumentContext;
  report: ParsedReport;
  status: 'parsed' | 'needs_ocr';
  /**
   * Read with pictures archived with the page: the same bytes read otherwise as more pictures arrive, so a version that
   * looks the same (parser, grade) is compared on its facts too before it is called unchanged.
   */
  withImages?: boolean;
}

const GRADE_RANK: Record<Grade, number> = { A: 0, B: 1, C: 2, D: 3, F: 4 };

function factRows(report: ParsedReport): FactRow[] {
  return Object.keys(report.facts)
    .sort()
    .map((key) => ({ key, value: report.facts[key] ?? null, raw: report.raw[key] ?? null, provenance: report.provenance[key] ?? null }));
}

/**
 * The current version of each agency-year the batch touched: the latest publication (twins published together count as
 * one), then its best grade. Returns it by agency-year (null where no version is left).
 */
async function chooseCurrent(tx: Database, touched: Map<string, { agencyId: number; year: number }>): Promise<Map<string, number | null>> {
  const byKey = new Map<string, VersionInfo[]>([...touched.keys()].map((k) => [k, []]));
  for (const v of await versionsOfAgencyYears(tx, [...touched.values()])) byKey.get(`${v.agencyId}:${v.year}`)?.push(v);
  const current = new Map<string, number | null>();
  const chosen: { agencyId: number; year: number; id: number }[] = [];
  const groups: { current: number; ids: number[] }[] = [];
  for (const [key, { agencyId, year }] of touched) {
    const versions = byKey.get(key)!;
    if (versions.length === 0) {
      current.set(key, null);
      continue;
    }
    const latest = Math.max(...versions.map((v) => v.groupSeenAt.getTime()));
    const group = versions.filter((v) => v.groupSeenAt.getTime() === latest);
    group.sort((a, b) => GRADE_RANK[a.grade as Grade] - GRADE_RANK[b.grade as Grade] || b.factCount - a.factCount || a.version - b.version);
    current.set(key, group[0]!.id);
    chosen.push({ agencyId, year, id: group[0]!.id });
    groups.push({ current: group[0]!.id, ids: group.map((g) => g.id) });
  }
  await setCurrents(tx, chosen);
  // The rules over twins (validate/rules): their findings go on the current version, replacing earlier ones.
  const facts = await factsOf(
    tx,
    groups.filter((g) => g.ids.length > 1).flatMap((g) => g.ids),
  );
  const found = new Map<number, FindingRow[]>();
  for (const g of groups) {
    for (const id of g.ids) found.set(id, []);
    // A lone version's facts are not fetched: the rules see it with none, as a group of one needs none.
    const twins = g.ids.map((reportId) => ({ reportId, facts: Object.fromEntries(facts.filter((f) => f.reportId === reportId).map((f) => [f.key, f.value])) }));
    for (const rule of TWIN_RULES) found.get(g.current)!.push(...rule.check(twins));
  }
  await replaceFindingsOf(
    tx,
    found,
    TWIN_RULES.map((r) => r.id),
  );
  return current;
}

interface Placed {
  outcome: LoadOutcome;
  /** The agency-year of the report the document loaded as or into (none for a non-report). */
  agencyYear?: string;
  mark: DocumentMark;
}

/** What the database held for the batch's documents as it began: their own reports and the reports they are copies of. */
interface Known {
  own: Map<string, ReportRow>;
  copies: Map<string, number>;
}

/** The agency and report version of one document, its facts and findings set aside for the batch. */
async function place(
  tx: Database,
  { ctx, report, status, withImages }: LoadItem,
  known: Known,
  touched: Map<string, { agencyId: number; year: number }>,
  facts: Map<number, FactRow[]>,
  found: Map<number, FindingRow[]>,
): Promise<Placed> {
  const touch = (agencyId: number, year: number) => touched.set(`${agencyId}:${year}`, { agencyId, year });
  // Read for the whole batch at its start: a document of the batch is the only one that changes its own rows there.
  const copyOf = known.copies.get(ctx.sha256);
  const reason = unloadableReason(report);
  if (reason !== null || !report.agency.name || report.year === null) {
    if (copyOf !== undefined) await unlinkCopy(tx, ctx.sha256);
    const existing = known.own.get(ctx.sha256);
    if (existing) {
      await deleteReport(tx, existing.id);
      facts.delete(existing.id);
      found.delete(existing.id);
      touch(existing.agencyId, existing.year);
    }
    return {
      outcome: { action: 'not_report', reason: reason ?? '' },
      mark: { sha256: ctx.sha256, status: 'not_report', error: reason, parserVersion: report.parserVersion, action: 'not_report' },
    };
  }
  const identity = agencyIdentity(
    { name: report.agency.name, regionCode: report.agency.regionCode, level: report.agency.level },
    ctx.siteRegionCode,
    loadRegionIndex(),
  );
  const agencyId = await findOrCreateAgency(tx, identity);
  const sourceGroup = ctx.kind === 'attachment' && ctx.parentSha256 ? ctx.parentSha256 : ctx.sha256;
  const fields = {
    template: report.template,
    title: report.title,
    agencyNameRaw: report.agency.name,
    publishedAt: report.publishedAt,
    parserVersion: report.parserVersion,
    grade: report.grade,
    sourceGroup,
  };
  let existing = known.own.get(ctx.sha256);
  if (!existing) {
    const same = await sameReportElsewhere(tx, ctx.sha256, agencyId, report, sourceGroup, facts);
    if (same) {
      const action = copyOf === same.id ? ('unchanged' as const) : ('copy' as const);
      // A copy changes neither the versions of its agency-year nor their facts: nothing to choose again.
      if (action === 'copy') await linkCopy(tx, ctx.sha256, same.id);
      return {
        outcome: { action, reportId: same.id, agencyId, isCurrent: same.isCurrent },
        agencyYear: `${agencyId}:${report.year}`,
        mark: { sha256: ctx.sha256, status, error: null, parserVersion: report.parserVersion, action },
      };
    }
  }
  if (copyOf !== undefined) await unlinkCopy(tx, ctx.sha256);
  let action: 'inserted' | 'updated' | 'unchanged' = 'inserted';
  if (existing && (existing.agencyId !== agencyId || existing.year !== report.year)) {
    // A new parser reads another agency or year from this document: the old version goes.
    await deleteReport(tx, existing.id);
    facts.delete(existing.id);
    found.delete(existing.id);
    touch(existing.agencyId, existing.year);
    existing = undefined;
  }
  let reportId: number;
  if (existing) {
    reportId = existing.id;
    const same =
      existing.parserVersion === report.parserVersion &&
      existing.grade === report.grade &&
      existing.template === report.template &&
      existing.sourceGroup === sourceGroup &&
      existing.title === report.title &&
      existing.agencyNameRaw === report.agency.name &&
      existing.publishedAt === report.publishedAt &&
      (!withImages || sameFacts(await factsOf(tx, [reportId]), report));
    action = same ? 'unchanged' : 'updated';
    if (!same) await updateReport(tx, reportId, fields);
  } else {
    reportId = await insertReport(tx, {
      ...fields,
      agencyId,
      year: report.year,
      version: await nextVersion(tx, agencyId, report.year),
      documentSha256: ctx.sha256,
      isCurrent: false,
    });
  }
  if (action !== 'unchanged') {
    facts.set(reportId, factRows(report));
    found.set(reportId, report.findings);
  }
  touch(agencyId, report.year);
  return {
    outcome: { action, reportId, agencyId, isCurrent: false },
    agencyYear: `${agencyId}:${report.year}`,
    mark: { sha256: ctx.sha256, status, error: null, parserVersion: report.parserVersion, action },
  };
}

/** Whether the stored facts of a report are those just read (every key, every value). */
function sameFacts(stored: { key: string; value: number | null }[], report: ParsedReport): boolean {
  const keys = Object.keys(report.facts);
  return stored.length === keys.length && stored.every((f) => f.key in report.facts && (report.facts[f.key] ?? null) === f.value);
}

/** Titles compared as printed, less spacing, punctuation and brackets (a copy re-typesets, it does not reword). */
export function sameTitle(a: string | null, b: string | null): boolean {
  const key = (t: string) => t.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '');
  return a !== null && b !== null && key(a) === key(b);
}

/**
 * A report of the same agency and year published in another place (not this document's twin): same title, and no
 * fact read from both that disagrees — a copy may read fewer cells (a mirror's re-encoding), never other numbers.
 * `pending` holds the facts of reports placed earlier in this batch, not yet written: a candidate from the same batch
 * is compared on those, never on its empty rows (which would agree with anything).
 */
async function sameReportElsewhere(tx: Database, sha256: string, agencyId: number, report: ParsedReport, sourceGroup: string, pending: Map<number, FactRow[]>) {
  const candidates = (await reportsOfAgencyYear(tx, agencyId, report.year!)).filter(
    (r) => r.documentSha256 !== sha256 && r.sourceGroup !== sourceGroup && sameTitle(r.title, report.title),
  );
  if (!candidates.length) return undefined;
  const stored = await factsOf(
    tx,
    candidates.filter((c) => !pending.has(c.id)).map((c) => c.id),
  );
  const factsOfCandidate = (id: number) =>
    pending.has(id) ? pending.get(id)!.map((f) => ({ key: f.key, value: f.value })) : stored.filter((f) => f.reportId === id);
  const agrees = (id: number) => factsOfCandidate(id).every((f) => f.value === null || report.facts[f.key] == null || report.facts[f.key] === f.value);
  // The current version first: a copy joins what the dataset shows.
  return candidates.sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent)).find((c) => agrees(c.id));
}

async function loadBatch(db: Database, items: LoadItem[], runId: number | null): Promise<LoadOutcome[]> {
  return db.transaction(async (tx) => {
    const touched = new Map<string, { agencyId: number; year: number }>();
    const facts = new Map<number, FactRow[]>();
    const found = new Map<number, FindingRow[]>();
    const shas = items.map((i) => i.ctx.sha256);
    const known: Known = { own: await reportsOfDocuments(tx, shas), copies: await reportsOfCopies(tx, shas) };
    const placed: Placed[] = [];
    for (const item of items) placed.push(await place(tx, item, known, touched, facts, found));
    await replaceFactsOf(tx, facts);
    await replaceFindingsOf(tx, found);
    // Versions are chosen once the batch's facts are in (the choice counts them), for each agency-year once.
    const current = await chooseCurrent(tx, touched);
    await markDocuments(
      tx,
      placed.map((p) => p.mark),
      runId,
    );
    const chosen = new Set(current.values());
    // A copy joins a report whose agency-year the batch may not have touched: then it is current as it was found.
    return placed.map(({ outcome, agencyYear }) =>
      outcome.action === 'not_report' || !agencyYear || !current.has(agencyYear) ? outcome : { ...outcome, isCurrent: chosen.has(outcome.reportId) },
    );
  });
}

/** What loading one document of a batch came to: failed when it could not be loaded even alone. */
export type LoadResult = LoadOutcome | { action: 'failed'; reason: string };

/**
 * Loads a batch of parsed documents in one transaction; `runId` is the run reading them (null outside a run),
 * recorded with what loading did to each. When the batch fails, each document is loaded alone: one that still fails
 * comes back as failed (its row untouched, for the caller to record why), and the others load.
 */
export async function loadReports(db: Database, items: LoadItem[], runId: number | null = null): Promise<LoadResult[]> {
  // The same document twice in a batch is loaded once (the later reading wins, as it would one after the other).
  const last = new Map(items.map((item, i) => [item.ctx.sha256, i]));
  const unique = items.filter((item, i) => last.get(item.ctx.sha256) === i);
  let results: LoadResult[];
  try {
    results = unique.length ? await loadBatch(db, unique, runId) : [];
  } catch {
    results = [];
    for (const item of unique) {
      try {
        results.push((await loadBatch(db, [item], runId))[0]!);
      } catch (err) {
        // The database's own words (drizzle wraps them in the whole statement and its parameters).
        const cause = (err as Error).cause instanceof Error ? ((err as Error).cause as Error) : (err as Error);
        results.push({ action: 'failed', reason: `${cause.name}: ${cause.message}` });
      }
    }
  }
  const byDoc = new Map(unique.map((item, i) => [item.ctx.sha256, results[i]!]));
  return items.map((item) => byDoc.get(item.ctx.sha256)!);
}

/** Loads one parsed document; `runId` is the run reading it (null outside a run), recorded with what loading did. */
export async function loadReport(
  db: Database,
  ctx: DocumentContext,
  report: ParsedReport,
  documentStatus: 'parsed' | 'needs_ocr',
  runId: number | null = null,
): Promise<LoadOutcome> {
  return (await loadBatch(db, [{ ctx, report, status: documentStatus }], runId))[0]!;
}

/**
 * A document that could not be read at all keeps its row, with the reason and why (`failure`); `reparse` tries it
 * again. A quarantined one is read again only when forced.
 */
export async function recordParseFailure(
  db: Database,
  sha256: string,
  error: string,
  parserVersion: string,
  runId: number | null,
  failure: ReadFailure,
  quarantined = false,
): Promise<void> {
  const status = quarantined ? 'quarantined' : 'failed';
  await markDocument(db, sha256, status, error, parserVersion, { runId, action: status, failure });
}
