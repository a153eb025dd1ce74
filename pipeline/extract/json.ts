// A JSON document saved from a site's list/detail API (gkmlpt, Hanweb …): the article is the largest string field
// holding HTML (possibly escaped once more, or a JSON string inside a string), the title/source/date fields are its
// metadata. Returns an HTML page made of them for the HTML extractor; reads nothing else and never fetches.

export interface JsonArticle {
  html: string;
  /** Where the article was, e.g. data.list[0].content. */
  field: string;
}

const TITLE_KEYS = /^(title|name|articletitle|doctitle|infotitle|biaoti|wzbt)$/i;
const SOURCE_KEYS = /^(source|publisher|sourcename|deptname|orgname|puborg|fbjg|author|siteName)$/i;
const DATE_KEYS = /^(publishtime|pubtime|pubdate|publishdate|releasetime|releasedate|createtime|date|fbrq|docreltime)$/i;
const MARKUP = /<(p|table|div|span|br|tr|td|h[1-6]|section|article)[\s>/]/i;
const ESCAPED_MARKUP = /&lt;(p|table|div|span|br|tr|td)[\s&/]/i;

const unescapeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** A string field's HTML: itself, HTML-escaped once more, or a JSON document held in the string. */
function htmlOf(value: string, depth: number): { html: string; inner: Found | null } | null {
  const t = value.trim();
  if ((t.startsWith('{') || t.startsWith('[')) && depth < 3) {
    try {
      const nested = JSON.parse(t) as unknown;
      const found = best(nested, '', depth + 1);
      if (found) return { html: found.html, inner: { ...found, root: found.root ?? nested } };
    } catch {
      // not JSON: read as text below
    }
  }
  if (MARKUP.test(t)) return { html: t, inner: null };
  if (ESCAPED_MARKUP.test(t)) return { html: unescapeEntities(t), inner: null };
  return null;
}

/** The HTML a string holds (itself, escaped once more, or a JSON document's article field), or null when it holds none. */
export function htmlOfString(value: string): string | null {
  return htmlOf(value, 0)?.html ?? null;
}

interface Found {
  html: string;
  field: string;
  /** The object holding the article, whose other fields are its metadata. */
  holder: Record<string, unknown> | null;
  /** The JSON document the article was found in, when it is held in a string of the outer one. */
  root?: unknown;
}

function best(node: unknown, path: string, depth: number): Found | null {
  let winner: Found | null = null;
  const consider = (f: Found | null) => {
    if (f && (!winner || f.html.length > winner.html.length)) winner = f;
  };
  if (Array.isArray(node)) node.forEach((v, i) => consider(best(v, `${path}[${i}]`, depth)));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      const at = path ? `${path}.${k}` : k;
      if (typeof v === 'string') {
        const h = htmlOf(v, depth);
        if (h) consider(h.inner ? { ...h.inner, field: `${at}→${h.inner.field}` } : { html: h.html, field: at, holder: node as Record<string, unknown> });
      } else consider(best(v, at, depth));
    }
  }
  return winner;
}

/** The first string of a field named like `keys`, in the article's own object first, then anywhere. */
function field(holder: Record<string, unknown> | null, root: unknown, keys: RegExp): string | null {
  const own = holder ? Object.entries(holder).find(([k, v]) => keys.test(k) && typeof v === 'string' && v.trim() && !MARKUP.test(v)) : undefined;
  if (own) return (own[1] as string).trim();
  const queue: unknown[] = [root];
  while (queue.length) {
    const n = queue.shift();
    if (Array.isArray(n)) queue.push(...n);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n as Record<string, unknown>)) {
        if (typeof v === 'string' && keys.test(k) && v.trim() && !MARKUP.test(v)) return v.trim();
        if (v && typeof v === 'object') queue.push(v);
      }
    }
  }
  return null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The article of a JSON document, or null when the text is not JSON or holds no HTML field. */
export function jsonArticle(text: string): JsonArticle | null {
  const t = text.replace(/^\ufeff/, '').trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return null;
  let root: unknown;
  try {
    root = JSON.parse(t);
  } catch {
    return null;
  }
  const found = best(root, '', 0);
  if (!found) return null;
  const where = found.root ?? root;
  const title = field(found.holder, where, TITLE_KEYS);
  const source = field(found.holder, where, SOURCE_KEYS);
  const date = field(found.holder, where, DATE_KEYS);
  // Epoch milliseconds (what many APIs give) as a date.
  const day = date && /^\d{12,13}$/.test(date) ? new Date(Number(date)).toISOString().slice(0, 10) : date;
  const head = [title ? `<p>${esc(title)}</p>` : '', source ? `<p>来源：${esc(source)}</p>` : '', day ? `<p>发布日期：${esc(day)}</p>` : ''].join('');
  const meta = title ? `<meta name="ArticleTitle" content="${esc(title)}">` : '';
  // No <html>/<body>: the HTML extractor reads a fragment whole.
  return { html: `${meta}${head}${found.html}`, field: found.field };
}
