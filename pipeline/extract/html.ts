// HTML → DocText: finds the article among the site chrome, keeps paragraphs in order and turns every data table
// into a grid with row and column spans expanded (Word-exported tables: MsoNormal spans, <br> in cells, nested
// layout tables, &nbsp;). Pure: bytes in, blocks out. Walks the htmlparser2 DOM directly (one pass per question)
// because wrapping every node in a selector library costs more than the parse itself. The DOM is bounded while it
// is built (depth, elements) and a table's size is known before its grid is (limits.ts).
import type { AnyNode, Document, Element } from 'domhandler';
import { DomHandler, isTag, isText } from 'domhandler';
import render from 'dom-serializer';
import { Parser } from 'htmlparser2';
import type { Block, DocText } from '../types.js';
import { decodeText, mixedEncodingWarning } from '../../domain/decode-text.js';
import { CellBudget, refuse, type WorkLimits, workLimits } from './limits.js';
import { scriptArticle } from './script.js';

/** Article containers of the CMSs seen on government sites (TRS, Hanweb, gkmlpt, VSB …), most specific first. */
const ARTICLE_CONTAINERS: { attr: 'class' | 'id' | 'tag'; value: string }[] = [
  { attr: 'class', value: 'TRS_Editor' },
  { attr: 'class', value: 'TRS_UEDITOR' },
  { attr: 'id', value: 'zoom' },
  { attr: 'id', value: 'fontzoom' },
  { attr: 'id', value: 'UCAP-CONTENT' },
  { attr: 'class', value: 'xxgk_content' },
  { attr: 'class', value: 'article-content' },
  { attr: 'class', value: 'article_content' },
  { attr: 'id', value: 'articleContent' },
  { attr: 'class', value: 'pages_content' },
  { attr: 'class', value: 'content_text' },
  { attr: 'tag', value: 'article' },
  { attr: 'class', value: 'article' },
  { attr: 'id', value: 'content' },
  { attr: 'class', value: 'content' },
];

const SKIP = new Set(['script', 'style', 'noscript', 'head', 'select', 'option', 'button', 'iframe', 'object', 'svg', 'template', 'nav', 'title']);
const BLOCK = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'pre',
  'dt',
  'dd',
  'dl',
  'center',
  'form',
  'main',
  'aside',
  'address',
  'figure',
  'figcaption',
  'hr',
  'tr',
]);
/** Bounds on spans so that a hostile colspan="100000" cannot blow up memory. */
const MAX_SPAN = 200;

/** Runs of whitespace, no-break and zero-width spaces as one space (one pass: each text node of the page goes through it). */
const clean = (s: string) => s.replace(/[ \t\r\n\f\v\u00a0\u200b\ufeff]+/g, ' ');

function children(el: AnyNode): AnyNode[] {
  return (el as Element).children ?? [];
}

function elementChildren(el: AnyNode): Element[] {
  return children(el).filter(isTag);
}

/** The element's name: already lower case, as parseBounded's parser is told (lowerCaseTags), so not lowered again per call. */
const tagOf = (el: Element) => el.name;

/** Is this UTF-16 code unit one that /\s/ matches (ECMAScript WhiteSpace and LineTerminator)? */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Length of `s` without its whitespace, as s.replace(/\s+/g, '').length, counted without building that string. */
export function nonSpaceLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) n++;
  return n;
}

/** Non-whitespace text length of every element, computed once bottom-up. */
function textLengths(root: AnyNode): Map<AnyNode, number> {
  const lengths = new Map<AnyNode, number>();
  const visit = (n: AnyNode): number => {
    if (isText(n)) return nonSpaceLength(n.data);
    if (!isTag(n) && n.type !== 'root') return 0;
    if (isTag(n) && SKIP.has(tagOf(n))) return 0;
    let sum = 0;
    for (const c of children(n)) sum += visit(c);
    lengths.set(n, sum);
    return sum;
  };
  visit(root);
  return lengths;
}

