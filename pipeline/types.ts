// The contracts between pipeline stages (DocText, ParseHints, ParsedReport, Finding, RuleInput, Reference): zod schemas
// and their types.
// Anything read from outside or handed to the next stage passes through one of these; unknown keys are refused.
import { z } from 'zod';
import type { RegionIndex } from '../domain/regions/resolve-region.js';
import { AGENCY_LEVELS, type AgencyLevel, GRADES, SEVERITIES, SOURCE_FORMATS, TEMPLATES, type TemplateId } from '../domain/values.js';

/**
 * A rectangle on a page: [x0, y0, x1, y1] in the page's unit (`source.pageSizes`), origin at the page's top-left,
 * y growing downward.
 */
export const Box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type Box = z.infer<typeof Box>;

/** Where a cell or a piece of text lies on a page; `conf` (0–1) only for OCR readings. */
export const CellGeom = z.strictObject({ page: z.number().int().positive(), box: Box, conf: z.number().min(0).max(1).optional() });
export type CellGeom = z.infer<typeof CellGeom>;

/** Where a piece of a paragraph lies: `span` in the paragraph's text after NFKC normalization (as span provenance). */
export const SpanGeom = z.strictObject({
  span: z.tuple([z.number().int(), z.number().int()]),
  page: z.number().int().positive(),
  box: Box,
  conf: z.number().min(0).max(1).optional(),
});
export type SpanGeom = z.infer<typeof SpanGeom>;

export const ParaBlock = z.strictObject({
  kind: z.literal('para'),
  text: z.string(),
  /** The page the paragraph starts on (1-based); documents without pages leave it out. */
  page: z.number().int().positive().optional(),
  /** The pieces of text the paragraph was built from (a PDF's text items, OCR lines), in reading order. */
  spans: z.array(SpanGeom).optional(),
});
export const TableBlock = z.strictObject({
  kind: z.literal('table'),
  /** Cells with row and column spans expanded: a merged cell's text is repeated in every position it covers. */
  rows: z.array(z.array(z.string())),
  /**
   * 'grid': column positions are reliable (HTML, DOCX, spreadsheets): a blank cell is a real blank cell.
   * 'loose': cells were recovered from flattened text, so positions (and blank cells) cannot be trusted.
   */
  geometry: z.enum(['grid', 'loose']),
  /** The page the table starts on (1-based); documents without pages leave it out. */
  page: z.number().int().positive().optional(),
  /**
   * Parallel to `rows`: where each cell lies (the union of the text items it was built from; a blank ruled cell, its
   * rectangle), null where unknown. The copies of a merged cell repeat its geometry.
   */
  cells: z.array(z.array(CellGeom.nullable())).optional(),
});
export const Block = z.discriminatedUnion('kind', [ParaBlock, TableBlock]);
export type ParaBlock = z.infer<typeof ParaBlock>;
export type TableBlock = z.infer<typeof TableBlock>;
export type Block = z.infer<typeof Block>;

export const DocText = z.strictObject({
  blocks: z.array(Block),
  source: z.strictObject({
    format: z.enum(SOURCE_FORMATS),
    pages: z.number().int().nonnegative().optional(),
    /** Index = page − 1: PDF text layers in points (the CropBox, viewport at scale 1); images and OCR in pixels. */
    encoding: z.string().optional(),
    /** Text from the page around the article (HTML <title>, ArticleTitle meta): used for agency and year when the body lacks them. */
    title: z.string().optional(),
    /** Images inside the article body: tables pasted as pictures leave these and no cells. */
    images: z.number().int().nonnegative().optional(),
    /**
     * Size of each page (index = page − 1) in the unit its boxes use: points for a PDF text layer (the CropBox, viewport
     * at scale 1), pixels of the image as given for a page read by OCR.
     */
    pageSizes: z.array(z.strictObject({ width: z.number().positive(), height: z.number().positive(), unit: z.enum(['pt', 'px']) })).optional(),
    /** Pages read by OCR (1-based). For HTML, page n is the n-th image of the article that was read. */
    ocrPages: z.array(z.number().int().positive()).optional(),
    /** HTML only: the src of the image each OCR page number stands for (index = page − 1). */
    pageImages: z.array(z.string()).optional(),
  }),
  /** Things the extractor noticed (no article container found, a table it could not rebuild …). */
  warnings: z.array(z.string()),
  /** Set when the document has no text layer to read (a scanned PDF, an image): never to be parsed into zeros. */
  needsOcr: z.boolean().optional(),
});
export type DocText = z.infer<typeof DocText>;

