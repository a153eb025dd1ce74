// A PDF's streams checked before pdf.js reads them: pdf.js inflates a page's content stream into one growing buffer
// outside the JavaScript heap (so no heap limit stops it), and a 750 KB file can hold a content stream of hundreds
// of megabytes. Each FlateDecode stream (images aside: pdf.js decodes those a page at a time) is inflated here with
// a ceiling and discarded; one over it refuses the document — unless it is too short to reach the ceiling at all.
// One pass over the bytes. Pure.
import zlib from 'node:zlib';
import { ExtractError } from './errors.js';
import type { WorkLimits } from './limits.js';

const STREAM = Buffer.from('stream');
const END = Buffer.from('endstream');
const OBJ = Buffer.from(' obj');

/**
 * The most bytes one byte of deflate data inflates to: a length/distance pair takes at least two bits and gives at
 * most 258 bytes (zlib's FAQ: "the limit is 1032:1"). A stream no longer than the ceiling ÷ 1032 cannot pass it, so
 * it is not inflated here (a Chromium-printed report holds hundreds of streams of a few KB: inflating each for
 * nothing cost about 2 % of its reading).
 */
const MAX_DEFLATE_RATIO = 1032;

/** Throws ExtractError('too_complex') when a stream inflates past the bound. Streams it cannot read are left to pdf.js. */
export function checkPdfStreams(input: Uint8Array, limits: Pick<WorkLimits, 'pdfStreamBytes'>): void {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let from = 0;
  for (;;) {
    const at = bytes.indexOf(STREAM, from);
    if (at < 0) return;
    from = at + STREAM.length;
    // The keyword ends a dictionary and is followed by an end of line; 'endstream' and words inside text are not it.
    if (at >= 3 && bytes.subarray(at - 3, at).toString('latin1') === 'end') continue;
    let dataAt = from;
    if (bytes[dataAt] === 0x0d) dataAt++;
    if (bytes[dataAt] !== 0x0a && bytes[dataAt - 1] !== 0x0d) continue;
    if (bytes[dataAt] === 0x0a) dataAt++;
    const objAt = bytes.lastIndexOf(OBJ, at);
    const dict = objAt >= 0 && at - objAt < 4096 ? bytes.toString('latin1', objAt, at) : '';
    const end = bytes.indexOf(END, dataAt);
    if (end < 0) return;
    from = end + END.length;
    // Only a plain FlateDecode (no filter chain, which pdf.js decodes itself) and not an image.
    if (!/\/Filter\s*(\/FlateDecode|\[\s*\/FlateDecode\s*\])/.test(dict) || /\/Subtype\s*\/Image/.test(dict)) continue;
    if ((end - dataAt) * MAX_DEFLATE_RATIO <= limits.pdfStreamBytes) continue;
    try {
      zlib.inflateSync(bytes.subarray(dataAt, end), { maxOutputLength: limits.pdfStreamBytes, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        const name = objAt >= 0 ? /(\d+\s+\d+)$/.exec(bytes.toString('latin1', Math.max(0, objAt - 24), objAt))?.[1] : undefined;
        throw new ExtractError('too_complex', `PDF stream ${name ? `${name} obj ` : ''}inflates to more than ${limits.pdfStreamBytes} bytes`);
      }
      // Encrypted or damaged: pdf.js decides what it makes of it.
    }
  }
}
