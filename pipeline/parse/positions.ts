// Puts each fact at its place on the page (page, box, OCR confidence), from whichever geometry its block has (a PDF
// text layer's items, OCR's cells and text pieces), and nulls the facts OCR read with too little confidence, with one
// finding naming them. The one step that places facts: the decoder reads values and leaves provenance without place,
// and the decision about a doubtful digit is taken here, once, never by guessing. Pure.
import { keyDef } from '../../domain/codebook.js';
import type { DocText } from '../types.js';
import type { Collector } from './collector.js';
import { placeProvenance } from './locate.js';

/**
 * A number OCR read below this confidence is null. At 0.9 no wrong number was kept on 50 reports at 150 and 200 dpi,
 * with seal, skew, noise and JPEG 40 together (ocr-lab REPORT §3); correct lone 0s sit at 0.90–0.95 in thin serif faces.
 */
export const NUMBER_CONFIDENCE = 0.9;
/**
 * Signed cells (2019 本年增/减) have no identity to catch a lost minus sign, and one was read '-8' → '8' at 0.987
 * (ocr-lab REPORT §4): they need more.
 */
export const SIGNED_CONFIDENCE = 0.99;

export function requiredConfidence(key: string): number {
  return keyDef(key)?.type === 'signed' ? SIGNED_CONFIDENCE : NUMBER_CONFIDENCE;
}

/**
 * Adds page, box and OCR confidence to every fact's provenance (locate.ts: a cell's box, the union of a row's cells,
 * the pieces of text a span covers) and nulls the OCR readings below the confidence their key needs. A fact on a page
 * read by OCR is marked `ocr` even where OCR left no geometry for it.
 */
export function placeFacts(doc: DocText, out: Collector): void {
  const ocrPages = new Set(doc.source.ocrPages ?? []);
  const nfkc = new Map<number, string>();
  const low: { key: string; conf: number; page: number; raw: string }[] = [];
  // Object.keys, not Object.entries: a report's ~200 facts make the record a dictionary, whose entries cost twice as much.
  for (const key of Object.keys(out.provenance)) {
    const p = out.provenance[key]!;
    const block = doc.blocks[p.block];
    if (!block) continue;
    if ('span' in p && block.kind === 'para' && block.spans && !nfkc.has(p.block)) nfkc.set(p.block, block.text.normalize('NFKC'));
    const onOcrPage = block.page !== undefined && ocrPages.has(block.page);
    const located = placeProvenance(p, doc.blocks, nfkc);
    const placed = onOcrPage ? { ...located, ocr: true as const } : located;
    // A fact with nowhere to be placed (every fact of a web page) keeps its provenance as it is: no copy per fact.
    if (placed !== p) out.provenance[key] = placed;
    // Only a number read from one table cell is judged by its confidence (the threshold was measured on cells,
    // ocr-lab REPORT §3): a row's confidence is the least of its cells', a sentence's the least of the pieces it touches.
    const judged = 'row' in placed && placed.col >= 0;
    if (judged && placed.conf !== undefined && out.facts[key] !== null && out.facts[key] !== undefined && placed.conf < requiredConfidence(key)) {
      low.push({ key, conf: placed.conf, page: placed.page ?? 0, raw: out.raw[key] ?? '' });
      out.facts[key] = null;
      out.nullReason[key] = 'low_confidence';
    }
  }
  sharedCells(out);
  if (low.length) {
    const shown = low
      .slice(0, 12)
      .map((l) => `${l.key} "${l.raw}" p${l.page} ${l.conf.toFixed(2)}`)
      .join('; ');
    out.finding({
      rule: 'ocr.low_confidence',
      severity: 'warning',
      message: `${low.length} cell${low.length === 1 ? '' : 's'} read by OCR below the confidence a number needs (${NUMBER_CONFIDENCE}, signed ${SIGNED_CONFIDENCE}; a seal over a cell makes it 0) are null: ${shown}${low.length > 12 ? '; …' : ''}`,
      keys: low.map((l) => l.key),
    });
  }
}

/**
 * Numbers that two keys read from one cell of the image are null. A statutory table holds one number per cell; when
 * OCR's grid misses a ruling line, two cells become one (the span copied into both columns) and the row's numbers
 * shift: neither reading can be trusted (seen at 100 dpi: 0 | 1 read as 0 | 0).
 */
function sharedCells(out: Collector): void {
  const byCell = new Map<string, string[]>();
  for (const key of Object.keys(out.provenance)) {
    const p = out.provenance[key]!;
    // Cells only: two facts may rightly share one sentence (未发生行政复议、行政诉讼 gives several zeros).
    if (!p.ocr || !('row' in p) || p.col < 0 || !p.box || out.facts[key] === null || out.facts[key] === undefined) continue;
    const id = `${p.block} ${p.page} ${p.box.join(',')}`;
    byCell.set(id, [...(byCell.get(id) ?? []), key]);
  }
  const shared = [...byCell.values()].filter((keys) => keys.length > 1).flat();
  if (!shared.length) return;
  for (const key of shared) {
    out.facts[key] = null;
    out.nullReason[key] = 'low_confidence';
  }
  out.finding({
    rule: 'ocr.merged_cell',
    severity: 'warning',
    message: `${shared.length} numbers were read from cells the OCR grid merged (a ruling line not found), so they are null: ${shared.slice(0, 12).join(', ')}${shared.length > 12 ? ', …' : ''}`,
    keys: shared,
  });
}
