// DOCX → DocText: mammoth turns the OOXML into HTML that keeps tables and merged cells (gridSpan, vMerge), and the
// HTML extractor reads it like any page (the whole document is the article).
import mammoth from 'mammoth';
import type { DocText } from '../types.js';
import { ExtractError } from './errors.js';
import { extractHtmlText } from './html.js';

export async function extractDocx(bytes: Uint8Array): Promise<DocText> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { ignoreEmptyParagraphs: true });
    html = result.value;
  } catch (err) {
    throw new ExtractError('corrupt', `not a readable DOCX: ${(err as Error).message}`);
  }
  const doc = extractHtmlText(`<html><body><article>${html}</article></body></html>`);
  return { ...doc, source: { ...doc.source, format: 'docx' }, warnings: doc.warnings.filter((w) => !w.startsWith('no ')) };
}
