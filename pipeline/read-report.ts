// The whole reading of one document: bytes → DocText → facts → findings and grade. What `gongkai parse` and
// the loader call; pure apart from the limits it is given.
import { loadRegionIndex } from '../domain/regions/read-regions.js';
import { DEFAULT_LIMITS, ExtractError, extractDocument, type ExtractOptions } from './extract/index.js';
import { ocrProvider } from './ocr-engine.js';
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

/** Extracts within the time limit: a document that takes longer is abandoned with an ExtractError('timeout'). */
async function extractWithin(bytes: Uint8Array, options: ExtractOptions): Promise<DocText> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  const deadline = Date.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ExtractError('timeout', `reading the document took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([extractDocument(bytes, { ...options, shouldStop: () => Date.now() > deadline }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads one document. Scans and images are read by OCR with the recogniser of this thread (loaded on first use) unless
 * `ocr` says otherwise (null: no OCR, such documents stay needsOcr).
 */
export async function readReport(bytes: Uint8Array, options: ExtractOptions & { hints?: ParseHints; reference?: Reference } = {}): Promise<ReadResult> {
  const doc = DocText.parse(await extractWithin(bytes, { ...options, ocr: options.ocr === undefined ? ocrProvider() : options.ocr }));
  return { doc, report: readDocText(doc, options.hints ?? {}, options.reference) };
}
