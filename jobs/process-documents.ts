// Reads archived documents and loads them: bytes from the archive, hints from where the crawl found them. Never
// touches the network. A document that cannot be read keeps its row with the error; each is marked with the run
// that read it and what loading did, which is what the run's report counts.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DbHandle } from '../db/client.js';
import type { LocalSourceMeta } from '../domain/local-source.js';
import { type DocumentContext, documentContext } from '../db/queries/reports.js';
import { ExtractError } from '../pipeline/extract/errors.js';
import { type LoadOutcome, loadReport, recordParseFailure } from '../pipeline/load/load-report.js';
import { PARSER_VERSION } from '../pipeline/parse/parse-report.js';
import { readReport } from '../pipeline/read-report.js';
import type { ParseHints } from '../pipeline/types.js';

/** Limits on reading one document: its size, PDF pages, and time. */
export interface ProcessLimits {
  maxBytes: number;
  maxPages: number;
  timeoutMs: number;
}

/** What an imported file's source gives the parser: its path, and the agency, year and region the import was told. */
export function hintsOfLocal(local: LocalSourceMeta): ParseHints {
  const year = local.year !== undefined && /^\d{4}$/.test(local.year) ? Number(local.year) : undefined;
  const given = { ...(local.agency ? { agency: local.agency } : {}), ...(year !== undefined ? { year } : {}) };
  return {
    path: local.path,
    ...(Object.keys(given).length ? { given } : {}),
    ...(local.regionCode ? { regionCode: local.regionCode } : {}),
  };
}

function hintsOf(ctx: DocumentContext): ParseHints {
  const pub = /^(\d{4}-\d{2}-\d{2})/.exec(ctx.meta.PubDate ?? ctx.meta.发布日期 ?? '')?.[1];
  // A local source's metadata is its path, note and flags (domain/local-source.ts), not page metadata.
  const pageMeta = ctx.kind === 'local' ? {} : ctx.meta;
  const meta = Object.fromEntries(Object.entries(pageMeta).filter(([, v]) => typeof v === 'string'));
  return {
    ...(ctx.local ? hintsOfLocal(ctx.local) : {}),
    ...(ctx.url && ctx.kind !== 'local' ? { url: ctx.url } : {}),
    ...(ctx.linkText ? { linkText: ctx.linkText } : {}),
    ...(Object.keys(meta).length ? { meta } : {}),
    ...(ctx.siteRegionCode ? { regionCode: ctx.siteRegionCode } : {}),
    ...(pub ? { publishedAt: pub } : {}),
  };
}

/** Why reading a document failed, as recorded with it: the extractor's code (too_large, timeout …) or the error. */
export function readFailure(err: unknown): string {
  return err instanceof ExtractError ? `${err.code}: ${err.message}` : `${(err as Error).name}: ${(err as Error).message}`;
}

/** Parses and loads one document for a run (null outside one); returns what happened to it. */
export async function processDocument(
  handle: DbHandle,
  archiveRoot: string,
  sha256: string,
  limits: ProcessLimits,
  runId: number | null,
): Promise<LoadOutcome | { action: 'failed'; reason: string }> {
  const ctx = await documentContext(handle.db, sha256);
  if (!ctx) return { action: 'failed', reason: 'no such document' };
  const file = path.join(archiveRoot, ctx.archivePath);
  if (!fs.existsSync(file)) {
    await recordParseFailure(handle.db, sha256, `archived bytes missing at ${ctx.archivePath}`, PARSER_VERSION, runId);
    return { action: 'failed', reason: 'archived bytes missing' };
  }
  try {
    const { doc, report } = await readReport(fs.readFileSync(file), { contentType: ctx.contentType, hints: hintsOf(ctx), ...limits });
    return await loadReport(handle.db, ctx, report, doc.needsOcr ? 'needs_ocr' : 'parsed', runId);
  } catch (err) {
    const reason = readFailure(err);
    await recordParseFailure(handle.db, sha256, reason, PARSER_VERSION, runId);
    return { action: 'failed', reason };
  }
}

/** Parses and loads documents one after another. */
export async function processDocuments(
  handle: DbHandle,
  jobs: { sha256: string; runId: number | null }[],
  options: { archiveRoot: string; limits: ProcessLimits; log: Logger; onDocument?: (sha256: string) => void },
): Promise<void> {
  for (const { sha256, runId } of jobs) {
    const outcome = await processDocument(handle, options.archiveRoot, sha256, options.limits, runId);
    options.onDocument?.(sha256);
    options.log.debug({ sha256, action: outcome.action }, 'document processed');
    if (outcome.action === 'failed') options.log.warn({ sha256, reason: outcome.reason }, 'document not readable');
  }
}
