// DOC (Word 97-2003) and Word-compatible WPS → DocText with word-extractor, which gives the text with table cells
// separated by tabs and rows ended by a tab: the same flattened shape as text copied from Word, so the text
// extractor rebuilds the tables (as 'loose' tables: merged cells leave spacer cells, positions are not trusted).
import WordExtractor from 'word-extractor';
import type { DocText } from '../types.js';
import { ExtractError } from './errors.js';
import { extractTxt } from './txt.js';

export async function extractDoc(bytes: Uint8Array, format: 'doc' | 'wps'): Promise<DocText> {
  let body: string;
  try {
    const document = await new WordExtractor().extract(Buffer.from(bytes));
    body = [document.getHeaders({ includeFooters: false }), document.getBody()].filter(Boolean).join('\n');
  } catch (err) {
    const message = (err as Error).message;
    if (/encrypt|password/i.test(message)) throw new ExtractError('encrypted', `the ${format.toUpperCase()} file is password-protected`);
    throw new ExtractError('corrupt', `not a readable ${format.toUpperCase()} file: ${message}`);
  }
  // Each table row ends with a tab before the line break; a cell holding several paragraphs keeps them on one line.
  const text = body.replace(/\r\n?/g, '\n').replace(/\t\n/g, '\n');
  const doc = extractTxt(text);
  const tables = doc.blocks.filter((b) => b.kind === 'table').length;
  const warnings = tables === 0 && /\t/.test(text) ? ['tab-separated text found but no table could be rebuilt'] : [];
  return { ...doc, source: { format }, warnings };
}
