// Links of an HTML page, resolved against the page (and its <base href>), with their text and title attribute. Read
// with htmlparser2's streaming callbacks, no DOM, after every tag but the few that matter here is dropped (the
// parser's stack of open elements costs the square of the nesting): linear in the page whatever its nesting — a page
// nested 100,000 <div>s deep costs milliseconds, where a DOM parser spent 100 s. A link through a mirror gateway
// (/gate/big5/…) is read as a link to the original page, the mirror URL kept in `via`. Pure.
import { Parser } from 'htmlparser2';
import type { FoundLink } from '../types.js';
import { originalOfMirror } from './mirror-url.js';

interface OpenLink {
  href: string;
  title: string;
  text: string;
}

/**
 * Tags other than links, <base> and the elements whose content is not markup (a script's '<div>' stays text). An
 * element's text is the same without its inner tags; the attribute scan is bounded so that the replacement stays
 * linear on a page of unclosed '<'.
 */
const OTHER_TAGS = /<\/?(?!(?:a|base|script|style|textarea|title|noscript)[\s/>])[a-zA-Z][^<>]{0,4000}>/gi;

export function readLinks(html: string, pageUrl: string): FoundLink[] {
  let base: string | undefined;
  const found: OpenLink[] = [];
  // An <a> inside an <a> is not allowed: the open one ends where the next begins (as browsers read it).
  let open: OpenLink | null = null;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'base' && base === undefined && attribs.href !== undefined) base = attribs.href;
        if (name !== 'a') return;
        open = null;
        if (attribs.href === undefined) return;
        open = { href: attribs.href.trim(), title: (attribs.title ?? '').trim(), text: '' };
        found.push(open);
      },
      ontext(text) {
        if (open) open.text += text;
      },
      onclosetag(name) {
        if (name === 'a') open = null;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html.replace(OTHER_TAGS, ''));
  let baseUrl = pageUrl;
  try {
    if (base) baseUrl = new URL(base, pageUrl).toString();
  } catch {
    // a broken <base> is ignored
  }
  const out: FoundLink[] = [];
  for (const link of found) {
    if (!link.href || /^(javascript|mailto|tel):|^#/i.test(link.href)) continue;
    let u: URL;
    try {
      u = new URL(link.href, baseUrl);
    } catch {
      continue;
    }
    // An in-app route (#/detail/1) is no page of its own: what it shows comes from the app's list API.
    if (/^#!?\//.test(u.hash)) continue;
    // gkmlpt names the column in the hash (annualreport#2629): kept, the page's scripts read it.
    if (!(/\/gkmlpt\//.test(u.pathname) && /^#\d+$/.test(u.hash))) u.hash = '';
    const text = link.text.replace(/\s+/g, ' ').trim();
    const original = originalOfMirror(u.toString());
    out.push(original ? { url: original, text, title: link.title, via: u.toString() } : { url: u.toString(), text, title: link.title });
  }
  return out;
}
