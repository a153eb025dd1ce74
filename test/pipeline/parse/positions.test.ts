// placeFacts on an OCR'd table: facts get their cell's page, box and confidence; readings below the confidence their
// key needs are null; two numbers read from one physical cell (the grid missed a ruling line) are both null.
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