function allElements(root: AnyNode): Element[] {
  const out: Element[] = [];
  const visit = (n: AnyNode) => {
    for (const c of children(n)) {
      if (!isTag(c)) continue;
      out.push(c);
      visit(c);
    }
  };
  visit(root);
  return out;
}

function linkTextLength(el: Element, lengths: Map<AnyNode, number>): number {
  let sum = 0;
  const visit = (n: AnyNode) => {
    for (const c of children(n)) {
      if (!isTag(c)) continue;
      if (tagOf(c) === 'a') sum += lengths.get(c) ?? 0;
      else visit(c);
    }
  };
  visit(el);
  return sum;
}

/** The article element: a known container with real text, else the element whose own paragraphs hold the most text. */
/** The indices in ARTICLE_CONTAINERS of each tag name, id and class, so that an element is matched by three look-ups. */
const CONTAINER_INDEX = (() => {
  const index = { tag: new Map<string, number[]>(), id: new Map<string, number[]>(), class: new Map<string, number[]>() };
  ARTICLE_CONTAINERS.forEach((c, i) => index[c.attr].set(c.value, [...(index[c.attr].get(c.value) ?? []), i]));
  return index;
})();

function findArticle(root: AnyNode, elements: Element[], lengths: Map<AnyNode, number>, warnings: string[]): AnyNode {
  // One pass over the elements for all the containers: the longest element of each, the first one on a tie.
  const longest: (Element | undefined)[] = ARTICLE_CONTAINERS.map(() => undefined);
  const consider = (el: Element, hits: number[] | undefined) => {
    for (const i of hits ?? []) {
      const was = longest[i];
      if (!was || (lengths.get(el) ?? 0) > (lengths.get(was) ?? 0)) longest[i] = el;
    }
  };
  for (const el of elements) {
    consider(el, CONTAINER_INDEX.tag.get(tagOf(el)));
    if (el.attribs.id !== undefined) consider(el, CONTAINER_INDEX.id.get(el.attribs.id));
    if (el.attribs.class) for (const c of el.attribs.class.split(/\s+/)) consider(el, CONTAINER_INDEX.class.get(c));
  }
  for (const el of longest) if (el && (lengths.get(el) ?? 0) >= 100) return el;
  // Scoring fallback: text in <p>/<table>/<span> children counts, link text counts against.
  const SCORED = new Set(['div', 'td', 'section', 'article', 'main', 'body']);
  const CONTENT = new Set(['p', 'table', 'span', 'font', 'h1', 'h2', 'h3']);
  let best: Element | undefined;
  let bestScore = 0;
  for (const el of elements) {
    if (!SCORED.has(tagOf(el))) continue;
    let score = 0;
    for (const c of elementChildren(el)) if (CONTENT.has(tagOf(c))) score += lengths.get(c) ?? 0;
    score -= 2 * linkTextLength(el, lengths);
    if (score > bestScore) {
      bestScore = score;
      best = el;
    }
  }
  if (best) {
    warnings.push('no known article container; chose the element with the most paragraph text');
    return best;
  }
  warnings.push('no article container found; read the whole document');
  return elements.find((e) => tagOf(e) === 'body') ?? root;
}

/** Rows of this table only (through thead/tbody/tfoot), not of tables nested in its cells. */
function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  for (const c of elementChildren(table)) {
    const t = tagOf(c);
    if (t === 'tr') rows.push(c);
    else if (t === 'thead' || t === 'tbody' || t === 'tfoot') rows.push(...elementChildren(c).filter((r) => tagOf(r) === 'tr'));
  }
  return rows;
}

function cellsOf(tr: Element): Element[] {
  return elementChildren(tr).filter((c) => tagOf(c) === 'td' || tagOf(c) === 'th');
}

function containsTable(n: AnyNode, depth = 0): boolean {
  if (depth > 3) return false;
  return elementChildren(n).some((c) => tagOf(c) === 'table' || ((tagOf(c) === 'div' || tagOf(c) === 'p') && containsTable(c, depth + 1)));
}

