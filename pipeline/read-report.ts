// The whole reading of one document: bytes → DocText → facts → findings and grade. What `gongkai parse` and
// the loader call; pure apart from the limits it is given.
import { extractDocument, type ExtractOptions } from './extract/index.js';
import { parseReport } from './parse/parse-report.js';
import { DocText, ParsedReport, type ParseHints } from './types.js';
import { validateReport } from './validate/validate-report.js';

export function readDocText(doc: DocText, hints: ParseHints = {}): ParsedReport {
  const { report, ruleInput, readable } = parseReport(doc, hints);
  // The contract is checked on the way out: a report that does not fit it is a bug, not data.
  return ParsedReport.parse(validateReport(report, ruleInput, readable));
}

export interface ReadResult {
  doc: DocText;
  report: ParsedReport;
}

export async function readReport(bytes: Uint8Array, options: ExtractOptions & { hints?: ParseHints } = {}): Promise<ReadResult> {
  const doc = DocText.parse(await extractDocument(bytes, options));
  return { doc, report: readDocText(doc, options.hints ?? {}) };
}
