// Where a fact lies: provenance gets the page and the union of the boxes it was read from; part of a text item is
// placed by the width its characters take; OCR confidence makes an OCR fact.
import { describe, expect, it } from 'vitest';
import { locateCell, locateSpan, placeProvenance } from '../../../pipeline/parse/locate.js';
import type { Block } from '../../../pipeline/types.js';

const para: Block = {
  kind: 'para',
  text: '本年新收 172000019 合计',
  page: 3,
  spans: [
    { span: [0, 4], page: 3, box: [100, 50, 156, 64] },
    // "172000019" is one item 9 half-width digits wide: 63pt.
    { span: [5, 14], page: 3, box: [160, 50, 223, 64] },
    { span: [15, 17], page: 4, box: [60, 40, 88, 54] },
  ],
};

const table: Block = {
  kind: 'table',
  geometry: 'grid',
  page: 2,
  rows: [
    ['自然人', '3', ''],
    ['法人', '4', '5'],
  ],
  cells: [
    [{ page: 2, box: [10, 10, 40, 20] }, { page: 2, box: [50, 10, 60, 20], conf: 0.9 }, null],
    [
      { page: 2, box: [10, 30, 40, 40] },
      { page: 2, box: [50, 30, 60, 40], conf: 0.7 },
      { page: 3, box: [70, 30, 80, 40] },
    ],
  ],
};

describe('locate', () => {
  it.each([
    ['a whole item', [5, 14], { page: 3, box: [160, 50, 223, 64] }],
    ['two digits cut out of a glued run', [5, 7], { page: 3, box: [160, 50, 174, 64] }],
    ['the last two digits', [12, 14], { page: 3, box: [209, 50, 223, 64] }],
    ['a label and a run', [0, 14], { page: 3, box: [100, 50, 223, 64] }],
    ['a span running onto the next page keeps its first page', [5, 17], { page: 3, box: [160, 50, 223, 64] }],
    ['text between items (a space) with no item: only the page', [4, 5], { page: 3 }],
  ] as const)('%s', (_, span, place) => {
    expect(locateSpan(para, span)).toEqual(place);
  });

  it('places a cell, a whole row (its cells on its first page), and a blank cell of unknown place', () => {
    expect(locateCell(table, 0, 1)).toEqual({ page: 2, box: [50, 10, 60, 20], conf: 0.9 });
    expect(locateCell(table, 1, -1)).toEqual({ page: 2, box: [10, 30, 60, 40], conf: 0.7 });
    expect(locateCell(table, 0, 2)).toEqual({ page: 2 });
  });

  it('adds page, box and OCR confidence to provenance, and nothing where the block has no geometry', () => {
    const blocks: Block[] = [{ kind: 'para', text: 'x' }, table, para];
    expect(placeProvenance({ block: 1, row: 1, col: 1, method: 'grid' }, blocks)).toEqual({
      block: 1,
      row: 1,
      col: 1,
      method: 'grid',
      page: 2,
      box: [50, 30, 60, 40],
      conf: 0.7,
      ocr: true,
    });
    expect(placeProvenance({ block: 2, span: [5, 7], method: 'split' }, blocks)).toEqual({
      block: 2,
      span: [5, 7],
      method: 'split',
      page: 3,
      box: [160, 50, 174, 64],
    });
    expect(placeProvenance({ block: 0, span: [0, 1], method: 'text' }, blocks)).toEqual({ block: 0, span: [0, 1], method: 'text' });
  });
});
