// The whole reading of one document: bytes → DocText → facts → findings and grade. What `gongkai parse` and
// the loader call; pure apart from the limits it is given.
import { loadRegionIndex } from '../domain/regions/read-regions.js';
import { isTraditional, toSimplified } from '../domain/to-simplified.js';
import { DEFAULT_LIMITS, ExtractError, extractDocument, type ExtractOptions } from './extract/index.js';
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

export async function readReport(bytes: Uint8Array, options: ExtractOptions & { hints?: ParseHints; reference?: Reference } = {}): Promise<ReadResult> {
  const doc = DocText.parse(await extractWithin(bytes, options));
  return { doc, report: readDocText(doc, options.hints ?? {}, options.reference) };
}
