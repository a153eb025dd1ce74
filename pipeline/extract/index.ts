// bytes + what the server said → DocText, whatever the format; the format is read from the bytes.
import type { DocText } from '../types.js';
import { detectFormat, type DetectedFormat } from '../../domain/detect-format.js';
import { decodeText, mixedEncodingWarning } from '../../domain/decode-text.js';
import { ExtractError } from './errors.js';
import { extractDoc } from './doc.js';
import { refuse, type WorkLimits, workLimits } from './limits.js';
import { extractDocx } from './docx.js';
import { extractHtml, extractHtmlText } from './html.js';
import { extractImage, readArticleImages } from './image.js';
import { jsonArticle } from './json.js';
import type { OcrProvider } from './ocr/index.js';
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
  /**
   * Milliseconds added to the time limit for each page read by OCR (default 20 s; a page costs about 2 CPU seconds):
   * a 40-page scan must not fail where a 40-page text PDF is read. Enforced by readReport.
   */
  ocrPageMs?: number;
  /** Asked between PDF pages: true stops the extraction (the caller's clock decides; this module has none). */
  shouldStop?: () => boolean;
  /** Told before each page is read by OCR, so that the caller's clock grants that page its time. */
  onOcrPage?: () => void;
  /**
   * The OCR recogniser for pages with no text layer (scanned PDFs, images, tables pasted as pictures); loaded on first
   * use. Without it such documents stay `needsOcr`, with the reason in their warnings.
   */
  ocr?: OcrProvider | null;
  /** HTML: the bytes of the article's images by their src as written (archived by the crawl with the page). */
  images?: ReadonlyMap<string, Uint8Array>;
  /** Bounds on the work the document may cause (limits.ts); the defaults fit every real report. */
  limits?: Partial<WorkLimits>;
}

export const DEFAULT_LIMITS = { maxBytes: 50 * 1024 * 1024, maxPages: 200, timeoutMs: 60_000, ocrPageMs: 20_000 };

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
    case 'html': {
      const { imageSlots, ...doc } = extractHtml(bytes, {
        contentType: options.contentType ?? null,
        imageSources: new Set(options.images?.keys() ?? []),
        limits,
      });
      return imageSlots.length ? readArticleImages(doc, imageSlots, options.images!, ocrOptions(options)) : doc;
    }
    case 'txt': {
      const decoded = decodeText(bytes, options.contentType);
      // A JSON API response saved as a file: its article field is read as an HTML fragment.
      const json = jsonArticle(decoded.text);
      if (json) {
        const doc = extractHtmlText(json.html, { encoding: decoded.encoding, limits });
        return { ...doc, warnings: [...doc.warnings, `a JSON document: the article is its field ${json.field}`] };
      }
      const doc = extractTxt(decoded.text);
      const warnings = decoded.mixed ? [...doc.warnings, mixedEncodingWarning(decoded.mixed)] : doc.warnings;
      return { ...doc, warnings, source: { ...doc.source, encoding: decoded.encoding } };
    }
    case 'pdf':
      return extractPdf(bytes, { ...ocrOptions(options), limits });
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
      return extractImage(bytes, ocrOptions(options));
    default:
      throw new ExtractError('unsupported_format', `cannot read ${format} documents`);
  }
}

function ocrOptions(options: ExtractOptions) {
  return {
    maxPages: options.maxPages ?? DEFAULT_LIMITS.maxPages,
    shouldStop: options.shouldStop ?? (() => false),
    onOcrPage: options.onOcrPage ?? (() => {}),
    ocr: options.ocr ?? null,
  };
}

export { detectFormat, ExtractError };
export type { OcrProvider };
