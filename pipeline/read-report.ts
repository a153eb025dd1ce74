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

/**
 * Extracts within the time limit: a document that takes longer is abandoned with an ExtractError('timeout'). Each page
 * read by OCR adds `ocrPageMs` to the limit.
 */
async function extractWithin(bytes: Uint8Array, options: ExtractOptions): Promise<DocText> {
  const start = Date.now();
  let limitMs = options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  const perOcrPage = options.ocrPageMs ?? DEFAULT_LIMITS.ocrPageMs;
  let ocrPages = 0;
  let timer: NodeJS.Timeout | undefined;
  let expire: (err: ExtractError) => void = () => {};
  const timeout = new Promise<never>((_, reject) => {
    expire = reject;
  });
  const arm = () => {
    clearTimeout(timer);
    const why = ocrPages ? `${limitMs} ms (incl. ${perOcrPage} ms for each of ${ocrPages} pages read by OCR)` : `${limitMs} ms`;
    timer = setTimeout(() => expire(new ExtractError('timeout', `reading the document took longer than ${why}`)), start + limitMs - Date.now());
  };
  arm();
  const onOcrPage = () => {
    ocrPages++;
    limitMs += perOcrPage;
    arm();
  };
  try {
    return await Promise.race([extractDocument(bytes, { ...options, shouldStop: () => Date.now() > start + limitMs, onOcrPage }), timeout]);
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