/** A table used for page layout (cells holding tables, or one column of long text) is read as its contents. */
function isLayoutTable(table: Element, lengths: Map<AnyNode, number>): boolean {
  const rows = rowsOf(table);
  if (rows.some((tr) => cellsOf(tr).some((td) => containsTable(td)))) return true;
  const maxCols = Math.max(0, ...rows.map((tr) => cellsOf(tr).length));
  return maxCols <= 1 && (lengths.get(table) ?? 0) > 200;
}

/** Text of a cell with <br> and paragraph boundaries as line breaks. */
function cellText(node: AnyNode): string {
  // Lines are the text between breaks (clean text holds no line break of its own), trimmed, the empty ones left out.
  const lines: string[] = [];
  let line = '';
  const lineBreak = () => {
    const t = line.trim();
    if (t) lines.push(t);
    line = '';
  };
  const walk = (n: AnyNode) => {
    if (isText(n)) line += clean(n.data);
    else if (isTag(n)) {
      const tag = tagOf(n);
      if (SKIP.has(tag)) return;
      if (tag === 'br') lineBreak();
      const block = BLOCK.has(tag) || tag === 'table';
      if (block) lineBreak();
      for (const c of children(n)) walk(c);
      if (block) lineBreak();
    }
  };
  for (const c of children(node)) walk(c);
  lineBreak();
  return lines.join('\n');
}

function span(el: Element, attr: 'rowspan' | 'colspan'): number {
  const n = Number.parseInt(el.attribs[attr] ?? '1', 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, MAX_SPAN) : 1;
}

/**
 * Expands rowspan/colspan: a merged cell's text is repeated in every grid position it covers. The grid's size is
 * reserved from `budget` first (each row's width from the spans that reach it), so a hostile table is refused before
 * a cell of it is built.
 */
export function tableGrid(table: Element, budget: CellBudget = new CellBudget(workLimits())): string[][] {
  return tableGridWithCells(table, budget).rows;
}

/** The grid of tableGrid, with the element each position comes from (undefined where the row is short). */
function tableGridWithCells(table: Element, budget: CellBudget): { rows: string[][]; cells: (Element | undefined)[][] } {
  const grid: string[][] = [];
  const from: Element[][] = [];
  const rows = rowsOf(table);
  // Width of each row: the column spans of its own cells and of the cells above it that reach down into it.
  const reach = new Array<number>(rows.length + 1).fill(0);
  rows.forEach((tr, r) => {
    for (const td of cellsOf(tr)) {
      const colspan = span(td, 'colspan');
      reach[r] = reach[r]! + colspan;
      reach[Math.min(rows.length, r + span(td, 'rowspan'))] = reach[Math.min(rows.length, r + span(td, 'rowspan'))]! - colspan;
    }
  });
  let running = 0;
  let widest = 0;
  for (let r = 0; r < rows.length; r++) {
    running += reach[r]!;
    widest = Math.max(widest, running);
  }
  budget.table(rows.length, widest);
  rows.forEach((tr, r) => {
    grid[r] ??= [];
    from[r] ??= [];
    let c = 0;
    for (const td of cellsOf(tr)) {
      while (grid[r]![c] !== undefined) c++;
      const text = cellText(td);
      const rowspan = Math.min(span(td, 'rowspan'), rows.length - r);
      const colspan = span(td, 'colspan');
      for (let dr = 0; dr < rowspan; dr++) {
        grid[r + dr] ??= [];
        from[r + dr] ??= [];
        for (let dc = 0; dc < colspan; dc++) {
          grid[r + dr]![c + dc] = text;
          from[r + dr]![c + dc] = td;
        }
      }
      c += colspan;
    }
  });
  const width = Math.max(0, ...grid.map((r) => r.length));
  const out: { rows: string[][]; cells: (Element | undefined)[][] } = { rows: [], cells: [] };
  grid.forEach((row, i) => {
    // Rows without text are left out; the others are padded to the table's width (a plain loop: Array.from with a
    // mapping function over {length} was a tenth of the extraction's own time).
    if (!row.some((c) => c !== '' && c !== undefined)) return;
    const texts: string[] = [];
    const els: (Element | undefined)[] = [];
    for (let c = 0; c < width; c++) {
      texts.push(row[c] ?? '');
      els.push(from[i]?.[c]);
    }
    out.rows.push(texts);
    out.cells.push(els);
  });
  return out;
}

