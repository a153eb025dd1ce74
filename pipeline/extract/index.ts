// bytes + what the server said → DocText, whatever the format; the format is read from the bytes.
import type { DocText } from '../types.js';
import { detectFormat, type DetectedFormat } from '../../domain/detect-format.js';
import { decodeText, mixedEncodingWarning } from '../../domain/decode-text.js';
import { ExtractError } from './errors.js';
import { extractDoc } from './doc.js';
import { refuse, type WorkLimits, workLimits } from './limits.js';
import { extractDocx } from './docx.js';
import { extractHtml } from './html.js';
import { extractPdf } from './pdf.js';
import { extractSpreadsheet } from './spreadsheet.js';
import { extractTxt } from './txt.js';

export interface ExtractOptions {
  contentType?: string | null;
  /** Refuse documents larger than this many bytes (default 50 MB). */
  maxBytes?: number;
  /** Refuse PDFs with more pages than this (default 200). */
  maxPages?: number;
  /** Give up on one document after this many milliseconds (default 60 s); enforced by readReport. */
  timeoutMs?: number;
  /** Asked between PDF pages: true stops the extraction (the caller's clock decides; this module has none). */
  shouldStop?: () => boolean;
  /** Bounds on the work the document may cause (limits.ts); the defaults fit every real report. */
  limits?: Partial<WorkLimits>;
}

export const DEFAULT_LIMITS = { maxBytes: 50 * 1024 * 1024, maxPages: 200, timeoutMs: 60_000 };

export async function extractDocument(bytes: Uint8Array, options: ExtractOptions = {}): Promise<DocText> {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  if (bytes.length > maxBytes) throw new ExtractError('too_large', `document is ${bytes.length} bytes, over the limit of ${maxBytes}`);
  const doc = await extractAs(detectFormat(bytes), bytes, options);
  // The parser's work grows with the blocks it is given (15 s for 90,000 paragraphs): refused before it starts.
  const { blocks } = workLimits(options.limits);
  if (doc.blocks.length > blocks) refuse('blocks of text in the document', doc.blocks.length, blocks);
  return doc;
}

export async function extractAs(format: DetectedFormat, bytes: Uint8Array, options: ExtractOptions): Promise<DocText> {
  const limits = workLimits(options.limits);
  switch (format) {
    case 'html':
      return extractHtml(bytes, { contentType: options.contentType ?? null, limits });
    case 'txt': {
      const decoded = decodeText(bytes, options.contentType);
      const doc = extractTxt(decoded.text);
      const warnings = decoded.mixed ? [...doc.warnings, mixedEncodingWarning(decoded.mixed)] : doc.warnings;
      return { ...doc, warnings, source: { ...doc.source, encoding: decoded.encoding } };
    }
    case 'pdf':
      return extractPdf(bytes, { maxPages: options.maxPages ?? DEFAULT_LIMITS.maxPages, shouldStop: options.shouldStop ?? (() => false), limits });
    case 'docx':
      return extractDocx(bytes, limits);
    case 'doc':
    case 'wps':
      // Its reader holds the whole file and every piece of text it names: refused past its own size bound.
      if (bytes.length > limits.docBytes)
        throw new ExtractError('too_large', `the ${format.toUpperCase()} file is ${bytes.length} bytes, over the limit of ${limits.docBytes}`);
      return extractDoc(bytes, format);
    case 'xls':
    case 'xlsx':
      return extractSpreadsheet(bytes, format, limits);
    case 'image':
      return { blocks: [], source: { format: 'image', images: 1 }, warnings: ['the document is an image'], needsOcr: true };
    default:
      throw new ExtractError('unsupported_format', `cannot read ${format} documents`);
  }
}

export { detectFormat, ExtractError };
