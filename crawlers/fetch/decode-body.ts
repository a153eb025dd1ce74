// Undoes a response's Content-Encoding (gzip, deflate, br, in the order applied) before anything is archived, with
// the same size cap as the download: a 50 KB gzip that inflates to gigabytes stops at the cap. Never guesses an
// encoding the server did not declare.
import zlib from 'node:zlib';
import { FetchError } from '../errors.js';

const GZIP_MAGIC = [0x1f, 0x8b];

function inflateOne(encoding: string, body: Buffer, maxBytes: number): Buffer {
  const options = { maxOutputLength: maxBytes + 1 };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      // Servers that label a plain body gzip exist; bytes without the gzip magic are taken as they are.
      if (body[0] !== GZIP_MAGIC[0] || body[1] !== GZIP_MAGIC[1]) return body;
      return zlib.gunzipSync(body, options);
    case 'deflate':
      // "deflate" is zlib-wrapped by the standard, raw deflate by some servers: a zlib header starts 0x78.
      return body[0] === 0x78 ? zlib.inflateSync(body, options) : zlib.inflateRawSync(body, options);
    case 'br':
      return zlib.brotliDecompressSync(body, options);
    case 'identity':
    case '':
      return body;
    default:
      throw new FetchError('unsupported', `Content-Encoding ${encoding} is not supported`);
  }
}

/** The body with its Content-Encoding undone; FetchError too_large past `maxBytes`, unsupported when it is corrupt. */
export function decodeBody(body: Buffer, contentEncoding: string | undefined, maxBytes: number, status: number): Buffer {
  if (!contentEncoding) return body;
  const encodings = contentEncoding
    .toLowerCase()
    .split(',')
    .map((e) => e.trim())
    .reverse();
  let out = body;
  for (const encoding of encodings) {
    try {
      out = inflateOne(encoding, out, maxBytes);
    } catch (err) {
      if (err instanceof FetchError) throw err;
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new FetchError('too_large', `${encoding} body inflates past the limit of ${maxBytes} bytes`, status);
      }
      throw new FetchError('unsupported', `${encoding} body does not decompress: ${(err as Error).message}`, status);
    }
    if (out.length > maxBytes) throw new FetchError('too_large', `${encoding} body inflates past the limit of ${maxBytes} bytes`, status);
  }
  return out;
}
