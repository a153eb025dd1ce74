import { bigserial, check, index, integer, jsonb, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { SEVERITIES } from '../../domain/values.js';
import { oneOf } from './one-of.js';
import { reports } from './reports.js';

export const reportFacts = pgTable(
  'report_facts',
  {
    reportId: integer()
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    /** Canonical key from pipeline/parse/keys.ts, e.g. t3.new_received.natural_person. */
    key: text().notNull(),
    /** null when the cell was blank, a dash or unreadable: the raw text and a finding say which. */
    value: numeric({ mode: 'number' }),
    raw: text(),
    /** { block, row, col } for a table cell or { span: [start, end] } for narrative text. */
    provenance: jsonb(),
  },
  (t) => [primaryKey({ name: 'report_facts_pkey', columns: [t.reportId, t.key] }), index('report_facts_key_idx').on(t.key)],
);

export const findings = pgTable(
  'findings',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    reportId: integer()
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    rule: text().notNull(),
    severity: text({ enum: SEVERITIES }).notNull(),
    message: text().notNull(),
    keys: text().array().notNull().default([]),
  },
  (t) => [
    index('findings_report_id_idx').on(t.reportId),
    index('findings_rule_idx').on(t.rule),
    check('findings_severity_check', oneOf(t.severity, SEVERITIES)),
  ],
);