function countImages(n: AnyNode): number {
  let count = 0;
  for (const c of children(n)) {
    if (!isTag(c)) continue;
    if (tagOf(c) === 'img') count++;
    else count += countImages(c);
  }
  return count;
}

function metaContent(elements: Element[], name: string): string | undefined {
  const el = elements.find((e) => tagOf(e) === 'meta' && (e.attribs.name ?? '').toLowerCase() === name.toLowerCase());
  return el?.attribs.content?.trim() || undefined;
}

export interface HtmlExtractOptions {
  contentType?: string | null;
  limits?: WorkLimits;
  /** The src attributes (as written) of images whose bytes the caller has: where each stands in the article is kept. */
  imageSources?: ReadonlySet<string>;
}

/** DomHandler that refuses a document nested deeper, or holding more elements, than the bounds allow. */
class BoundedHandler extends DomHandler {
  private elements = 0;

  constructor(private readonly limits: Pick<WorkLimits, 'htmlDepth' | 'htmlElements'>) {
    super(null, {});
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    if (++this.elements > this.limits.htmlElements) refuse('elements of the HTML document', this.elements, this.limits.htmlElements);
    // tagStack holds the document root and every open element.
    if (this.tagStack.length > this.limits.htmlDepth) refuse('elements nested in one another', this.tagStack.length, this.limits.htmlDepth);
    super.onopentag(name, attribs);
  }
}

/** htmlparser2's parseDocument, bounded. */
function parseBounded(html: string, limits: WorkLimits): Document {
  const handler = new BoundedHandler(limits);
  new Parser(handler, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).end(html);
  return handler.root;
}

/** An image of the article the caller can hand in: its src as written, and the index of the block it stands before. */
export interface ImageSlot {
  src: string;
  at: number;
}

export function extractHtml(bytes: Uint8Array, options: HtmlExtractOptions = {}): DocText & { imageSlots: ImageSlot[] } {
  const decoded = decodeText(bytes, options.contentType);
  const { doc, imageSlots } = readHtml(decoded.text, decoded.encoding, options.imageSources, options.limits);
  return decoded.mixed ? { ...doc, warnings: [...doc.warnings, mixedEncodingWarning(decoded.mixed)], imageSlots } : { ...doc, imageSlots };
}

/** Words only the statutory tables have (本年新收 = received this year, 勾稽关系 = the table's balance note …). */
const STATUTORY = /本年新收|上年结转|勾稽关系|未经复议直接起诉|复议后起诉|第二十条第/;
/** Page chrome by element name or class/id: left out when the whole page has to be read. */
const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'form']);
const CHROME_NAMES =
  /(^|[-_\s])(nav|navbar|menu|footer|foot|header|head|top|breadcrumb|crumbs?|position|location|share|sidebar|side|banner|copyright|links?)([-_\s\d]|$)/i;

function isChrome(el: Element): boolean {
  return CHROME_TAGS.has(tagOf(el)) || CHROME_NAMES.test(`${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`);
}

/** True when some text node under `n` names a statutory table (stops at the first one). */
function hasStatutoryText(n: AnyNode): boolean {
  const visit = (x: AnyNode): boolean => {
    if (isText(x)) return STATUTORY.test(x.data);
    if ((isTag(x) && !SKIP.has(tagOf(x))) || x.type === 'root') return children(x).some(visit);
    return false;
  };
  return visit(n);
}

