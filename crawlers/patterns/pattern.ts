// What a CMS pattern is: pure readers of the pages a site serves — a list page (report entries, further pages,
// columns, links that fit no rule), a detail page (metadata and attachments) and, for CMSs that serve lists as data,
// a list API response. One implementation per CMS (trs, hanweb, gkmlpt, generic); a site module may replace any of
// the three for its own pages (crawlers/sites/<id>.ts).
import type { FoundLink, PageReading, PageRequest, SiteConfig } from '../types.js';
import type { DataReading } from './data-records.js';
import type { Attachment } from './detail-page.js';

/** A page as the crawler hands it to a pattern: decoded text and the URL it was served from (for relative links). */
export interface Page {
  text: string;
  url: string;
}

export interface DetailReading {
  meta: Record<string, string>;
  attachments: Attachment[];
  /** Why the page was not read (too deep or too large for a DOM), when it was not. */
  refused?: string;
}

export interface Pattern {
  /** The CMS this reads ('generic' when unknown). */
  name: string;
  readList(page: Page, site: SiteConfig): PageReading;
  readDetail(page: Page, site: SiteConfig): DetailReading;
  /**
   * A list served as data (Hanweb dataproxy XML, a JSON API): its entries and further pages. `kind` is the request's
   * kind ('hanweb-xml' or 'json'). Throws when the response is not what the API serves.
   */
  readApi(page: Page, kind: 'hanweb-xml' | 'json', site: SiteConfig): { links: FoundLink[]; next: PageRequest[] };
  /** Requests to make besides the entry pages' links (a JSON list API's first page). */
  entryRequests(entryUrl: string, site: SiteConfig): PageRequest[];
  /**
   * A JavaScript shell page (its list is built in the browser): the list requests its own sources reveal without
   * running them (a known platform's API, data URLs written out in its scripts). Empty when only a browser can tell.
   */
  readShell(page: Page, site: SiteConfig): PageRequest[];
  /**
   * A list API found by discovery (JSON, JSONP or XML, fetched by a page's scripts or named in them): its records,
   * the links of any HTML list it carries, and its totals. `base` is the page that calls it, for relative links.
   */
  readData(page: Page, base: string, site: SiteConfig): DataReading;
}
