// Archived documents (raw bytes by sha256, never overwritten) and every place each one was found.
import { bigint, check, index, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { DOCUMENT_FORMATS, LOAD_ACTIONS, PARSE_STATUSES, READ_FAILURES, SOURCE_KINDS } from '../../domain/values.js';
import { oneOf } from './one-of.js';

export const documents = pgTable(
  'documents',
  {
    sha256: text().primaryKey(),
    bytes: bigint({ mode: 'number' }).notNull(),
    /** Content-Type as served (may lie); `format` is what the bytes are. */
    contentType: text(),
    format: text({ enum: DOCUMENT_FORMATS }).notNull().default('unknown'),
    encoding: text(),
    /** Path of the raw bytes relative to the archive root (`<data>/archive`). */
    archivePath: text().notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    parseStatus: text({ enum: PARSE_STATUSES }).notNull().default('pending'),
    parseError: text(),
    parsedAt: timestamp({ withTimezone: true }),
    parserVersion: text(),
    /** The run that read it last (crawl_runs.id; null for a read outside any run), and what loading did with it. */
    parseRunId: integer(),
    parseAction: text({ enum: LOAD_ACTIONS }),
    /** Why the last reading failed (null when it did not): timeout, memory, crashed, unreadable, error. */
    parseFailure: text({ enum: READ_FAILURES }),
    /**
     * Readings started in a row that ended without a result: a thread killed or outlasted, or the process gone
     * mid-read. Counted when a reading starts, cleared by any result; at the bound the document is quarantined.
     */
    parseAttempts: integer().notNull().default(0),
  },
  (t) => [
    index('documents_parse_status_idx').on(t.parseStatus),
    index('documents_parse_run_id_idx').on(t.parseRunId),
    check('documents_format_check', oneOf(t.format, DOCUMENT_FORMATS)),
    check('documents_parse_status_check', oneOf(t.parseStatus, PARSE_STATUSES)),
    check('documents_parse_action_check', oneOf(t.parseAction, LOAD_ACTIONS)),
    check('documents_parse_failure_check', oneOf(t.parseFailure, READ_FAILURES)),
  ],
);

/** One row per (document, url): the list page and link it came from, for provenance and twin detection. */
export const documentSources = pgTable(
  'document_sources',
  {
    id: serial().primaryKey(),
    sha256: text()
      .notNull()
      .references(() => documents.sha256, { onDelete: 'cascade' }),
    url: text().notNull(),
    finalUrl: text(),
    siteId: text(),
    kind: text({ enum: SOURCE_KINDS }).notNull(),
    /** The list page the detail link was found on. */
    listUrl: text(),
    /** The full title of the list entry (the `title` attribute, not truncated link text) or the attachment's link text. */
    linkText: text(),
    /** For attachments: the detail page that linked to it, and the sha256 of that page's bytes. */
    parentUrl: text(),
    parentSha256: text(),
    /** Page metadata (ArticleTitle, PubDate, 索引号 …) read by the crawler; parsing uses it as hints. */
    meta: jsonb().notNull().default({}),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('document_sources_kind_check', oneOf(t.kind, SOURCE_KINDS)),
    unique('document_sources_sha256_url_key').on(t.sha256, t.url),
    index('document_sources_url_idx').on(t.url),
    index('document_sources_parent_sha256_idx').on(t.parentSha256),
  ],
);
