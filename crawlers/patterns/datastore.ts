// Hanweb's <datastore> XML (embedded in column pages, and what dataproxy.jsp answers): each <record> is an HTML
// fragment with one link (site-patterns.md §3.2). Pure.
import type { FoundLink } from '../types.js';
import { readLinks } from './links.js';

/** Records of a datastore (embedded or a dataproxy response): each is an HTML fragment with one link. */
export function readDatastore(xml: string, pageUrl: string): FoundLink[] {
  const out: FoundLink[] = [];
  for (const m of xml.matchAll(/<record>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/record>/g)) out.push(...readLinks(m[1]!, pageUrl));
  return out;
}
