// Sites of the registry, collection runs, per-site results of a run, every HTTP fetch, and per-host politeness slots.
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { FETCH_OUTCOMES, RUN_KINDS, RUN_STATUSES, SITE_CRAWL_STATUSES } from '../../domain/values.js';
import { oneOf } from './one-of.js';
import { regions } from './regions.js';

export const sites = pgTable('sites', {
  /** lower-kebab pinyin `<province>-<county>`, the same string as the registry file name. */
  id: text().primaryKey(),
  name: text().notNull(),
  regionCode: text().references(() => regions.code),
  /** The validated registry entry as last loaded (start URLs, pattern, politeness). */
  config: jsonb().notNull(),
  enabled: boolean().notNull().default(true),
  disabledReason: text(),
  /** A replica site of `gongkai demo`: its reports are invented (real district names, made-up numbers). */
  demo: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const crawlRuns = pgTable(
  'crawl_runs',
  {
    id: serial().primaryKey(),
    /** What the run does: 'crawl' (discover + archive), 'run' (crawl + parse + load), 'reparse', 'import' (files from disk). */
    kind: text({ enum: RUN_KINDS }).notNull(),
    /** Who started it: 'cli', 'schedule', 'worker', 'demo', 'test'. */
    trigger: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    status: text({ enum: RUN_STATUSES }).notNull().default('running'),
    options: jsonb().notNull().default({}),
    counts: jsonb().notNull().default({}),
    errors: jsonb().notNull().default([]),
    /** The printed run report (plan, per-site counts, load counts), kept for `gongkai status`. */
    report: jsonb(),
    host: text(),
    pid: integer(),
    /** When the run must be over: past it the run takes no new work (its sites 'partial', unread documents left). */
    deadlineAt: timestamp({ withTimezone: true }),
    /**
     * Written every few seconds by the process that holds the run lock for this run; null when none does (a run left
     * to workers with --no-wait). A run past its deadline whose heartbeat is stale may be taken over (jobs/run-lock.ts).
     */
    heartbeatAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('crawl_runs_started_at_idx').on(t.startedAt),
    check('crawl_runs_kind_check', oneOf(t.kind, RUN_KINDS)),
    check('crawl_runs_status_check', oneOf(t.status, RUN_STATUSES)),
  ],
);

/** One row per site per run: what the crawl of that site found. `site_health` is computed from these. */
export const siteCrawls = pgTable(
  'site_crawls',
  {
    id: serial().primaryKey(),
    runId: integer()
      .notNull()
      .references(() => crawlRuns.id, { onDelete: 'cascade' }),
    siteId: text()
      .notNull()
      .references(() => sites.id),
    status: text({ enum: SITE_CRAWL_STATUSES }).notNull().default('running'),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    /** List pages read. */
    pages: integer().notNull().default(0),
    /** Every request the site's crawl made (robots.txt, lists, report pages, attachments, retries): the budget's count. */
    requests: integer().notNull().default(0),
    reportsFound: integer().notNull().default(0),
    documentsNew: integer().notNull().default(0),
    documentsChanged: integer().notNull().default(0),
    documentsUnchanged: integer().notNull().default(0),
    errors: integer().notNull().default(0),
    message: text(),
    /** Bytes that came over the network (304s and bodies from the archive count 0). */
    bytesDownloaded: bigint({ mode: 'number' }).notNull().default(0),
    /** Failed requests by outcome (http_error, timeout …). */
    errorsByOutcome: jsonb().$type<Record<string, number>>().notNull().default({}),
    /** Entries that look like reports but are other annual documents, and links in report columns that fit no rule. */
    lookAlikes: integer().notNull().default(0),
    unmatched: integer().notNull().default(0),
    /** List pages the crawl had to run in a browser (lists built by JavaScript). */
    pagesRendered: integer().notNull().default(0),
  },
  (t) => [
    index('site_crawls_site_id_idx').on(t.siteId, t.startedAt),
    index('site_crawls_run_id_idx').on(t.runId),
    check('site_crawls_status_check', oneOf(t.status, SITE_CRAWL_STATUSES)),
  ],
);

export const fetches = pgTable(
  'fetches',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    runId: integer().references(() => crawlRuns.id, { onDelete: 'set null' }),
    siteId: text(),
    url: text().notNull(),
    finalUrl: text(),
    httpStatus: integer(),
    outcome: text({ enum: FETCH_OUTCOMES }).notNull(),
    error: text(),
    etag: text(),
    lastModified: text(),
    sha256: text(),
    contentType: text(),
    bytes: bigint({ mode: 'number' }),
    durationMs: integer(),
    referrer: text(),
    fetchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('fetches_url_idx').on(t.url, t.fetchedAt),
    index('fetches_run_id_idx').on(t.runId),
    check('fetches_outcome_check', oneOf(t.outcome, FETCH_OUTCOMES)),
  ],
);

/**
 * List APIs a site's pages were seen calling when run in the browser (JSON, JSONP or XML that held report records):
 * later crawls ask them directly, with no browser. One row per request (method, URL with its first page, body).
 */
export const siteListApis = pgTable(
  'site_list_apis',
  {
    id: serial().primaryKey(),
    siteId: text().notNull(),
    /** The page whose scripts asked for it (rendered again when the API stops answering with records). */
    pageUrl: text().notNull(),
    method: text().notNull().default('GET'),
    url: text().notNull(),
    body: text().notNull().default(''),
    /** Request headers the page sent that the server may need (content-type). */
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    foundAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Last time it answered with records, and how many of them were reports then. */
    lastOkAt: timestamp({ withTimezone: true }),
    lastReports: integer().notNull().default(0),
    /** Crawls in a row in which it failed or held no record: at 3 it is no longer asked. */
    failures: integer().notNull().default(0),
  },
  (t) => [unique('site_list_apis_site_id_method_url_body_key').on(t.siteId, t.method, t.url, t.body)],
);

/** Per-host politeness across every worker: a request may start at `nextAt` at the earliest. */
export const hostSlots = pgTable('host_slots', {
  host: text().primaryKey(),
  nextAt: timestamp({ withTimezone: true }).notNull(),
});
