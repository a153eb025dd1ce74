// Parsed reports: one row per document that is an agency's annual report, versioned per (agency, year).
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, serial, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.js';
import { documents } from './documents.js';
import { GRADES, TEMPLATES } from '../../domain/values.js';
import { oneOf } from './one-of.js';

export const reports = pgTable(
  'reports',
  {
    id: serial().primaryKey(),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id),
    year: integer().notNull(),
    version: integer().notNull(),
    /** Each document yields at most one report; re-parsing updates this row in place. */
    documentSha256: text()
      .notNull()
      .references(() => documents.sha256),
    /** sha256 of the detail page a document was published with: an HTML page and its PDF attachment share it (twins). */
    sourceGroup: text().notNull(),
    template: text({ enum: TEMPLATES }).notNull(),
    title: text(),
    agencyNameRaw: text(),
    publishedAt: date(),
    parserVersion: text().notNull(),
    grade: text({ enum: GRADES }).notNull(),
    isCurrent: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('reports_agency_id_year_version_key').on(t.agencyId, t.year, t.version),
    unique('reports_document_sha256_key').on(t.documentSha256),
    uniqueIndex('reports_current_key').on(t.agencyId, t.year).where(sql`${t.isCurrent}`),
    index('reports_year_idx').on(t.year),
    index('reports_source_group_idx').on(t.sourceGroup),
    check('reports_year_check', sql`${t.year} between 1990 and 2100`),
    check('reports_version_check', sql`${t.version} >= 1`),
    check('reports_template_check', oneOf(t.template, TEMPLATES)),
    check('reports_grade_check', oneOf(t.grade, GRADES)),
  ],
);

/**
 * Other documents that are the same report as a report's own document: the district site's page, beijing.gov.cn's
 * qzf copy and its /gate/big5/ mirror differ in bytes but are one report (same agency, year and title, no fact that
 * disagrees). Their sources are the report's sources too; they never become versions of their own.
 */
export const reportCopies = pgTable(
  'report_copies',
  {
    sha256: text()
      .primaryKey()
      .references(() => documents.sha256, { onDelete: 'cascade' }),
    reportId: integer()
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_copies_report_id_idx').on(t.reportId)],
);
