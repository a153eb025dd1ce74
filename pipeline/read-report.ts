// The whole reading of one document: bytes → DocText → facts → findings and grade. What `gongkai parse` and
// the loader call; pure apart from the limits it is given.
import { loadRegionIndex } from '../domain/regions/read-regions.js';
import { isTraditional, toSimplified } from '../domain/to-simplified.js';
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
  const read = simplifiedDoc(doc, hints);
  // The contract is checked on the way out: a report that does not fit it is a bug, not data.
  return ParsedReport.parse(validateReport(parseReport(read.doc, read.hints, reference), reference));
}

/** Text in traditional characters (a /gate/big5/ mirror page) read as simplified, so labels and names match. */
export const TRADITIONAL_WARNING = 'traditional Chinese text, read as simplified';

function simplifiedDoc(doc: DocText, hints: ParseHints): { doc: DocText; hints: ParseHints } {
  const text = doc.blocks.map((b) => (b.kind === 'para' ? b.text : b.rows.flat().join(''))).join('\n');
  if (!isTraditional(text)) return { doc, hints };
  const s = toSimplified;
  return {
    doc: {
      ...doc,
      blocks: doc.blocks.map((b) => (b.kind === 'para' ? { ...b, text: s(b.text) } : { ...b, rows: b.rows.map((r) => r.map(s)) })),
      source: { ...doc.source, ...(doc.source.title ? { title: s(doc.source.title) } : {}) },
      warnings: [...doc.warnings, TRADITIONAL_WARNING],
    },
    hints: {
      ...hints,
      ...(hints.linkText ? { linkText: s(hints.linkText) } : {}),
      ...(hints.meta ? { meta: Object.fromEntries(Object.entries(hints.meta).map(([k, v]) => [k, s(v)])) } : {}),
    },
  };
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
    options.onOcrPage?.();
  };
  try {
    return await Promise.race([extractDocument(bytes, { ...options, shouldStop: () => Date.now() > start + limitMs, onOcrPage }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads one document. The time limit here is this thread's own (a Promise.race and a stop asked between PDF pages):
 * the hard deadline and memory cap are the parse pool's (jobs/parse-pool.ts), which runs this in a worker it can
 * terminate, and which is told of every OCR page through `onOcrPage` to grant it the same allowance. Scans and
 * images are read by OCR with the recogniser of this thread (loaded on first use) unless `ocr` says otherwise (null:
 * no OCR, such documents stay needsOcr).
 */
export async function readReport(bytes: Uint8Array, options: ExtractOptions & { hints?: ParseHints; reference?: Reference } = {}): Promise<ReadResult> {
  const doc = DocText.parse(await extractWithin(bytes, { ...options, ocr: options.ocr === undefined ? ocrProvider() : options.ocr }));
  return { doc, report: readDocText(doc, options.hints ?? {}, options.reference) };
}
