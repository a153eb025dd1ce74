// The statutory-table decoder: DocText blocks → the cells of tables 2, 3 and 4 of the report's template, each with
// its raw text, position and how it was read, and a finding for every cell it leaves null. One reader for every
// format: HTML, PDF, DOCX, DOC, spreadsheets and text all arrive here as blocks. Pure.
import type { TemplateId } from '../../../domain/values.js';
import type { Block } from '../../types.js';
import type { Collector } from '../collector.js';
import { buildRegions } from './regions.js';
import { decodeTable2 } from './table-2.js';
import { decodeTable3 } from './table-3.js';
import { decodeTable4 } from './table-4.js';

export function decodeTables(blocks: Block[], template: TemplateId, out: Collector): { t2: boolean; t3: boolean; t4: boolean } {
  const regions = buildRegions(blocks);
  return {
    t2: decodeTable2(regions.t2, template, out),
    t3: decodeTable3(regions.t3, template, out),
    t4: decodeTable4(regions.t4, out),
  };
}
