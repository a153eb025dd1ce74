// bytes + what the server said → DocText, whatever the format; the format is read from the bytes.
import type { DocText } from '../types.js';
import { detectFormat, type DetectedFormat } from './detect-format.js';
import { decodeText } from './decode-text.js';
import { ExtractError } from './errors.js';
import { extractHtml } from './html.js';
import { extractTxt } from './txt.js';

export interface ExtractOptions {
  contentType?: string | null;
  /** Refuse documents larger than this many bytes (default 50 MB). */
  maxBytes?: number;
  /** Refuse PDFs with more pages than this (default 200). */
  maxPages?: number;
  /** Give up on one document after this many milliseconds (default 60 s). */
  timeoutMs?: number;
}

export const DEFAULT_LIMITS = { maxBytes: 50 * 1024 * 1024, maxPages: 200, timeoutMs: 60_000 };

export async function extractDocument(bytes: Uint8Array, options: ExtractOptions = {}): Promise<DocText> {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  if (bytes.length > maxBytes) throw new ExtractError('too_large', `document is ${bytes.length} bytes, over the limit of ${maxBytes}`);
  const format = detectFormat(bytes);
  return extractAs(format, bytes, options);
}

export async function extractAs(format: DetectedFormat, bytes: Uint8Array, options: ExtractOptions): Promise<DocText> {
  switch (format) {
    case 'html':
      return extractHtml(bytes, { contentType: options.contentType ?? null });
    case 'txt': {
      const decoded = decodeText(bytes, options.contentType);
      const doc = extractTxt(decoded.text);
      return { ...doc, source: { ...doc.source, encoding: decoded.encoding } };
    }
    case 'image':
      return { blocks: [], source: { format: 'image', images: 1 }, warnings: ['the document is an image'], needsOcr: true };
    default:
      throw new ExtractError('unsupported_format', `cannot read ${format} documents`);
  }
}

export { detectFormat, ExtractError };