/** What the crawl knows about a document; parsing uses it only as context, never over what the document says. */
export const ParseHints = z.strictObject({
  url: z.string().optional(),
  /** The full title of the list entry (the title attribute) or the attachment's link text. */
  linkText: z.string().optional(),
  /** Page metadata such as ArticleTitle, PubDate, 发布机构. */
  meta: z.record(z.string(), z.string()).optional(),
  /** Region code of the site the document was found on (a district), to settle names several places share. */
  regionCode: z.string().optional(),
  /** Date the page says it was published (YYYY-MM-DD). */
  publishedAt: z.string().optional(),
  /**
   * For a file of a researcher's collection (`gongkai import`): its path inside the imported folder or archive, folder
   * names included. Its names give the agency and year when the document states none (pipeline/parse/file-path.ts).
   */
  path: z.string().optional(),
  /** What the person importing stated for every file (`--agency`, `--year`): used when the document and its path say nothing. */
  given: z.strictObject({ agency: z.string().optional(), year: z.number().int().optional() }).optional(),
});
export type ParseHints = z.infer<typeof ParseHints>;

export const Finding = z.strictObject({
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  keys: z.array(z.string()),
});
export type Finding = z.infer<typeof Finding>;

/**
 * How a fact was read: 'grid' a cell of a table whose columns were mapped by its header; 'aligned' a label aligned to
 * the form's rows and numbers given to it by the layout (label then numbers, numbers before the label, all labels
 * first …) and the identities; 'split' cut out of a run of digits printed with no separator; 'text' a figure in a sentence.
 */
export const READ_METHODS = ['grid', 'aligned', 'split', 'text'] as const;
export type ReadMethod = (typeof READ_METHODS)[number];

/**
 * Where on a page a fact was read, when the source has pages (PDF text layers, OCR): `box` is the union of the boxes
 * of the text it was read from, in `source.pageSizes` units; `conf` the lowest OCR confidence involved.
 */
const Placement = {
  page: z.number().int().positive().optional(),
  box: Box.optional(),
  conf: z.number().min(0).max(1).optional(),
  ocr: z.literal(true).optional(),
};

export const CellProvenance = z.strictObject({
  block: z.number().int(),
  row: z.number().int(),
  col: z.number().int(),
  method: z.enum(READ_METHODS),
  ...Placement,
});
export const SpanProvenance = z.strictObject({
  ...Placement,
  block: z.number().int(),
  /** Offsets in the block's text after NFKC normalization. */
  span: z.tuple([z.number().int(), z.number().int()]),
  method: z.enum(READ_METHODS),
  /** 'wide' when the sentence gives a figure for a wider scope (全区…, 含垂管部门) than the agency's own tables. */
  scope: z.enum(['own', 'wide']).optional(),
});
export const Provenance = z.union([CellProvenance, SpanProvenance]);
export type Provenance = z.infer<typeof Provenance>;

export const ParsedReport = z.strictObject({
  agency: z.strictObject({
    /** The agency's name as the document prints it (title, then signature, then page metadata). */
    name: z.string().nullable(),
    regionCode: z.string().nullable(),
    level: z.enum(AGENCY_LEVELS).nullable(),
    /** Where the name came from: 'title', 'opening', 'signature', 'metadata', 'link'. */
    nameSource: z.string().nullable(),
  }),
  year: z.number().int().nullable(),
  template: z.enum(TEMPLATES),
  title: z.string().nullable(),
  publishedAt: z.string().nullable(),
  facts: z.record(z.string(), z.number().nullable()),
  /** The cell or sentence text each fact was read from. */
  raw: z.record(z.string(), z.string()),
  provenance: z.record(z.string(), Provenance),
  findings: z.array(Finding),
  grade: z.enum(GRADES),
  /** Statutory tables found in the document. */
  tables: z.strictObject({ t2: z.boolean(), t3: z.boolean(), t4: z.boolean() }),
  source: z.strictObject({ format: z.enum(SOURCE_FORMATS), pages: z.number().int().optional() }),
  parserVersion: z.string(),
});
export type ParsedReport = z.infer<typeof ParsedReport>;

