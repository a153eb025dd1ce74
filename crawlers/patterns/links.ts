// Links of an HTML page, resolved against the page (and its <base href>), with their text and title attribute; a link
// through a mirror gateway (/gate/big5/…) is read as a link to the original page, the mirror URL kept in `via`. Pure.
import * as cheerio from 'cheerio';
import type { FoundLink } from '../types.js';
import { originalOfMirror } from './mirror-url.js';

export function readLinks(html: string, pageUrl: string): FoundLink[] {
  const $ = cheerio.load(html);
  const base = $('base[href]').attr('href');
  let baseUrl = pageUrl;
  try {
    if (base) baseUrl = new URL(base, pageUrl).toString();
  } catch {
    // a broken <base> is ignored
  }
  const out: FoundLink[] = [];
  $('a[href]').each((_, el) => {
    const href = ($(el).attr('href') ?? '').trim();
    if (!href || /^(javascript|mailto|tel):|^#/i.test(href)) return;
    let u: URL;
    try {
      u = new URL(href, baseUrl);
    } catch {
      return;
    }
    // An in-app route (#/detail/1) is no page of its own: what it shows comes from the app's list API.
    if (/^#!?\//.test(u.hash)) return;
    // gkmlpt names the column in the hash (annualreport#2629): kept, the page's scripts read it.
    if (!(/\/gkmlpt\//.test(u.pathname) && /^#\d+$/.test(u.hash))) u.hash = '';
    const text = $(el).text().replace(/\s+/g, ' ').trim();
    const title = ($(el).attr('title') ?? '').trim();
    const original = originalOfMirror(u.toString());
    out.push(original ? { url: original, text, title, via: u.toString() } : { url: u.toString(), text, title });
  });
  return out;
}
