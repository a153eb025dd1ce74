// Parses archived documents and loads them: bytes from the archive, hints from where the crawl found them.
// Never touches the network. A document that cannot be read keeps its row with the error.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DbHandle } from '../db/client.js';
import { documentContext, type DocumentContext } from '../db/queries/reports.js';
import { ExtractError } from '../pipeline/extract/errors.js';
import { loadReport, recordParseFailure, type LoadOutcome } from '../pipeline/load/load-report.js';
import { PARSER_VERSION } from '../pipeline/parse/parse-report.js';
import { readReport } from '../pipeline/read-report.js';
import type { ParseHints } from '../pipeline/types.js';

export interface ProcessLimits {
  maxBytes: number;
  maxPages: number;
  timeoutMs: number;
}

export interface ProcessSummary {
  documents: number;
  loaded: { inserted: number; updated: number; unchanged: number };
  notReport: number;
  failed: number;
  needsOcr: number;
  byGrade: Record<string, number>;
  byRule: Record<string, number>;
  facts: number;
  ms: number;
}

export function emptyProcessSummary(): ProcessSummary {
  return { documents: 0, loaded: { inserted: 0, updated: 0, unchanged: 0 }, notReport: 0, failed: 0, needsOcr: 0, byGrade: {}, byRule: {}, facts: 0, ms: 0 };
}

function hintsOf(ctx: DocumentContext): ParseHints {
  const pub = /^(\d{4}-\d{2}-\d{2})/.exec(ctx.meta.PubDate ?? ctx.meta.发布日期 ?? '')?.[1];
  const meta = Object.fromEntries(Object.entries(ctx.meta).filter(([, v]) => typeof v === 'string'));
  return {
    ...(ctx.url ? { url: ctx.url } : {}),
    ...(ctx.linkText ? { linkText: ctx.linkText } : {}),
    ...(Object.keys(meta).length ? { meta } : {}),
    ...(ctx.siteRegionCode ? { regionCode: ctx.siteRegionCode } : {}),
    ...(pub ? { publishedAt: pub } : {}),
  };
}

/** Parses and loads one document; returns what happened to it. */
export async function processDocument(
  handle: DbHandle,
  archiveRoot: string,
  sha256: string,
  limits: ProcessLimits,
): Promise<LoadOutcome | { action: 'failed'; reason: string }> {
  const ctx = await documentContext(handle.db, sha256);
  if (!ctx) return { action: 'failed', reason: 'no such document' };
  const file = path.join(archiveRoot, ctx.archivePath);
  if (!fs.existsSync(file)) {
    await recordParseFailure(handle.db, sha256, `archived bytes missing at ${ctx.archivePath}`, PARSER_VERSION);
    return { action: 'failed', reason: 'archived bytes missing' };
  }
  try {
    const { doc, report } = await readReport(fs.readFileSync(file), { contentType: ctx.contentType, hints: hintsOf(ctx), ...limits });
    return await loadReport(handle.db, ctx, report, doc.needsOcr ? 'needs_ocr' : 'parsed');
  } catch (err) {
    const reason = err instanceof ExtractError ? `${err.code}: ${err.message}` : `${(err as Error).name}: ${(err as Error).message}`;
    await recordParseFailure(handle.db, sha256, reason, PARSER_VERSION);
    return { action: 'failed', reason };
  }
}

export async function processDocuments(
  handle: DbHandle,
  shas: string[],
  options: { archiveRoot: string; limits: ProcessLimits; log: Logger },
): Promise<ProcessSummary> {
  const started = Date.now();
  const summary = emptyProcessSummary();
  const loadedIds: number[] = [];
  for (const sha of shas) {
    summary.documents++;
    const outcome = await processDocument(handle, options.archiveRoot, sha, options.limits);
    options.log.debug({ sha256: sha, action: outcome.action }, 'document processed');
    if (outcome.action === 'failed') {
      summary.failed++;
      options.log.warn({ sha256: sha, reason: outcome.reason }, 'document not readable');
    } else if (outcome.action === 'not_report') summary.notReport++;
    else {
      summary.loaded[outcome.action]++;
      loadedIds.push(outcome.reportId);
    }
  }
  if (loadedIds.length) {
    const stats = await handle.query<{ grade: string; n: number; needs_ocr: number; facts: number }>(
      `select r.grade, count(*)::int as n, count(*) filter (where d.parse_status = 'needs_ocr')::int as needs_ocr,
              sum((select count(*) from report_facts f where f.report_id = r.id))::int as facts
         from reports r join documents d on d.sha256 = r.document_sha256 where r.id = any($1) group by r.grade`,
      [loadedIds],
    );
    for (const s of stats.rows) {
      summary.byGrade[s.grade] = s.n;
      summary.needsOcr += s.needs_ocr;
      summary.facts += s.facts;
    }
    const rules = await handle.query<{ rule: string; n: number }>(
      `select rule, count(*)::int as n from findings where report_id = any($1) and severity <> 'info' group by rule order by n desc, rule`,
      [loadedIds],
    );
    for (const r of rules.rows) summary.byRule[r.rule] = r.n;
  }
  summary.ms = Date.now() - started;
  return summary;
}
