// placeFacts, the one step that places facts: on an OCR'd table facts get their cell's page, box and confidence,
// readings below the confidence their key needs are null, two numbers read from one physical cell (the grid missed a
// ruling line) are both null; sentences and rows get their place from the same step, and facts sharing a sentence stay.
import { describe, expect, it } from 'vitest';
import { Collector } from '../../../pipeline/parse/collector.js';
import { placeFacts } from '../../../pipeline/parse/positions.js';
import type { CellGeom, DocText } from '../../../pipeline/types.js';

const geom = (x0: number, conf: number): CellGeom => ({ page: 3, box: [x0, 648, x0 + 70, 673], conf });

/** One row of table 3 as OCR read it at 100 dpi (r9 of the bench): columns 10 and 11 share one box, '1' read as '!'. */
function doc(): DocText {
  const merged = geom(854, 0.9794);
  return {
    blocks: [
      {
        kind: 'table',
        geometry: 'grid',
        page: 3,
        rows: [['1.本机关不掌握相关政府信息', '2', '0', '0', '2', '7']],
        cells: [[null, geom(662, 0.972), merged, merged, geom(1016, 0.953), geom(1068, 0.85)]],
      },
    ],
    source: { format: 'pdf', pages: 3, ocrPages: [3], pageSizes: [{ width: 1241, height: 1755, unit: 'px' }] },
    warnings: [],
  };
}

describe('placeFacts on OCR readings', () => {
  it('nulls the numbers read from one merged cell and the ones below the threshold, and places the rest', () => {
    const out = new Collector();
    const keys = ['natural_person', 'org_public_interest', 'org_legal_service', 'org_other', 'total'].map((c) => `t3.unable_not_held.${c}`);
    const texts = ['2', '0', '0', '2', '7'];
    keys.forEach((key, i) => out.cell(key, { block: 0, row: 0, col: i + 1, text: texts[i]! }));
    placeFacts(doc(), out);
    expect(keys.map((k) => out.facts[k])).toEqual([2, null, null, 2, null]);
    expect(out.provenance[keys[0]!]).toEqual({ block: 0, row: 0, col: 1, method: 'grid', page: 3, box: [662, 648, 732, 673], conf: 0.972, ocr: true });
    const rules = Object.fromEntries(out.allFindings().map((f) => [f.rule, f.keys]));
    expect(rules['ocr.merged_cell']).toEqual([keys[1], keys[2]]);
    expect(rules['ocr.low_confidence']).toEqual([keys[4]]);
  });
});

describe('placeFacts places every kind of fact in one step', () => {
  /** A scanned page 2: a sentence OCR read as two pieces, and a table row whose cells could not be matched. */
  const scanned: DocText = {
    blocks: [
      {
        kind: 'para',
        text: '本年度未发生行政复议、行政诉讼',
        page: 2,
        spans: [
          { span: [0, 5], page: 2, box: [100, 200, 170, 220], conf: 0.97 },
          { span: [5, 15], page: 2, box: [170, 200, 310, 220], conf: 0.95 },
        ],
      },
      {
        kind: 'table',
        geometry: 'grid',
        page: 2,
        rows: [['（一）予以公开', '1', '2 3']],
        cells: [
          [
            { page: 2, box: [100, 648, 170, 673], conf: 0.99 },
            { page: 2, box: [200, 648, 260, 673], conf: 0.8 },
            { page: 2, box: [270, 648, 330, 673], conf: 0.95 },
          ],
        ],
      },
    ],
    source: { format: 'pdf', pages: 2, ocrPages: [2], pageSizes: [{ width: 1241, height: 1755, unit: 'px' }] },
    warnings: [],
  };

  it('gives a sentence the box of the pieces it covers, a row the union of its cells, and keeps zeros that share a sentence', () => {
    const out = new Collector();
    out.value('t4.review.corrected', 0, '未发生行政复议', { block: 0, span: [5, 15], method: 'text' });
    out.value('t4.litigation_direct.corrected', 0, '未发生行政诉讼', { block: 0, span: [5, 15], method: 'text' });
    out.shape(['t3.decision.disclosed.natural_person', 't3.decision.disclosed.total'], '（一）予以公开', ['1', '2 3'], 7, { block: 1, row: 0 });
    placeFacts(scanned, out);
    expect(out.provenance['t4.review.corrected']).toEqual({
      block: 0,
      span: [5, 15],
      method: 'text',
      page: 2,
      box: [170, 200, 310, 220],
      conf: 0.95,
      ocr: true,
    });
    expect(out.provenance['t3.decision.disclosed.total']).toEqual({
      block: 1,
      row: 0,
      col: -1,
      method: 'aligned',
      page: 2,
      box: [100, 648, 330, 673],
      conf: 0.8,
      ocr: true,
    });
    expect([out.facts['t4.review.corrected'], out.facts['t4.litigation_direct.corrected']]).toEqual([0, 0]);
    expect(out.allFindings().map((f) => f.rule)).toEqual(['cells.row_shape']);
  });

  it('places a text layer’s sentence with no confidence and no OCR mark', () => {
    const out = new Collector();
    out.value('t4.review.corrected', 0, '未发生行政复议', { block: 0, span: [0, 5], method: 'text' });
    placeFacts(
      {
        ...scanned,
        blocks: [{ kind: 'para', text: '本年度未发生', page: 1, spans: [{ span: [0, 6], page: 1, box: [0, 0, 60, 10] }] }],
        source: { format: 'pdf', pages: 1 },
      },
      out,
    );
    expect(out.provenance['t4.review.corrected']).toEqual({ block: 0, span: [0, 5], method: 'text', page: 1, box: [0, 0, 50, 10] });
  });
});