/** Why a parsed report cannot be loaded (it names no agency or no year, said by the parser's findings), or null. */
export function unloadableReason(report: ParsedReport): string | null {
  if (report.agency.name && report.year !== null) return null;
  const why = report.findings.filter((f) => f.rule === 'meta.agency_missing' || f.rule === 'meta.year_missing').map((f) => f.message);
  return why.length ? why.join('; ') : !report.agency.name ? 'no agency named in the document' : 'no report year in the document';
}

/**
 * Reference data the pure stages read: loaded once by their caller (pipeline/read-report.ts), never by parsing or
 * validation themselves, which do no I/O.
 */
export interface Reference {
  /** The GB/T 2260 division table, indexed (domain/regions). */
  regions: RegionIndex;
}

/** How one table cell read: a number, or why not. */
export type CellStatus = 'ok' | 'blank' | 'dash' | 'unreadable';
/**
 * Why a fact is null: the cell's status; 'shape' when its row had the wrong number of cells; 'ambiguous' when the
 * identities left more than one reading; 'low_confidence' when OCR read it below the confidence a number needs.
 */
export type NullReason = CellStatus | 'shape' | 'ambiguous' | 'low_confidence';

/** Where the agency's name came from: the document (title … metadata), its link, its file path, or the import flags. */
export type NameSource = 'title' | 'opening' | 'signature' | 'metadata' | 'link' | 'path' | 'given';
/** Where the year came from: the document (title … metadata), its link, its file path, the import flags, or its publication date. */
export type YearSource = 'title' | 'period' | 'opening' | 'metadata' | 'link' | 'path' | 'given' | 'publication';

/** What the path of an imported file and the import flags name, whether or not the report took it. */
export interface LocalNames {
  /** The agency and year the file path names, with the file or folder name each came from. */
  pathAgency: { value: string; part: string } | null;
  pathYear: { value: number; part: string } | null;
  givenAgency: string | null;
  givenYear: number | null;
}

/** What the parser read about the report itself, and where each part came from: what the metadata rules check. */
export interface ReportMetadata {
  title: string | null;
  agencyName: string | null;
  nameSource: NameSource | null;
  year: number | null;
  yearSource: YearSource | null;
  /** The year of the statistical period (统计期限), when the text states one. */
  periodYear: number | null;
  signatureName: string | null;
  signatureDate: string | null;
  publishedAt: string | null;
  /** For an imported file: what its path and the import flags name (null for a crawled document). */
  local: LocalNames | null;
}

/**
 * The second half of the parse output: everything a validation rule may look at — the parsed facts plus what the
 * parser noticed on the way (why a fact is null, which figures speak of a wider scope, the text itself).
 */
export interface RuleInput {
  template: TemplateId;
  year: number | null;
  agency: { name: string | null; regionCode: string | null; level: AgencyLevel | null };
  facts: Readonly<Record<string, number | null>>;
  raw: Readonly<Record<string, string>>;
  scopes: Readonly<Record<string, 'own' | 'wide'>>;
  /** Why a fact is null: the cell's status, or 'shape' when its row had the wrong number of cells. */
  nullReason: Readonly<Record<string, NullReason>>;
  tables: { t2: boolean; t3: boolean; t4: boolean };
  meta: ReportMetadata;
  /** All paragraph text (NFKC), for rules about what the narrative says. */
  text: string;
  images: number;
  publishedAt: string | null;
}

/** What parsing returns: the report without its grade, the input of the rules, and whether anything was readable. */
export interface ParseOutcome {
  report: Omit<ParsedReport, 'grade'>;
  ruleInput: RuleInput;
  /** False when there was nothing to read (a scan, an image, an empty page). */
  readable: boolean;
}
