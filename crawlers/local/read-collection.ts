// The files of a researcher's collection, as `gongkai import` is given them: files, folders (already listed by the
// CLI, links and sizes checked before reading) and the ZIP archives among them, opened in memory (zip-archive.ts),
// nested ones too. Each file gets its path inside the collection (the folder's or archive's own name first), which
// is what its source records and what its agency and year may be read from. Nothing is dropped unsaid: a file
// that cannot be read is returned with its reason, and system clutter (__MACOSX, Thumbs.db) with why it is passed over.
import fs from 'node:fs';
import path from 'node:path';
import { detectFormat } from '../../domain/detect-format.js';
import { DEFAULT_ZIP_LIMITS, isPackagedDocument, readZip, ZipArchiveError, type ZipLimits } from './zip-archive.js';

/** One path the CLI listed (cli/input-files.ts): the file, the argument it was found under, its size or its problem. */
export interface LocalInput {
  file: string;
  /** The path argument (a folder, or the file itself) this file was found under. */
  root: string;
  bytes: number;
  problem: string | null;
}

export interface CollectionLimits extends ZipLimits {
  /** Archives inside archives are opened this deep (1: a ZIP inside the imported ZIP). */
  maxDepth: number;
}

export function collectionLimits(maxBytes: number, overrides: Partial<CollectionLimits> = {}): CollectionLimits {
  return { maxBytes, ...DEFAULT_ZIP_LIMITS, maxDepth: 2, ...overrides };
}

/** Where a file of the collection is: `path` inside the collection, `origin` on this disk (with `!entry` inside an archive). */
interface Place {
  path: string;
  origin: string;
}

/** A file to import (its bytes), one that cannot be (`problem`: left out), or clutter passed over (`skipped`). */
export type CollectionItem = (Place & { bytes: Buffer }) | (Place & { problem: string }) | (Place & { skipped: string });

/** Operating-system clutter that is never a document: macOS resource forks and indexes, Windows thumbnails, Office lock files. */
const CLUTTER = /^(?:__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini|~\$.*|\._.*)$/i;
/** The folder a browser saves a page's images, styles and scripts in, next to the page (报告_files, 报告.files). */
const PAGE_ASSETS = /^.+(?:_files|\.files|_文件)$/;

function skipReason(logicalPath: string): string | null {
  const parts = logicalPath.split('/');
  const clutter = parts.find((p) => CLUTTER.test(p));
  if (clutter) return `system file (${clutter}), not a document`;
  // The last part is the file itself; only the folders around it can be a saved page's assets.
  const assets = parts.slice(0, -1).find((p) => PAGE_ASSETS.test(p));
  if (assets) return `part of a saved web page (${assets}/), not a document`;
  return null;
}

/** The path of a listed file inside the collection: the argument's own name, then the path below it. */
export function collectionPath(input: Pick<LocalInput, 'file' | 'root'>): string {
  const root = path.resolve(input.root);
  const file = path.resolve(input.file);
  // A file given by itself keeps the name of its folder: 潞城镇/2021年报.pdf names its agency that way.
  const base = file === root ? path.dirname(root) : root;
  const rel = path.relative(path.dirname(base), file);
  return (base === path.parse(base).root ? path.basename(file) : rel).split(path.sep).join('/');
}

/** The first bytes of a file, to tell a ZIP from a document without reading a large archive whole. */
function head(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8);
    const n = fs.readSync(fd, buf, 0, 8, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

const isZipHead = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06);

/** Archive formats gongkai does not open: the person is asked to unpack them. */
function otherArchive(b: Uint8Array): string | null {
  const s = Buffer.from(b).toString('latin1');
  if (s.startsWith('Rar!')) return 'RAR';
  if (s.startsWith('7z\xbc\xaf\x27\x1c')) return '7-Zip';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  return null;
}

/** True when bytes in memory are a ZIP of files rather than a document packaged as a ZIP (.docx, .xlsx, .ofd). */
function isArchiveBytes(bytes: Buffer): boolean {
  if (!isZipHead(bytes)) return false;
  if (detectFormat(bytes) !== 'zip') return false;
  // detectFormat knows .docx and .xlsx; OpenDocument and OFD are documents too (read as unsupported, not unpacked).
  const names = ['mimetype', 'OFD.xml', '[Content_Types].xml'].filter((n) => bytes.includes(Buffer.from(n, 'latin1')));
  return !isPackagedDocument(names);
}

/**
 * Yields every file of the collection in a stable order (the CLI's order, and each archive's own order), opening
 * ZIP archives — on disk without reading them whole, inside archives in memory — down to `limits.maxDepth`.
 */
export async function* readCollection(inputs: readonly LocalInput[], limits: CollectionLimits): AsyncGenerator<CollectionItem> {
  for (const input of inputs) {
    const place = { path: collectionPath(input), origin: input.file };
    const skipped = skipReason(place.path);
    if (skipped) {
      yield { ...place, skipped };
      continue;
    }
    if (input.problem) {
      yield { ...place, problem: input.problem };
      continue;
    }
    let first: Buffer;
    try {
      first = head(input.file);
    } catch (err) {
      yield { ...place, problem: `not readable: ${(err as Error).message}` };
      continue;
    }
    const other = otherArchive(first);
    if (other) {
      yield { ...place, problem: `a ${other} archive: gongkai opens ZIP archives only; unpack it and import the folder` };
      continue;
    }
    // A ZIP too large to be one document is opened where it lies; anything else is read whole (within the limit).
    if (isZipHead(first) && input.bytes > limits.maxBytes) {
      yield* fromArchive({ file: input.file }, place, limits, 1);
      continue;
    }
    if (input.bytes > limits.maxBytes) {
      yield { ...place, problem: `${input.bytes} bytes, over the limit of ${limits.maxBytes} (GONGKAI_MAX_DOCUMENT_BYTES): not read` };
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(input.file);
    } catch (err) {
      yield { ...place, problem: `not readable: ${(err as Error).message}` };
      continue;
    }
    if (isArchiveBytes(bytes)) yield* fromArchive({ bytes }, place, limits, 1);
    else yield { ...place, bytes };
  }
}

async function* fromArchive(
  source: { file: string } | { bytes: Buffer },
  archive: Place,
  limits: CollectionLimits,
  depth: number,
): AsyncGenerator<CollectionItem> {
  try {
    for await (const entry of readZip(source, limits)) {
      if ('packagedDocument' in entry) {
        // A .docx too large to read, on disk: a document over the limit, not an archive.
        yield { ...archive, problem: `over the limit of ${limits.maxBytes} bytes (GONGKAI_MAX_DOCUMENT_BYTES): not read` };
        return;
      }
      const place = { path: `${archive.path}/${entry.name}`, origin: `${archive.origin}!${entry.name}` };
      const skipped = skipReason(place.path);
      if (skipped) yield { ...place, skipped };
      else if ('problem' in entry) yield { ...place, problem: entry.problem };
      else if (isArchiveBytes(entry.bytes)) {
        if (depth < limits.maxDepth) yield* fromArchive({ bytes: entry.bytes }, place, limits, depth + 1);
        else yield { ...place, problem: `an archive nested deeper than ${limits.maxDepth} levels: not opened` };
      } else {
        const other = otherArchive(entry.bytes);
        yield other
          ? { ...place, problem: `a ${other} archive: gongkai opens ZIP archives only; unpack it and import the folder` }
          : { ...place, bytes: entry.bytes };
      }
    }
  } catch (err) {
    yield { ...archive, problem: err instanceof ZipArchiveError ? err.message : `not a readable ZIP archive: ${(err as Error).message}` };
  }
}
