// Loads one parsed document into the database in one transaction: the agency (found by name, alias or division,
// or created — never merged with a look-alike), the report version, its facts with provenance and its findings.
// Idempotent: loading the same document again changes nothing. A new document for an agency-year becomes a new
// version and the current one; a document published with it (the PDF attached to the HTML page) is its twin, and
// the better graded twin is current.
import type { Database } from '../../db/client.js';
import {
  addAlias,
  agenciesByAlias,
  agencyByName,
  createAgency,
  deleteReport,
  type DocumentContext,
  factsOf,
  governmentOf,
  insertReport,
  markDocument,
  nextVersion,
  regionFullName,
  replaceFacts,
  replaceFindings,
  reportOfDocument,
  setAgencyRegion,
  setCurrent,
  updateReport,
  versionsOf,
} from '../../db/queries/reports.js';
import type { ParsedReport } from '../types.js';
import type { AgencyLevel, Grade } from '../../domain/values.js';

export type LoadOutcome =
  | { action: 'inserted' | 'updated' | 'unchanged'; reportId: number; agencyId: number; isCurrent: boolean }
  | { action: 'not_report'; reason: string };

const GOVERNMENT: AgencyLevel[] = ['province', 'city', 'county', 'township'];
const GRADE_RANK: Record<Grade, number> = { A: 0, B: 1, C: 2, D: 3, F: 4 };

const clean = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

interface AgencyIdentity {
  name: string;
  printed: string;
  regionCode: string | null;
  regionSource: string | null;
  level: AgencyLevel | null;
}

/**
 * The agency's canonical identity. A government is named after its division (北京市通州区潞城镇 and
 * 北京市通州区潞城镇人民政府 are one agency); a name without any place (区城市管理委) takes the district of the site it was
 * found on; anything else keeps its printed name.
 */
async function identify(tx: Database, report: ParsedReport, ctx: DocumentContext): Promise<AgencyIdentity> {
  const printed = clean(report.agency.name!);
  const { regionCode, level } = report.agency;
  if (regionCode && level && GOVERNMENT.includes(level)) {
    const full = await regionFullName(tx, regionCode);
    if (full) {
      const suffix = /(街道|地区)$/.test(full) ? '办事处' : '人民政府';
      return { name: `${full}${suffix}`, printed, regionCode, regionSource: 'name', level };
    }
  }
  if (!regionCode && ctx.siteRegionCode && /^(区|县|市|旗)/.test(printed) && level === 'department') {
    const full = await regionFullName(tx, ctx.siteRegionCode);
    if (full) return { name: full + printed.slice(1), printed, regionCode: ctx.siteRegionCode, regionSource: 'context', level };
  }
  return { name: printed, printed, regionCode, regionSource: regionCode ? 'name' : null, level };
}

async function resolveAgency(tx: Database, id: AgencyIdentity): Promise<number> {
  let agency = await agencyByName(tx, id.name);
  if (!agency) {
    const byAlias = await agenciesByAlias(tx, id.printed);
    if (byAlias.length === 1) agency = byAlias[0];
  }
  if (!agency && id.regionCode && id.level && GOVERNMENT.includes(id.level)) agency = await governmentOf(tx, id.regionCode, id.level);
  if (!agency) {
    agency = await createAgency(tx, {
      name: id.name,
      shortName: id.printed !== id.name ? id.printed : null,
      regionCode: id.regionCode,
      regionSource: id.regionSource,
      level: id.level,
    });
  } else if (id.regionCode && !agency.regionCode) {
    await setAgencyRegion(tx, agency.id, id.regionCode, id.regionSource ?? 'name');
  }
  await addAlias(tx, id.printed, agency.id, 'title');
  return agency.id;
}

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
  // Twins that disagree: one finding on the current version, naming the keys.
  const ids = group.map((g) => g.id);
  const disagree = new Set<string>();
  if (ids.length > 1) {
    const facts = await factsOf(tx, ids);
    const byKey = new Map<string, Set<string>>();
    for (const f of facts) {
      if (!/^(t[234]|s6)\./.test(f.key) || f.value === null) continue;
      const set = byKey.get(f.key) ?? new Set<string>();
      set.add(`${f.reportId}:${f.value}`);
      byKey.set(f.key, set);
    }
    for (const [key, values] of byKey) if (new Set([...values].map((v) => v.split(':')[1])).size > 1) disagree.add(key);
  }
  for (const id of ids) await replaceFindings(tx, id, [], 'twins.facts_disagree');
  if (disagree.size) {
    const keys = [...disagree].sort();
    await replaceFindings(
      tx,
      current.id,
      [
        {
          rule: 'twins.facts_disagree',
          severity: 'warning',
          message: `the versions published together (e.g. the page and its PDF) disagree on ${keys.length} cell(s): ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ' …' : ''}`,
          keys,
        },
      ],
      'twins.facts_disagree',
    );
  }
  return current.id;
}

export async function loadReport(db: Database, ctx: DocumentContext, report: ParsedReport, documentStatus: 'parsed' | 'needs_ocr'): Promise<LoadOutcome> {
  return db.transaction(async (tx) => {
    if (!report.agency.name || report.year === null) {
      const existing = await reportOfDocument(tx, ctx.sha256);
      if (existing) {
        await deleteReport(tx, existing.id);
        await chooseCurrentIfAny(tx, existing.agencyId, existing.year);
      }
      const reason = !report.agency.name ? 'no agency named in the document or its link' : 'no report year in the document or its link';
      await markDocument(tx, ctx.sha256, 'not_report', reason, report.parserVersion);
      return { action: 'not_report' as const, reason };
    }
    const identity = await identify(tx, report, ctx);
    const agencyId = await resolveAgency(tx, identity);
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
    await markDocument(tx, ctx.sha256, documentStatus, null, report.parserVersion);
    return { action, reportId, agencyId, isCurrent: currentId === reportId };
  });
}

async function chooseCurrentIfAny(tx: Database, agencyId: number, year: number): Promise<void> {
  if ((await versionsOf(tx, agencyId, year)).length) await chooseCurrent(tx, agencyId, year);
}

/** A document that could not be read at all keeps its row, with the reason; `reparse` tries it again. */
export async function recordParseFailure(db: Database, sha256: string, error: string, parserVersion: string): Promise<void> {
  await markDocument(db, sha256, 'failed', error, parserVersion);
}