export function extractHtmlText(html: string, options: { encoding?: string; limits?: WorkLimits } = {}): DocText {
  return readHtml(html, options.encoding, undefined, options.limits).doc;
}

/**
 * The archived page with every statutory-table cell marked by the positions the extractor gave it
 * (`data-gk="block:row:col …"`, the provenance of a fact read from it), scripts removed, as UTF-8 text — so that a
 * person sees a number in the page as it was published. Pure: bytes in, text out.
 */
export function annotateHtmlCells(bytes: Uint8Array, contentType?: string | null): string {
  const decoded = decodeText(bytes, contentType);
  const { root, tables } = readHtml(decoded.text, decoded.encoding);
  for (const { block, cells } of tables) {
    cells.forEach((row, r) =>
      row.forEach((td, c) => {
        if (!td) return;
        const mark = `${block}:${r}:${c}`;
        td.attribs['data-gk'] = td.attribs['data-gk'] ? `${td.attribs['data-gk']} ${mark}` : mark;
      }),
    );
  }
  // The page is shown, never run: scripts and event handlers go (the server also forbids scripts by its CSP).
  for (const el of allElements(root)) {
    if (tagOf(el) === 'script' && el.parent) el.parent.children.splice(el.parent.children.indexOf(el), 1);
    for (const name of Object.keys(el.attribs)) if (/^on/i.test(name)) delete el.attribs[name];
    // The text comes out as UTF-8 whatever the page was served in: its own charset declaration must say so.
    if (tagOf(el) === 'meta' && el.attribs.charset) el.attribs.charset = 'utf-8';
    if (tagOf(el) === 'meta' && /content-type/i.test(el.attribs['http-equiv'] ?? '')) el.attribs.content = 'text/html; charset=utf-8';
  }
  return render(root, { decodeEntities: true, encodeEntities: 'utf8' });
}

