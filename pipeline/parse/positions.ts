// Puts each fact at its place on the page (page, box, OCR confidence, from the blocks' geometry) and nulls the facts
// OCR read with too little confidence, with one finding naming them. Runs after the decoder, which reads OCR'd tables
// like any other: the decision about a doubtful digit is taken here, once, never by guessing. Pure.
import { keyDef } from '../../domain/codebook.js';
import type { DocText, Provenance } from '../types.js';
import type { Collector } from './collector.js';

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

/** Adds page geometry to every fact's provenance and nulls the OCR readings below the confidence their key needs. */
export function placeFacts(doc: DocText, out: Collector): void {
  const ocrPages = new Set(doc.source.ocrPages ?? []);
  const low: { key: string; conf: number; page: number; raw: string }[] = [];
  for (const [key, p] of Object.entries(out.provenance)) {
    const block = doc.blocks[p.block];
    if (!block) continue;
    let placed: Provenance = p;
    if ('span' in p) {
      if (block.page !== undefined) placed = { ...p, page: block.page, ...(ocrPages.has(block.page) ? { ocr: true as const } : {}) };
    } else if (block.kind === 'table') {
      const geom = p.row >= 0 && p.col >= 0 ? block.cells?.[p.row]?.[p.col] : undefined;
      if (geom) placed = { ...p, page: geom.page, box: geom.box, ...(geom.conf !== undefined ? { conf: geom.conf, ocr: true as const } : {}) };
      else if (block.page !== undefined) placed = { ...p, page: block.page, ...(ocrPages.has(block.page) ? { ocr: true as const } : {}) };
    }
    out.provenance[key] = placed;
    if (placed.conf !== undefined && out.facts[key] !== null && out.facts[key] !== undefined && placed.conf < requiredConfidence(key)) {
      low.push({ key, conf: placed.conf, page: placed.page ?? 0, raw: out.raw[key] ?? '' });
      out.facts[key] = null;
      out.nullReason[key] = 'low_confidence';
    }
  }
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
