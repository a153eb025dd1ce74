// The crawler's contracts: a site's configuration (checked with zod when the registry loads), list entries, and
// the report of a crawl.
import { z } from 'zod';
import { SITE_BUDGET_DEFAULTS } from './budget.js';

export const PATTERNS = ['generic', 'trs', 'hanweb', 'gkmlpt', 'json-api', 'browser'] as const;

const url = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be http(s)');

export const SiteConfigSchema = z.strictObject({
  /** lower-kebab pinyin `<province>-<county>`; never changes. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-kebab ASCII'),
  name: z.string().min(2),
  /** GB/T 2260 code of the district (settles shared place names in its reports). */
  regionCode: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .nullable(),
  /** Where discovery starts: the portal, and the 年报 column when it is known. */
  entry: z.array(url).min(1),
  /**
   * Hosts whose pages belong to the site: links are followed and files fetched only there (a host also covers its
   * subdomains). Part of the configuration, never guessed: a site that moved its 年报 to another host (海淀:
   * zyk.bjhd.gov.cn, before that xxgk.bjhd.gov.cn) lists every one. Compared case-insensitively (www.Bjdx.gov.cn).
   * Default: the hosts of the entry URLs.
   */
  hosts: z.array(z.string().regex(/^[\w.-]+(:\d+)?$/i, 'a host name, optionally with :port')).default([]),
  /**
   * The CMS pattern pages are read with (crawlers/patterns): trs (createPageHTML pagination), hanweb (datastore and
   * dataproxy.jsp groups), gkmlpt or json-api (lists from a JSON endpoint, see `api`), generic (any of those, for an
   * unknown CMS), browser (lists rendered by JavaScript, then read like generic).
   */
  pattern: z.enum(PATTERNS).default('generic'),
  /** For json-api: the endpoint, with {page} for the page number; articles are read from `items` (dot path). */
  api: z
    .strictObject({
      url: z.string(),
      items: z.string().default('articles'),
      title: z.string().default('title'),
      link: z.string().default('url'),
      date: z.string().optional(),
      total: z.string().optional(),
      pageSize: z.number().int().positive().default(20),
    })
    .optional(),
  /** For browser sites: the selector that appears once the list is rendered. */
  waitFor: z.string().optional(),
  /** Politeness: milliseconds between requests to one host, and requests at a time per host. */
  delayMs: z.number().int().nonnegative().default(1000),
  concurrency: z.number().int().positive().max(8).default(1),
  /** How deep generic discovery follows column links from the entry (0 = entry pages only). */
  maxDepth: z.number().int().nonnegative().max(8).default(4),
  /**
   * Budgets of one crawl of the site (crawlers/budget.ts): requests of every kind (robots.txt, lists, report pages,
   * attachments, retries), documents fetched, megabytes downloaded, minutes. Spending one stops the crawl with the
   * reason (the site's crawl is then 'partial'); `--site-budget` overrides them for a run.
   */
  maxPages: z.number().int().positive().default(SITE_BUDGET_DEFAULTS.maxPages),
  maxDocuments: z.number().int().positive().default(SITE_BUDGET_DEFAULTS.maxDocuments),
  maxMegabytes: z.number().int().positive().default(SITE_BUDGET_DEFAULTS.maxMegabytes),
  maxMinutes: z.number().positive().default(SITE_BUDGET_DEFAULTS.maxMinutes),
  /** Finding no report on this site is a failure of its crawl ('failed'), not an 'empty' site. */
  expectReports: z.boolean().default(false),
  /** Set with a reason and a date ('redesign, 2026-05') to keep a dead site in the registry without crawling it. */
  disabled: z.string().optional(),
  /**
   * The evidence the entry rests on: 'stored pages 2026-11' when its hosts and columns were checked against stored
   * copies of the site's pages (shared/registry/beijing.yaml), 'unverified' when the domain is the district's usual
   * one but no page of it was seen (crawl, but expect surprises).
   */
  verified: z.string().min(1).default('unverified'),
  layout: z.string().optional(),
  note: z.string().optional(),
});

export type SiteConfigInput = z.input<typeof SiteConfigSchema>;
export type SiteConfig = z.output<typeof SiteConfigSchema>;

/** An entry of a list page that names a report. */
export interface ListItem {
  url: string;
  /** The full title (title attribute first, link text when truncated titles are all there is). */
  title: string;
  date?: string;
  /** Other URLs the same page was linked under (its copy on a mirror gateway): recorded as sources of its document. */
  alsoAt?: string[];
}

export interface FoundLink {
  url: string;
  text: string;
  title: string;
  /** The mirror URL the link pointed to, when `url` is the original page it copies (crawlers/patterns/mirror-url.ts). */
  via?: string;
}

/** What a pattern read from a page: report entries, more list pages, columns to explore, links that fit no rule. */
export interface PageReading {
  items: ListItem[];
  /** Further pages of the same list (pagination), as full requests. */
  next: PageRequest[];
  /** Links to columns worth exploring (信息公开, 年报, a year, a unit). */
  columns: FoundLink[];
  /** Links in a report column that are neither reports nor pagination: recorded, not followed. */
  unmatched: FoundLink[];
  /** Entries that look like reports by their text but are other annual documents (通知, 法治政府建设年度报告 …). */
  lookAlikes: FoundLink[];
}

export interface PageRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /**
   * How to read the response: 'html' (a page), 'hanweb-xml' and 'json' (the list API a site's configuration names),
   * 'data' (a list API found by discovery: JSON, JSONP or XML, read whatever its field names).
   */
  kind: 'html' | 'hanweb-xml' | 'json' | 'data';
}
