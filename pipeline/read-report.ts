// The whole reading of one document: bytes → DocText → facts → findings and grade. What `gongkai parse` and
// the loader call; pure apart from the limits it is given.
import { loadRegionIndex } from '../domain/regions/read-regions.js';
import { DEFAULT_LIMITS, extractDocument, type ExtractOptions } from './extract/index.js';
import { parseReport } from './parse/parse-report.js';
import { DocText, ParsedReport, type ParseHints, type Reference } from './types.js';
import { validateReport } from './validate/validate-report.js';

/** The reference data parsing and validation read, loaded once per process (here, not inside them). */
export function defaultReference(): Reference {
  return { regions: loadRegionIndex() };
}

export function readDocText(doc: DocText, hints: ParseHints = {}, reference: Reference = defaultReference()): ParsedReport {
  // The contract is checked on the way out: a report that does not fit it is a bug, not data.
  return ParsedReport.parse(validateReport(parseReport(doc, hints, reference), reference));
}

export interface ReadResult {
  doc: DocText;
  report: ParsedReport;
}

/**
 * Reads one document. `timeoutMs` is only asked between PDF pages here (a cooperative stop): the hard deadline and
 * memory cap are the parse pool's (jobs/parse-pool.ts), which runs this in a worker it can terminate.
 */
export async function readReport(bytes: Uint8Array, options: ExtractOptions & { hints?: ParseHints; reference?: Reference } = {}): Promise<ReadResult> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs);
  const doc = DocText.parse(await extractDocument(bytes, { ...options, shouldStop: () => Date.now() > deadline }));
  return { doc, report: readDocText(doc, options.hints ?? {}, options.reference) };
}
