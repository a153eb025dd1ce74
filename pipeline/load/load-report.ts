// Loads one parsed document into the database in one transaction: the agency (found by name, alias or division,
// or created — never merged with a look-alike), the report version, its facts with provenance and its findings.
// Idempotent: loading the same document again changes nothing. A new document for an agency-year becomes a new
// version and the current one; a document published with it (the PDF attached to the HTML page) is its twin, and
// the better graded twin is current. A document that is the same report published elsewhere (beijing.gov.cn's qzf copy
// of a district's report, its /gate/big5/ mirror: other bytes, same agency, year and title, no fact in disagreement)
// is folded into that report as another copy: one report with several sources, never a second version.
import type { Database } from '../../db/client.js';
import {
  deleteReport,
  type DocumentContext,
  factsOf,
  findOrCreateAgency,
  insertReport,
  linkCopy,
  markDocument,
  nextVersion,
  replaceFacts,
  replaceFindings,
  reportOfCopy,
  reportOfDocument,
  reportsOfAgencyYear,
  setCurrent,
  unlinkCopy,
  updateReport,
  versionsOf,
} from '../../db/queries/reports.js';
import { agencyIdentity } from '../../domain/agency.js';
import { loadRegionIndex } from '../../domain/regions/read-regions.js';
import type { Grade, ReadFailure } from '../../domain/values.js';
import { type ParsedReport, unloadableReason } from '../types.js';
import { TWIN_RULES } from '../validate/rules/index.js';

export type LoadOutcome =
  | { action: 'inserted' | 'updated' | 'unchanged' | 'copy'; reportId: number; agencyId: number; isCurrent: boolean }
  | { action: 'not_report'; reason: string };

const GRADE_RANK: Record<Grade, number> = { A: 0, B: 1, C: 2, D: 3, F: 4 };

function factRows(report: ParsedReport) {
  return Object.keys(report.facts)
    .sort()
    .map((key) => ({ key, value: report.facts[key] ?? null, raw: report.raw[key] ?? null, provenance: report.provenance[key] ?? null }));
}

/** The current version of an agency-year: the latest publication (twins published together count as one), then its best grade. */
async function chooseCurrent(tx: Database, agencyId: number, year: number): Promise<number> {
  const versions = await versionsOf(tx, agencyId, year);
  const latest = Math.max(...versions.map((v) => v.groupSeenAt.getTime()));
  const group = versions.filter((v) => v.groupSeenAt.getTime() === latest);
  group.sort((a, b) => GRADE_RANK[a.grade as Grade] - GRADE_RANK[b.grade as Grade] || b.factCount - a.factCount || a.version - b.version);
  const current = group[0]!;
  await setCurrent(tx, agencyId, year, current.id);
  // The rules over twins (validate/rules): their findings go on the current version, replacing earlier ones.
  const ids = group.map((g) => g.id);
  const facts = ids.length > 1 ? await factsOf(tx, ids) : [];
  const twins = ids.map((reportId) => ({ reportId, facts: Object.fromEntries(facts.filter((f) => f.reportId === reportId).map((f) => [f.key, f.value])) }));
  for (const rule of TWIN_RULES) {
    for (const id of ids) await replaceFindings(tx, id, [], rule.id);
    const found = rule.check(twins);
    if (found.length) await replaceFindings(tx, current.id, found, rule.id);
  }
  return current.id;
}

/** Loads one parsed document; `runId` is the run reading it (null outside a run), recorded with what loading did. */
export async function loadReport(
  db: Database,
  ctx: DocumentContext,
  report: ParsedReport,
  documentStatus: 'parsed' | 'needs_ocr',
  runId: number | null = null,
): Promise<LoadOutcome> {
  return db.transaction(async (tx) => {
    const copyOf = await reportOfCopy(tx, ctx.sha256);
    const reason = unloadableReason(report);
    if (reason !== null || !report.agency.name || report.year === null) {
      if (copyOf !== undefined) await unlinkCopy(tx, ctx.sha256);
      const existing = await reportOfDocument(tx, ctx.sha256);
      if (existing) {
        await deleteReport(tx, existing.id);
        await chooseCurrentIfAny(tx, existing.agencyId, existing.year);
      }
      await markDocument(tx, ctx.sha256, 'not_report', reason, report.parserVersion, { runId, action: 'not_report' });
      return { action: 'not_report' as const, reason: reason ?? '' };
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
    let existing = await reportOfDocument(tx, ctx.sha256);
    if (!existing) {
      const same = await sameReportElsewhere(tx, ctx.sha256, agencyId, report, sourceGroup);
      if (same) {
        const action = copyOf === same.id ? ('unchanged' as const) : ('copy' as const);
        if (action === 'copy') await linkCopy(tx, ctx.sha256, same.id);
        await markDocument(tx, ctx.sha256, documentStatus, null, report.parserVersion, { runId, action });
        return { action, reportId: same.id, agencyId, isCurrent: same.isCurrent };
      }
    }
    if (copyOf !== undefined) await unlinkCopy(tx, ctx.sha256);
    let action: 'inserted' | 'updated' | 'unchanged' = 'inserted';
    if (existing && (existing.agencyId !== agencyId || existing.year !== report.year)) {
      // A new parser reads another agency or year from this document: the old version goes.
      await deleteReport(tx, existing.id);
      await chooseCurrentIfAny(tx, existing.agencyId, existing.year);
      existing = undefined;
    }
    let reportId: number;
    if (existing) {
      reportId = existing.id;
      const same =
        existing.parserVersion === report.parserVersion &&
        existing.grade === report.grade &&
        existing.template === report.template &&
        existing.sourceGroup === sourceGroup;
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
      await replaceFacts(tx, reportId, factRows(report));
      await replaceFindings(tx, reportId, report.findings);
    }
    const currentId = await chooseCurrent(tx, agencyId, report.year);
    await markDocument(tx, ctx.sha256, documentStatus, null, report.parserVersion, { runId, action });
    return { action, reportId, agencyId, isCurrent: currentId === reportId };
  });
}

/** Titles compared as printed, less spacing, punctuation and brackets (a copy re-typesets, it does not reword). */
export function sameTitle(a: string | null, b: string | null): boolean {
  const key = (t: string) => t.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '');
  return a !== null && b !== null && key(a) === key(b);
}

/**
 * A report of the same agency and year published in another place (not this document's twin): same title, and no
 * fact read from both that disagrees — a copy may read fewer cells (a mirror's re-encoding), never other numbers.
 */
async function sameReportElsewhere(tx: Database, sha256: string, agencyId: number, report: ParsedReport, sourceGroup: string) {
  const candidates = (await reportsOfAgencyYear(tx, agencyId, report.year!)).filter(
    (r) => r.documentSha256 !== sha256 && r.sourceGroup !== sourceGroup && sameTitle(r.title, report.title),
  );
  if (!candidates.length) return undefined;
  const facts = await factsOf(
    tx,
    candidates.map((c) => c.id),
  );
  const agrees = (id: number) =>
    facts.filter((f) => f.reportId === id).every((f) => f.value === null || report.facts[f.key] == null || report.facts[f.key] === f.value);
  // The current version first: a copy joins what the dataset shows.
  return candidates.sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent)).find((c) => agrees(c.id));
}

async function chooseCurrentIfAny(tx: Database, agencyId: number, year: number): Promise<void> {
  if ((await versionsOf(tx, agencyId, year)).length) await chooseCurrent(tx, agencyId, year);
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
