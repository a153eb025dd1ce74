// Loads one parsed document into the database in one transaction: the agency (found by name, alias or division,
// or created — never merged with a look-alike), the report version, its facts with provenance and its findings.
// Idempotent: loading the same document again changes nothing. A new document for an agency-year becomes a new
// version and the current one; a document published with it (the PDF attached to the HTML page) is its twin, and
// the better graded twin is current.
import type { Database } from '../../db/client.js';
import {
  deleteReport,
  type DocumentContext,
  factsOf,
  findOrCreateAgency,
  insertReport,
  markDocument,
  nextVersion,
  replaceFacts,
  replaceFindings,
  reportOfDocument,
  setCurrent,
  updateReport,
  versionsOf,
} from '../../db/queries/reports.js';
import { agencyIdentity } from '../../domain/agency.js';
import { loadRegionIndex } from '../../domain/regions/read-regions.js';
import type { Grade, ReadFailure } from '../../domain/values.js';
import type { ParsedReport } from '../types.js';
import { TWIN_RULES } from '../validate/rules/index.js';

export type LoadOutcome =
  | { action: 'inserted' | 'updated' | 'unchanged'; reportId: number; agencyId: number; isCurrent: boolean }
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
    if (!report.agency.name || report.year === null) {
      const existing = await reportOfDocument(tx, ctx.sha256);
      if (existing) {
        await deleteReport(tx, existing.id);
        await chooseCurrentIfAny(tx, existing.agencyId, existing.year);
      }
      const reason = !report.agency.name ? 'no agency named in the document or its link' : 'no report year in the document or its link';
      await markDocument(tx, ctx.sha256, 'not_report', reason, report.parserVersion, { runId, action: 'not_report' });
      return { action: 'not_report' as const, reason };
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
