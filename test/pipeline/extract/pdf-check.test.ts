// The PDF stream check (pipeline/extract/pdf-check.ts) at its ceiling: a stream is refused exactly when it inflates
// past the bound, also when it is deflated nearly as tightly as deflate allows (the check skips streams too short to
// pass the bound: a skip counted on a wrong ratio would let this one through).
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ExtractError } from '../../../pipeline/extract/errors.js';
import { checkPdfStreams } from '../../../pipeline/extract/pdf-check.js';

/** The bytes of a PDF object holding one FlateDecode stream (all the check reads of a PDF). */
function pdfWithStream(data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`%PDF-1.4\n4 0 obj\n<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`),
    data,
    Buffer.from('\nendstream\nendobj\n%%EOF\n'),
  ]);
}

function refusal(bytes: Buffer, pdfStreamBytes: number): string | null {
  try {
    checkPdfStreams(bytes, { pdfStreamBytes });
    return null;
  } catch (err) {
    if (!(err instanceof ExtractError)) throw err;
    return `${err.code}: ${err.message}`;
  }
}

describe('checkPdfStreams', () => {
  // 10 MB of zeros deflate about 1027 times (9738 bytes): the most deflate packs, near its limit of 1032.
  const inflated = 10_000_000;
  const tight = pdfWithStream(zlib.deflateSync(Buffer.alloc(inflated), { level: 9 }));

  it('refuses a stream packed near deflate’s limit that inflates one byte past the bound', () => {
    expect(refusal(tight, inflated - 1)).toBe(`too_complex: PDF stream 4 0 obj inflates to more than ${inflated - 1} bytes`);
  });

  it('lets the same stream through at a bound of its inflated size', () => {
    expect(refusal(tight, inflated)).toBeNull();
  });
});
