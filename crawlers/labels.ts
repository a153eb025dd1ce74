// Request labels of a site crawl, and the typed userData each carries.

/** A portal, column or list page (HTML): read for report entries, pagination and columns. */
export const LIST = 'LIST';
/** A list page that needs JavaScript: rendered by the browser, then read like LIST. */
export const RENDER = 'RENDER';
/** A list served as data (Hanweb dataproxy XML, a JSON API). */
export const API = 'API';
/** A report's detail page (or a report file linked directly from a list). */
export const DETAIL = 'DETAIL';
/** A file attached to a detail page. */
export const ATTACHMENT = 'ATTACHMENT';

export type Label = typeof LIST | typeof RENDER | typeof API | typeof DETAIL | typeof ATTACHMENT;

export interface ListData {
  depth: number;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  kind?: 'html' | 'hanweb-xml' | 'json' | 'data';
  page?: number;
  /** The text of the link that led to this page (a 年报 link to a page with no report is a sign of a JavaScript list). */
  linkText?: string;
  /** For a discovered list API: the page whose scripts call it (its records' links are written for that page). */
  pageUrl?: string;
  /** For a discovered list API: this request is its first page — plan the others from its totals. */
  plan?: boolean;
  /** For a discovered list API: its row in site_list_apis, when it was remembered from an earlier crawl. */
  rememberedId?: number;
}

export interface DetailData {
  listUrl: string;
  title: string;
  /** Mirror URLs of the same page (a /gate/big5/ copy): recorded as further sources of what it serves. */
  alsoAt?: string[];
}

export interface AttachmentData {
  parentUrl: string;
  parentSha256: string;
  text: string;
  alternates: string[];
  title: string;
  listUrl: string;
  /** Sent as Referer when it is not the parent (a fragment's files: the page that shows it). */
  referer?: string;
  /** An image of the page's report (a table pasted as a picture, a scanned page linked): its src or href as written. */
  imageSrc?: string;
}
