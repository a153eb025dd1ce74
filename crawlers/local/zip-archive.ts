// Reads the files of a ZIP archive into memory, never onto disk, so that no entry name (../../etc, /abs/path) can
// place anything anywhere: each entry is checked before a byte of it is inflated — its name (absolute paths and ..
// refused, GBK names of Chinese Windows decoded), encryption, links, its declared size against the per-file limit,
// its compression ratio (a bomb), and the archive's entry count and total size — and while it is inflated (yauzl
// checks that no more bytes come than declared). Every refused entry is returned with its reason; the rest go on.
import iconv from 'iconv-lite';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

export interface ZipLimits {
  /** Largest file an entry may inflate to (GONGKAI_MAX_DOCUMENT_BYTES). */
  maxBytes: number;
  /** Most entries one archive may hold. */
  maxEntries: number;
  /** Most bytes all of one archive's entries may inflate to together. */
  maxTotalBytes: number;
  /** Highest inflated/compressed ratio of an entry of more than 1 MiB. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: Omit<ZipLimits, 'maxBytes'> = { maxEntries: 10_000, maxTotalBytes: 2 * 1024 ** 3, maxRatio: 100 };

/** One file of the archive: its bytes, or why it was not read. `name` is the decoded entry name ('/' separated). */
export type ZipFileEntry = { name: string; bytes: Buffer } | { name: string; problem: string };

/** The archive as a whole could not be read, or is refused (too many entries, too large). */
export class ZipArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipArchiveError';
  }
}

/** Below this many inflated bytes a high ratio is ordinary (a page of repeated table rows), not a bomb. */
const RATIO_FLOOR = 1024 * 1024;
/** Unix file type bits in the high half of the external attributes (made on Unix): a symbolic link. */
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const UTF8_FLAG = 0x800;

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The entry's name: UTF-8 when flagged or given in the Info-ZIP Unicode Path field (yauzl decodes both); otherwise
 * the bytes as the archiver wrote them, which on Chinese Windows is GBK — decoded as GB18030, never as CP437
 * (the ZIP default), which would turn 潞城镇 into box-drawing characters — unless they are valid UTF-8 already.
 */
function entryName(entry: Entry): string {
  const raw = (entry as Entry & { fileNameRaw: Buffer }).fileNameRaw;
  const hasUnicodePath = entry.extraFields.some((f) => f.id === 0x7075);
  let name: string;
  if (entry.generalPurposeBitFlag & UTF8_FLAG || hasUnicodePath || isUtf8(raw)) {
    name = (yauzl as unknown as { getFileNameLowLevel(flag: number, raw: Buffer, extra: Entry['extraFields'], strict: boolean): string }).getFileNameLowLevel(
      entry.generalPurposeBitFlag | (isUtf8(raw) ? UTF8_FLAG : 0),
      raw,
      entry.extraFields,
      false,
    );
  } else name = iconv.decode(raw, 'gb18030');
  return name.replace(/\\/g, '/');
}

/** Why an entry is not read before inflating it, or null. */
function refusal(entry: Entry, name: string, limits: ZipLimits): string | null {
  const unsafe = yauzl.validateFileName(name);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (unsafe || /[\u0000-\u001f]/.test(name)) return `unsafe name in the archive (${unsafe ?? 'control characters'}): not read`;
  if (entry.isEncrypted()) return 'encrypted (password-protected) in the archive: not read';
  if (entry.versionMadeBy >> 8 === 3 && ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return 'a symbolic link inside the archive: not followed';
  if (entry.uncompressedSize > limits.maxBytes)
    return `${entry.uncompressedSize} bytes, over the limit of ${limits.maxBytes} (GONGKAI_MAX_DOCUMENT_BYTES): not read`;
  if (entry.uncompressedSize > RATIO_FLOOR && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize))
    return `inflates ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times (${entry.uncompressedSize} bytes from ${entry.compressedSize}): a ZIP bomb, not read`;
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    return `compression method ${entry.compressionMethod} (only stored and deflated are read): not read`;
  return null;
}

function openZip(source: { file: string } | { bytes: Buffer }): Promise<ZipFile> {
  const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: ZipFile) => (err ? reject(new ZipArchiveError(`not a readable ZIP archive: ${err.message}`)) : resolve(zip!));
    if ('file' in source) yauzl.open(source.file, options, done);
    else yauzl.fromBuffer(source.bytes, options, done);
  });
}

/** Every entry of the central directory, read before any is inflated. */
function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (err: Error) => reject(new ZipArchiveError(`not a readable ZIP archive: ${err.message}`)));
    zip.readEntry();
  });
}

/** Inflates one entry into memory, stopping at `max` bytes whatever the archive declares. */
function readEntry(zip: ZipFile, entry: Entry, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) {
          stream.destroy();
          reject(new Error(`inflates past ${max} bytes`));
        } else chunks.push(chunk);
      });
      stream.once('error', reject);
      stream.once('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** The names inside a ZIP that make it a document, not an archive of documents: Office Open XML, OpenDocument, OFD. */
export function isPackagedDocument(names: readonly string[]): boolean {
  return names.some((n) => n === '[Content_Types].xml' || n === 'mimetype' || n === 'OFD.xml');
}

/**
 * The files of the archive in `source` (a file on disk, or bytes in memory), one at a time in the order the archive
 * lists them; directories are passed over. Throws ZipArchiveError when the archive itself cannot be read or is refused
 * as a whole. A ZIP that is a packaged document (a .docx) yields only `{ packagedDocument: true }`.
 */
export async function* readZip(source: { file: string } | { bytes: Buffer }, limits: ZipLimits): AsyncGenerator<ZipFileEntry | { packagedDocument: true }> {
  const zip = await openZip(source);
  try {
    if (zip.entryCount > limits.maxEntries) throw new ZipArchiveError(`${zip.entryCount} entries, over the limit of ${limits.maxEntries}: not read`);
    const entries = (await listEntries(zip)).map((entry) => ({ entry, name: entryName(entry) }));
    if (isPackagedDocument(entries.map((e) => e.name))) {
      yield { packagedDocument: true };
      return;
    }
    const checked = entries.filter((e) => !e.name.endsWith('/')).map((f) => ({ ...f, problem: refusal(f.entry, f.name, limits) }));
    const total = checked.reduce((sum, f) => sum + (f.problem ? 0 : f.entry.uncompressedSize), 0);
    if (total > limits.maxTotalBytes) throw new ZipArchiveError(`its files inflate to ${total} bytes, over the limit of ${limits.maxTotalBytes}: not read`);
    for (const { entry, name, problem } of checked) {
      if (problem) {
        yield { name, problem };
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await readEntry(zip, entry, Math.min(limits.maxBytes, entry.uncompressedSize));
      } catch (err) {
        yield { name, problem: `unreadable in the archive: ${(err as Error).message}` };
        continue;
      }
      yield { name, bytes };
    }
  } finally {
    zip.close();
  }
}
