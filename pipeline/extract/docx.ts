// DOCX → DocText: mammoth turns the OOXML into HTML that keeps tables and merged cells (gridSpan, vMerge), and the
// HTML extractor reads it like any page (the whole document is the article). The container is checked first
// (zip-check.ts: entries, inflated XML) and images are never decoded (only counted), so no part of a DOCX costs
// more than the bounds allow.
import mammoth from 'mammoth';
import type { DocText } from '../types.js';
import { ExtractError } from './errors.js';
import { extractHtmlText } from './html.js';
import { refuse, type WorkLimits, workLimits } from './limits.js';
import { checkZip } from './zip-check.js';

export async function extractDocx(bytes: Uint8Array, limits: WorkLimits = workLimits()): Promise<DocText> {
  const body = checkZip(bytes, limits).get('word/document.xml');
  // Counted in the XML before mammoth reads it: 90,000 paragraphs cost it ~25 s, 20,000 about a second.
  const paragraphs = body?.toString('latin1').match(/<w:p[\s>/]/g)?.length ?? 0;
  if (paragraphs > limits.docxParagraphs) refuse('paragraphs in word/document.xml', paragraphs, limits.docxParagraphs);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      // An image becomes an empty <img>: counted (a report whose tables are pictures needs OCR), never read.
      { ignoreEmptyParagraphs: true, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (err) {
    throw new ExtractError('corrupt', `not a readable DOCX: ${(err as Error).message}`);
  }
  const doc = extractHtmlText(`<html><body><article>${html}</article></body></html>`, { limits });
  return { ...doc, source: { ...doc.source, format: 'docx' }, warnings: doc.warnings.filter((w) => !w.startsWith('no ')) };
}
