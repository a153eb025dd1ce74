// norm of pieces joined by '|' is the join of each piece's norm: detectTemplate normalises a report's cells joined,
// once, rather than cell by cell. Checked on text made of what NFKC and norm's replacements act on.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { norm } from '../../domain/normalize.js';

/** Characters NFKC composes, decomposes or reorders, whitespace of every kind, quotes, full-width forms, '|' itself. */
const TRICKY = [
  'a',
  '本',
  '年',
  '１',
  'Ａ',
  '｜',
  '|',
  ' ',
  '\u3000',
  '\u00a0',
  '\u200b',
  '\ufeff',
  '\t',
  '\n',
  '\u2003',
  '“',
  '”',
  '「',
  '』',
  '＂',
  '‘',
  '’',
  "'",
  'e',
  '\u0301',
  '\u0323',
  '\u0308',
  '\u1100',
  '\u1161',
  '\u11a8',
  '\uac00',
  'ﬁ',
  '㍿',
  '①',
  '\u2160',
  '\u3099',
  'か',
  '\uff76',
  '\uff9e',
  '\ud83d\ude00',
  '\ud800',
  '\udc00',
];
const piece = fc.array(fc.constantFrom(...TRICKY), { maxLength: 8 }).map((cs) => cs.join(''));

it("norm of pieces joined by '|' equals the pieces' norms joined by '|'", () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
      expect(norm(pieces.join('|'))).toBe(pieces.map(norm).join('|'));
    }),
    { numRuns: 5000 },
  );
});