/** The extraction itself, also giving the parsed page and, for each table block, the element of every grid position. */
function readHtml(
  html: string,
  encoding?: string,
  imageSources: ReadonlySet<string> = new Set(),
  limits: WorkLimits = workLimits(),
): { doc: DocText; root: AnyNode; tables: { block: number; cells: (Element | undefined)[][] }[]; imageSlots: ImageSlot[] } {
  const budget = new CellBudget(limits);
  const tables: { block: number; cells: (Element | undefined)[][] }[] = [];
  const warnings: string[] = [];
  let root: AnyNode = parseBounded(html, limits);
  let elements = allElements(root);
  // An article escaped once more (embedded in a JavaScript string or a JSON field): its markup arrives as text.
  if (!elements.some((e) => tagOf(e) === 'table' || tagOf(e) === 'p') && /&lt;(table|p)[\s&>]/i.test(html)) {
    const escaped = html.slice(html.search(/&lt;(table|p)[\s&>]/i), html.lastIndexOf('&gt;') + 4);
    const inner = escaped
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    root = parseBounded(inner, limits);
    elements = allElements(root);
    warnings.push('the article was HTML-escaped once more; read its markup');
  }
  const titleOf = (els: Element[]) => {
    const titleEl = els.find((e) => tagOf(e) === 'title');
    return metaContent(els, 'ArticleTitle') ?? (titleEl ? cellText(titleEl) || undefined : undefined);
  };
  let title = titleOf(elements);
  // A page that shows no report text but holds one in a script (var content = "<p>…</p>", a JSON blob): that is the
  // article. A report without the statutory tables is taken only where the page shows less than half its text.
  if (!hasStatutoryText(root)) {
    const scripts = elements
      .filter((e) => tagOf(e) === 'script')
      .map((e) =>
        children(e)
          .map((c) => (isText(c) ? c.data : ''))
          .join(''),
      );
    const found = scriptArticle(scripts, STATUTORY);
    if (found && (found.statutory || (textLengths(root).get(root) ?? 0) * 2 < found.textLength)) {
      root = parseBounded(found.html, limits);
      elements = allElements(root);
      title = titleOf(elements) ?? title;
      warnings.push('the page shows no report text; read the article held in one of its scripts');
    }
  }
  // An article fragment (what JSON APIs deliver: no <html> or <body>, paragraphs and tables at the top level) is
  // the article: read it whole. Picking "the article element" inside it would pick one table cell.
  const fragment = !elements.some((e) => tagOf(e) === 'html' || tagOf(e) === 'body');
  // Lengths of the whole page: the article is (as a rule) a subtree of it, so they serve the walk below as well.
  const lengths = textLengths(root);
  let article: AnyNode = fragment ? root : findArticle(root, elements, lengths, warnings);
  let skipChrome = false;
  // An article container without the statutory tables, on a page that has them elsewhere: read the whole page,
  // leaving out only its chrome (menus, breadcrumbs, footers).
  if (!fragment && !hasStatutoryText(article)) {
    const body = elements.find((e) => tagOf(e) === 'body') ?? root;
    if (hasStatutoryText(body)) {
      warnings.push('the article container has no statutory tables; read the whole page without its chrome');
      article = body;
      skipChrome = true;
    }
  }
  // The page's lengths hold the article's subtree unless the article lies under a skipped element (<noscript> …).
  const articleLengths = lengths.has(article) ? lengths : textLengths(article);
  const blocks: Block[] = [];
  const imageSlots: ImageSlot[] = [];
  let images = 0;
  let buffer = '';
  const flush = () => {
    const text = buffer.replace(/\s+/g, ' ').trim();
    if (text) blocks.push({ kind: 'para', text });
    buffer = '';
  };
  const placed = new Set<string>();
  /** Reads an image at this point of the text, once however often the page shows it. */
  const place = (src: string) => {
    if (placed.has(src)) return;
    placed.add(src);
    flush();
    imageSlots.push({ src, at: blocks.length });
  };
  const walk = (n: AnyNode) => {
    if (isText(n)) {
      buffer += clean(n.data);
      return;
    }
    if (!isTag(n)) return;
    const tag = tagOf(n);
    if (SKIP.has(tag)) return;
    if (skipChrome && isChrome(n)) return;
    if (tag === 'img') {
      images++;
      const src = (n.attribs.src ?? '').trim();
      // A table pasted as a picture: its reading goes here, between the text before and after it.
      if (src && imageSources.has(src)) place(src);
      return;
    }
    // A scanned page linked from the article: read where the link stands, after its text.
    const href = tag === 'a' ? (n.attribs.href ?? '').trim() : '';
    if (href && imageSources.has(href)) {
      for (const c of children(n)) walk(c);
      place(href);
      return;
    }
    if (tag === 'table') {
      flush();
      if (isLayoutTable(n, articleLengths)) {
        for (const tr of rowsOf(n)) {
          for (const td of cellsOf(tr)) {
            for (const c of children(td)) walk(c);
            flush();
          }
        }
      } else {
        const { rows, cells } = tableGridWithCells(n, budget);
        if (rows.length) {
          tables.push({ block: blocks.length, cells });
          blocks.push({ kind: 'table', rows, geometry: 'grid' });
        }
        images += countImages(n);
      }
      return;
    }
    if (tag === 'br') {
      flush();
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    for (const c of children(n)) walk(c);
    if (block) flush();
  };
  if (isTag(article)) walk(article);
  else for (const c of children(article)) walk(c);
  void fragment;
  flush();
  // Images of the page outside its article (scanned pages linked below it, as attachments are): read after the
  // article, in the page's order.
  for (const el of elements) {
    const ref = (tagOf(el) === 'img' ? el.attribs.src : tagOf(el) === 'a' ? el.attribs.href : undefined)?.trim();
    if (ref && imageSources.has(ref)) place(ref);
  }
  return {
    doc: {
      blocks,
      source: { format: 'html', ...(encoding ? { encoding } : {}), ...(title ? { title } : {}), images },
      warnings,
    },
    root,
    tables,
    imageSlots,
  };
}
