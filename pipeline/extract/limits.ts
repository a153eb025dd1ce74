// Bounds on the work one document may cause, checked before that work is done: a document over one is refused with
// ExtractError('too_complex') naming the bound, instead of filling memory or a core for minutes. Each bound sits
// far above what any real report needs (a statutory table is ~30 × 12 cells; the report PDFs of the fixtures draw at
// most ~2,000 operators and ~400 text items a page; a long report has ~1,000 paragraphs).
// Pure: numbers and checks, no clock, no I/O.
import { ExtractError } from './errors.js';

export interface WorkLimits {
  /** Cells of one table once row and column spans are expanded (HTML, DOCX, a spreadsheet's used range). */
  tableCells: number;
  /** Cells of every table of the document together. */
  documentCells: number;
  /** Elements nested inside one another in an HTML (or DOCX-made) document. */
  htmlDepth: number;
  /** Elements of an HTML document. */
  htmlElements: number;
  /** Merged ranges of one sheet. */
  mergedRanges: number;
  /** Entries of a ZIP container (DOCX, XLSX). */
  zipEntries: number;
  /** Bytes the XML parts of a ZIP container inflate to, all together. */
  unzippedBytes: number;
  /** Bytes one PDF stream (page content, font, object stream; not images) inflates to. */
  pdfStreamBytes: number;
  /** Text items of one PDF page. */
  pdfTextItems: number;
  /** Operators of one PDF page (pdf.js's list: a stroked path is one, a text show is one). */
  pdfOperators: number;
  /** Ruling lines one PDF page draws. */
  pdfLines: number;
  /** Size of a DOC or WPS file (read whole by its reader). */
  docBytes: number;
  /** Paragraphs of a DOCX body (its converter slows down faster than linearly past tens of thousands). */
  docxParagraphs: number;
  /** Blocks (paragraphs, lines, tables) of the text handed to the parser, whatever the format. */
  blocks: number;
}

export const DEFAULT_WORK_LIMITS: WorkLimits = {
  tableCells: 200_000,
  documentCells: 1_000_000,
  htmlDepth: 1_000,
  htmlElements: 1_000_000,
  mergedRanges: 10_000,
  zipEntries: 10_000,
  unzippedBytes: 64 * 1024 * 1024,
  pdfStreamBytes: 32 * 1024 * 1024,
  pdfTextItems: 20_000,
  pdfOperators: 50_000,
  pdfLines: 10_000,
  docBytes: 32 * 1024 * 1024,
  docxParagraphs: 20_000,
  blocks: 20_000,
};

export function workLimits(overrides: Partial<WorkLimits> = {}): WorkLimits {
  return { ...DEFAULT_WORK_LIMITS, ...overrides };
}

/** Throws the refusal for a count over its bound. */
export function refuse(what: string, count: number | string, limit: number): never {
  throw new ExtractError('too_complex', `${what}: ${count}, over the bound of ${limit}`);
}

/** Counts cells as tables are expanded; throws once a table or the whole document goes over its bound. */
export class CellBudget {
  private used = 0;

  constructor(private readonly limits: Pick<WorkLimits, 'tableCells' | 'documentCells'>) {}

  /** Reserves the cells of a table of `rows` × `columns` before it is built. */
  table(rows: number, columns: number): void {
    const cells = rows * columns;
    if (cells > this.limits.tableCells) refuse(`a table of ${rows} rows × ${columns} columns once spans are expanded (cells)`, cells, this.limits.tableCells);
    this.used += cells;
    if (this.used > this.limits.documentCells) refuse('table cells in the document', this.used, this.limits.documentCells);
  }
}
