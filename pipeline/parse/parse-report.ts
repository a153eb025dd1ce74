// DocText → the facts of an annual report: metadata, template, the three statutory tables, narrative figures.
// Pure. The findings here are about reading; pipeline/validate adds the findings about what the numbers say.
import { MIXED_ENCODING } from '../../domain/decode-text.js';
import type { DocText, Finding, ParsedReport, ParseHints, ParseOutcome, Reference, RuleInput } from '../types.js';
import { readAgency } from './agency.js';
import { Collector } from './collector.js';
import { decodeTables } from './decode/decode-tables.js';
import { detectTemplate } from './detect-template.js';
import { applyLocalNames, isAnnualReport, localNames, missingNames, provisionalYear, regionOfFolders } from './local-names.js';
import { readMetadata } from './metadata.js';
import { readNarrative } from './narrative.js';
import { placeFacts } from './positions.js';
import { normText } from '../../domain/normalize.js';

/** Bumped whenever parsing changes what it returns; stored with every report so `gongkai reparse` can find old ones. */
export const PARSER_VERSION = '2.3.0';

/** Reads one DocText; `reference` is the data loaded once by the caller (the division table), never read here. */
export function parseReport(doc: DocText, hints: ParseHints, reference: Reference): ParseOutcome {
  const out = new Collector();
  const blocks = doc.blocks;
  const meta = readMetadata(blocks, hints, doc.source.title);
  const local = localNames(hints);
  // Lines in two encodings were each decoded in their own, but a line mixing both inside itself may still be garbled.
  for (const w of doc.warnings.filter((x) => x.startsWith(MIXED_ENCODING)))
    out.finding({ rule: 'text.mixed_encoding', severity: 'warning', message: w, keys: [] });
  const readable = !doc.needsOcr && blocks.some((b) => (b.kind === 'para' ? b.text.trim().length > 0 : b.rows.length > 0));
  // Why OCR did not run, when it did not (no recogniser here, models missing): the extractor's note.
  const ocrNotes = doc.warnings.filter((w) => /^OCR (is not available|could not start)/.test(w) || /not read: OCR/.test(w));
  if (doc.needsOcr) {
    out.finding({
      rule: 'document.needs_ocr',
      severity: 'error',
      message: `the document has no text layer (a scan or an image): it needs OCR; nothing was read from it${ocrNotes.length ? ` (${ocrNotes.join('; ')})` : ''}`,
      keys: [],
    });
  } else if (!readable) {
    out.finding({ rule: 'document.empty', severity: 'error', message: 'the document contains no text', keys: [] });
  }
  const decision = detectTemplate(blocks, provisionalYear(meta, local));
  let tables = { t2: false, t3: false, t4: false };
  if (readable && (decision.template === '2019' || decision.template === '2021' || decision.template === 'unknown')) {
    tables = decodeTables(blocks, decision.template, out);
  }
  if (readable) readNarrative(blocks, decision.template, out);
  placeFacts(doc, out);
  if (!doc.needsOcr && ocrNotes.length) {
    out.finding({ rule: 'ocr.unavailable', severity: 'warning', message: `pictures in the document were not read: ${ocrNotes.join('; ')}`, keys: [] });
  }
  if (doc.source.ocrPages?.length) {
    const masked = doc.warnings.filter((w) => w.startsWith('OCR: '));
    out.finding({
      rule: 'ocr.read',
      severity: 'info',
      message: `${doc.source.ocrPages.length} page${doc.source.ocrPages.length === 1 ? '' : 's'} read by OCR (${doc.source.format === 'html' ? 'images of the article' : `page${doc.source.ocrPages.length === 1 ? '' : 's'} ${doc.source.ocrPages.join(', ')}`})${masked.length ? `; ${masked.join('; ').slice(5)}` : ''}`,
      keys: [],
    });
  }
  // An imported file's path and flags fill in the agency and year its document does not state (local-names.ts).
  const isReport = isAnnualReport(meta, hints, tables.t2 || tables.t3 || tables.t4 || decision.basis === 'tables' || decision.basis === 'headings');
  applyLocalNames(meta, local, isReport);
  meta.findings.forEach((f) => out.finding(f));
  missingNames(meta, local, isReport).forEach((f) => out.finding(f));
  const folderRegion = hints.regionCode === undefined ? regionOfFolders(hints, meta.agencyName, reference.regions) : undefined;
  const agency = readAgency(
    meta.agencyName,
    hints.regionCode ?? folderRegion,
    reference.regions,
    folderRegion
      ? 'the file was filed in that district’s folder'
      : hints.path !== undefined
        ? 'the file came with that district (its site, or the import’s --region)'
        : undefined,
  );
  agency.findings.forEach((f) => out.finding(f));
  if (decision.basis === 'year' && (decision.template === '2019' || decision.template === '2021')) {
    out.finding({
      rule: 'template.from_year',
      severity: 'info',
      message: `no table header decides the template; ${decision.template} assumed from the year ${meta.year}`,
      keys: [],
    });
  }
  const findings: Finding[] = out.allFindings();
  const scopes: Record<string, 'own' | 'wide'> = {};
  for (const key of Object.keys(out.provenance)) {
    const p = out.provenance[key]!;
    if ('scope' in p && p.scope) scopes[key] = p.scope;
  }
  const report: Omit<ParsedReport, 'grade'> = {
    agency: { name: meta.agencyName, regionCode: agency.regionCode, level: agency.level, nameSource: meta.nameSource },
    year: meta.year,
    template: decision.template,
    title: meta.title,
    publishedAt: meta.publishedAt,
    facts: out.facts,
    raw: out.raw,
    provenance: out.provenance,
    findings,
    tables,
    source: { format: doc.source.format, ...(doc.source.pages !== undefined ? { pages: doc.source.pages } : {}) },
    parserVersion: PARSER_VERSION,
  };
  const ruleInput: RuleInput = {
    template: decision.template,
    year: meta.year,
    agency: report.agency,
    facts: out.facts,
    raw: out.raw,
    scopes,
    nullReason: out.nullReason,
    tables,
    meta,
    text: blocks.map((b) => (b.kind === 'para' ? normText(b.text) : '')).join('\n'),
    images: doc.source.images ?? 0,
    publishedAt: meta.publishedAt,
  };
  return { report, ruleInput, readable };
}
