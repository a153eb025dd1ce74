// The work bounds of pipeline/extract/limits.ts on the hostile corpus of issue 15 (scaled down): each bomb is refused
// as too_complex, naming the bound, before the work it asks for is done — and the ones that held before still hold.
import { describe, expect, it } from 'vitest';
import { ExtractError } from '../../pipeline/extract/errors.js';
import { extractDocument } from '../../pipeline/extract/index.js';
import { hostileDocuments, zipArchive } from '../../replica/hostile.js';

const corpus = new Map(hostileDocuments(0.06).map((d) => [d.id, d]));

async function refusal(bytes: Uint8Array, limits = {}): Promise<{ code: string; message: string; ms: number }> {
  const t0 = performance.now();
  try {
    await extractDocument(bytes, { limits });
  } catch (err) {
    if (!(err instanceof ExtractError)) throw err;
    return { code: err.code, message: err.message, ms: performance.now() - t0 };
  }
  throw new Error('the document was read');
}

describe('work bounds', () => {
  it.each([
    ['colspan-html', /^a table of 101 rows × 240000 columns once spans are expanded \(cells\): 24240000, over the bound of 200000$/],
    ['paragraphs-docx', /^paragraphs in word\/document\.xml: \d+, over the bound of 20000$/],
    ['merges-xlsx', /^merged ranges in xl\/worksheets\/sheet1\.xml: 12000, over the bound of 10000$/],
    ['paths-pdf', /^operators on page 1: \d+, over the bound of 50000$/],
    ['text-pdf', /^text items on page 1: \d+, over the bound of 20000$/],
  ])(
    'refuses %s as too_complex before doing its work',
    async (id, message) => {
      const r = await refusal(corpus.get(id)!.bytes);
      expect(r.code).toBe('too_complex');
      expect(r.message).toMatch(message);
      // Refused in seconds, not the minutes (and gigabytes) the red team saw.
      expect(r.ms).toBeLessThan(15_000);
    },
    30_000,
  );

  it.each([
    ['laughs-docx', 'corrupt'],
    ['entity-docx', 'corrupt'],
    ['corrupt-pdf', 'corrupt'],
    ['corrupt-doc', 'corrupt'],
  ])('still refuses %s (held before) as %s', async (id, code) => {
    expect((await refusal(corpus.get(id)!.bytes)).code).toBe(code);
  });

  it('refuses a DOCX part that inflates past the bound, having inflated at most the bound', async () => {
    const xml = Buffer.from(
      `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${'<w:p/>'.repeat(50_000)}</w:body></w:document>`,
    );
    const bytes = zipArchive([{ name: 'word/document.xml', data: xml }]);
    const r = await refusal(bytes, { unzippedBytes: 100_000 });
    expect(r).toMatchObject({ code: 'too_complex', message: `bytes the XML parts inflate to (at word/document.xml): ${xml.length}, over the bound of 100000` });
  });

  it('refuses a page nested deeper than the bound while the DOM is built', async () => {
    const page = Buffer.from(`<html><body>${'<div>'.repeat(100_000)}本年新收${'</div>'.repeat(100_000)}</body></html>`);
    const r = await refusal(page);
    expect(r).toMatchObject({ code: 'too_complex', message: 'elements nested in one another: 1001, over the bound of 1000' });
    expect(r.ms).toBeLessThan(2000);
  });

  it('refuses a DOC file over its size bound unread', async () => {
    const ole = Buffer.alloc(2048, 0x41);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    expect(await refusal(ole, { docBytes: 1024 })).toMatchObject({ code: 'too_large', message: 'the DOC file is 2048 bytes, over the limit of 1024' });
  });
});
