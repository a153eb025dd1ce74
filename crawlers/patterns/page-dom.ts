// A report page's DOM for the crawler's reading (metadata, links, pictures), within bounds: built by htmlparser2 in
// the pass that counts the page's depth and elements, and kept when the page is well formed — where htmlparser2's
// tree and a browser's (parse5's) agree on everything the crawler reads — else built again by parse5 as before.
// Pure: no fetching, no file access.
import * as cheerio from 'cheerio';
import { type Document, DomHandler } from 'domhandler';
import { Parser } from 'htmlparser2';

/**
 * What a report page may hold for its DOM to be built: a parser's cost grows with the square of the nesting (a page
 * 100,000 <div>s deep took 100 s in parse5), and a real report page is a few hundred elements a dozen deep.
 */
export const DETAIL_PAGE_BOUNDS = { depth: 1_000, elements: 200_000 };

class PageTooComplex extends Error {}

const VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'image',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** What a browser keeps in <head>; anything else there ends the head and starts the body. */
const HEAD = new Set(['base', 'basefont', 'bgsound', 'link', 'meta', 'title', 'script', 'style']);
/**
 * Elements whose content a browser parses otherwise than htmlparser2 does (raw text, foreign content, template
 * fragments, noscript read as text when scripts run), and <a>, which a browser closes when another opens inside it.
 */
const PARSED_OTHERWISE = new Set(['noscript', 'template', 'iframe', 'noembed', 'noframes', 'xmp', 'plaintext', 'svg', 'math', 'select', 'frameset']);

/**
 * htmlparser2's DOM builder, counting depth and elements (stopping at the first bound passed) and noting anything
 * after which its tree may differ from a browser's: an element closed or opened without being written (a tag left
 * open, a stray end tag, misnested tags), an element the head cannot hold, content after </body>, a second root.
 */
class CheckedDom extends DomHandler {
  private depth = 0;
  private elements = 0;
  /** Why htmlparser2's tree may not be a browser's, or null while it is. */
  unlike: string | null = null;
  closesWritten = 0;
  private closesMatched = 0;
  private readonly open: string[] = [];
  private bodyClosed = false;
  private roots = 0;

  override onopentag(name: string, attribs: Record<string, string>, isImplied?: boolean): void {
    this.elements++;
    this.depth++;
    if (this.depth > DETAIL_PAGE_BOUNDS.depth) throw new PageTooComplex(`more than ${DETAIL_PAGE_BOUNDS.depth} elements nested in one another`);
    if (this.elements > DETAIL_PAGE_BOUNDS.elements) throw new PageTooComplex(`more than ${DETAIL_PAGE_BOUNDS.elements} elements`);
    if (!this.unlike) {
      if (isImplied) this.unlike = `<${name}> implied`;
      else if (PARSED_OTHERWISE.has(name) || (name === 'a' && this.open.includes('a'))) this.unlike = `<${name}>`;
      else if (this.open.at(-1) === 'head' && !HEAD.has(name)) this.unlike = `<${name}> in <head>`;
      else if (this.bodyClosed) this.unlike = `<${name}> after </body>`;
      else if (this.open.at(-1) === 'html' && name !== 'head' && name !== 'body') this.unlike = `<${name}> outside <head> and <body>`;
      else if (this.open.length === 0 && (++this.roots > 1 || name !== 'html')) this.unlike = 'not one <html> root';
    }
    if (!VOID.has(name)) this.open.push(name);
    super.onopentag(name, attribs);
  }

  // (DomHandler declares no parameters; htmlparser2 passes the name and whether the page wrote the end tag.)
  override onclosetag(name = '', isImplied = false): void {
    this.depth--;
    if (!VOID.has(name)) {
      this.open.pop();
      if (isImplied) this.unlike ??= `</${name}> implied`;
      else this.closesMatched++;
      if (name === 'body' || name === 'html') this.bodyClosed = true;
    }
    super.onclosetag();
  }

  override ontext(data: string): void {
    if (!this.unlike && /\S/.test(data)) {
      if (this.bodyClosed) this.unlike = 'text after </body>';
      else if (this.open.length === 0 || this.open.at(-1) === 'html') this.unlike = 'text outside <head> and <body>';
      else if (this.open.at(-1) === 'head') this.unlike = 'text in <head>';
    }
    super.ontext(data);
  }

  /** Why the tree may differ from a browser's, once the page is parsed (null: it does not). */
  verdict(): string | null {
    return this.unlike ?? (this.closesWritten !== this.closesMatched ? 'an end tag closing nothing' : null);
  }
}

/** htmlparser2's parser, counting the end tags the page writes (a stray one is otherwise dropped without a word). */
class CountingParser extends Parser {
  constructor(private readonly dom: CheckedDom) {
    super(dom);
  }

  override onclosetag(start: number, endIndex: number): void {
    this.dom.closesWritten++;
    super.onclosetag(start, endIndex);
  }
}

/**
 * The page loaded for cheerio, or why it is beyond DETAIL_PAGE_BOUNDS. htmlparser2's tree takes a third of parse5's
 * time; it is kept for a well-formed page (carriage returns and NULs normalised or sent to parse5, as a browser
 * reads them), and any other page is parsed by parse5 as a browser would.
 */
export function loadPage(html: string): cheerio.CheerioAPI | { refused: string } {
  const text = html.includes('\r') ? html.replace(/\r\n?/g, '\n') : html;
  const dom = new CheckedDom();
  try {
    new CountingParser(dom).end(text);
  } catch (err) {
    if (err instanceof PageTooComplex) return { refused: `too_complex: the report page was not read for metadata and attachments: ${err.message}` };
    throw err;
  }
  const unlike = dom.verdict() ?? (text.includes('\0') ? 'a NUL character' : null);
  return unlike ? cheerio.load(html) : cheerio.load(dom.root as Document);
}
