// OCR of page images into DocText blocks: what the PDF, image and HTML extractors call for pages with no text layer.
// The recogniser comes from the caller through an OcrProvider (loaded once per thread, outside the pure stage); when
// there is none, or it cannot load, the document stays `needsOcr` with the reason.
import type { Block } from '../../types.js';
import { ExtractError } from '../errors.js';
import { framesOf, type PageImage } from './image.js';
import { pageBlocks } from './page-blocks.js';
import { readPage } from './read-page.js';
import type { LineRecogniser } from './recognise.js';

/** Gives the recogniser, loading it on first use; rejects with the reason when OCR cannot run here. */
export type OcrProvider = () => Promise<LineRecogniser>;

/** The recogniser, or why OCR cannot run (no provider given, models missing …): the note a needs_ocr document keeps. */
export async function acquireOcr(provider: OcrProvider | null | undefined): Promise<{ rec: LineRecogniser } | { reason: string }> {
  if (!provider) return { reason: 'OCR is not available in this reader' };
  try {
    return { rec: await provider() };
  } catch (err) {
    return { reason: `OCR could not start: ${(err as Error).message}` };
  }
}

export interface OcrResult {
  blocks: Block[];
  size: { width: number; height: number; unit: 'px' };
  /** Numbers in paragraph text masked for low confidence. */
  masked: number;
}

/** Reads one page image into blocks (page numbers are the caller's: the PDF's page, or the image's ordinal). */
export async function ocrPage(image: PageImage, page: number, rec: LineRecogniser): Promise<OcrResult> {
  let read: Awaited<ReturnType<typeof readPage>>;
  try {
    read = await readPage(image, page, rec);
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw new ExtractError('corrupt', `page ${page}: not a readable image: ${(err as Error).message}`);
  }
  const { blocks, masked } = pageBlocks(read);
  return { blocks, masked, size: { width: read.width, height: read.height, unit: 'px' } };
}

/** The page images an image file holds: one, or each page of a multi-page TIFF. */
export async function imagePages(bytes: Uint8Array, maxPages: number): Promise<PageImage[]> {
  let frames: number;
  try {
    frames = (await framesOf(bytes)).frames;
  } catch (err) {
    throw new ExtractError('corrupt', `not a readable image: ${(err as Error).message}`);
  }
  if (frames > maxPages) throw new ExtractError('too_many_pages', `the image has ${frames} pages, over the limit of ${maxPages}`);
  return Array.from({ length: frames }, (_, frame) => ({ bytes, frame }));
}

export function maskedWarning(masked: number): string {
  return `OCR: ${masked} number${masked === 1 ? '' : 's'} in running text read with low confidence were left unread (shown as \ufffd)`;
}

export type { LineRecogniser } from './recognise.js';
export type { PageImage } from './image.js';
