// A ZIP container (DOCX, XLSX) checked before its reader opens it: the number of entries, and what its XML parts
// inflate to — each inflated with a ceiling, so that an entry that lies about its size (or a 300 MB part in a 1 MB
// file) is refused after inflating at most the bound, never in full. Returns the inflated XML parts for checks of
// their own (merged ranges). Media are not inflated: the readers are told to leave them alone. Pure.
import zlib from 'node:zlib';
import { ExtractError } from './errors.js';
import { refuse, type WorkLimits } from './limits.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Parts whose text the readers parse (OOXML parts and relationships); everything else is left compressed. */
const XML_PART = /\.(xml|rels)$/i;

function endOfCentralDirectory(bytes: Buffer): number {
  // The record is at the end, after a comment of at most 65,535 bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) if (bytes.readUInt32LE(i) === EOCD) return i;
  throw new ExtractError('corrupt', 'not a readable ZIP container: no end of central directory');
}

/**
 * Checks a ZIP container against the bounds; returns its XML parts inflated (name → text bytes). Throws
 * ExtractError('too_complex') over a bound and ExtractError('corrupt') when the directory cannot be read.
 */
export function checkZip(input: Uint8Array, limits: Pick<WorkLimits, 'zipEntries' | 'unzippedBytes'>): Map<string, Buffer> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const end = endOfCentralDirectory(bytes);
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  // ZIP64 containers say 0xFFFF entries here; their real count is past every bound a report needs.
  if (count === 0xffff || at === 0xffffffff) refuse('entries of the ZIP container (ZIP64)', 'more than 65,535', limits.zipEntries);
  if (count > limits.zipEntries) refuse('entries of the ZIP container', count, limits.zipEntries);
  const parts = new Map<string, Buffer>();
  let inflated = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL)
      throw new ExtractError('corrupt', 'not a readable ZIP container: broken central directory');
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const declared = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localAt = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (!XML_PART.test(name)) continue;
    if (inflated + declared > limits.unzippedBytes) refuse(`bytes the XML parts inflate to (at ${name})`, inflated + declared, limits.unzippedBytes);
    if (localAt + 30 > bytes.length || bytes.readUInt32LE(localAt) !== LOCAL)
      throw new ExtractError('corrupt', `not a readable ZIP container: ${name} is missing`);
    const dataAt = localAt + 30 + bytes.readUInt16LE(localAt + 26) + bytes.readUInt16LE(localAt + 28);
    const data = bytes.subarray(dataAt, dataAt + compressedSize);
    let text: Buffer;
    if (method === 0) text = data;
    else if (method === 8) {
      try {
        // One byte more than declared: an entry that inflates past its declared size is caught at that byte.
        text = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, declared + 1), finishFlush: zlib.constants.Z_SYNC_FLUSH });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ExtractError('too_complex', `${name} inflates past the ${declared} bytes its directory entry declares`);
        }
        throw new ExtractError('corrupt', `not a readable ZIP container: ${name}: ${(err as Error).message}`);
      }
    } else continue; // a method the readers do not support either: they refuse the file themselves
    if (text.length > declared) throw new ExtractError('too_complex', `${name} inflates past the ${declared} bytes its directory entry declares`);
    inflated += text.length;
    parts.set(name, text);
  }
  return parts;
}
