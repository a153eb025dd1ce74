// Images → DocText by OCR: an image file (JPEG, PNG, GIF, TIFF with its pages, WebP) as a report of its own, and the
// images of an HTML article (tables pasted as pictures) read in place between the article's text. Pure apart from the
// recogniser the caller hands in; with none, the document says it needs OCR and why.
import type { Block, DocText } from '../types.js';
import { ExtractError } from './errors.js';
import type { ImageSlot } from './html.js';
import { acquireOcr, imagePages, maskedWarning, type OcrProvider, ocrPage } from './ocr/index.js';

export interface ImageOptions {
  maxPages: number;
  shouldStop: () => boolean;
  /** Told before each image is read (the caller's clock gives it more time). */
  onOcrPage: () => void;
  ocr: OcrProvider | null;
}

export async function extractImage(bytes: Uint8Array, options: ImageOptions): Promise<DocText> {
  const got = await acquireOcr(options.ocr);
  if ('reason' in got) return { blocks: [], source: { format: 'image', images: 1 }, warnings: ['the document is an image', got.reason], needsOcr: true };
  const pages = await imagePages(bytes, options.maxPages);
  const blocks: Block[] = [];
  const pageSizes: NonNullable<DocText['source']['pageSizes']> = [];
  let masked = 0;
  for (const [i, image] of pages.entries()) {
    if (options.shouldStop()) throw new ExtractError('timeout', `gave up after page ${i} of ${pages.length}: over the time limit`);
    options.onOcrPage();
    const r = await ocrPage(image, i + 1, got.rec);
    blocks.push(...r.blocks);
    pageSizes.push(r.size);
    masked += r.masked;
  }
  return {
    blocks,
    source: { format: 'image', pages: pages.length, images: pages.length, pageSizes, ocrPages: pages.map((_, i) => i + 1) },
    warnings: masked ? [maskedWarning(masked)] : [],
  };
}

/**
 * Reads the article's images whose bytes were handed in, each where it stands in the article. Page n of the result is
 * the n-th image read (its src in source.pageImages). An image that cannot be decoded is left out with a warning.
 */
export async function readArticleImages(doc: DocText, slots: ImageSlot[], images: ReadonlyMap<string, Uint8Array>, options: ImageOptions): Promise<DocText> {
  const got = await acquireOcr(options.ocr);
  if ('reason' in got) return { ...doc, warnings: [...doc.warnings, `${slots.length} image(s) of the article not read: ${got.reason}`] };
  const warnings = [...doc.warnings];
  const pageSizes: NonNullable<DocText['source']['pageSizes']> = [];
  const pageImages: string[] = [];
  const inserts: { at: number; blocks: Block[] }[] = [];
  let masked = 0;
  for (const slot of slots) {
    if (options.shouldStop()) throw new ExtractError('timeout', `gave up after ${pageImages.length} of ${slots.length} images: over the time limit`);
    const page = pageImages.length + 1;
    options.onOcrPage();
    try {
      const r = await ocrPage({ bytes: images.get(slot.src)! }, page, got.rec);
      pageSizes.push(r.size);
      pageImages.push(slot.src);
      inserts.push({ at: slot.at, blocks: r.blocks });
      masked += r.masked;
    } catch (err) {
      warnings.push(`image ${slot.src} not read: ${(err as Error).message}`);
    }
  }
  const blocks = [...doc.blocks];
  // From the last insertion point back, so that earlier points stay where they were.
  for (const ins of [...inserts].reverse()) blocks.splice(ins.at, 0, ...ins.blocks);
  if (masked) warnings.push(maskedWarning(masked));
  if (pageImages.length === 0) return { ...doc, warnings };
  return { ...doc, blocks, source: { ...doc.source, pageSizes, ocrPages: pageImages.map((_, i) => i + 1), pageImages }, warnings };
}
