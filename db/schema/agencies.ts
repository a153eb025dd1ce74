// Canonical agencies (the organs whose reports we collect) and every spelling of their names seen in documents.
import { type AnyPgColumn, check, index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { regions } from './regions.js';
import { AGENCY_LEVELS } from '../../domain/values.js';
import { oneOf } from './one-of.js';

export const agencies = pgTable(
  'agencies',
  {
    id: serial().primaryKey(),
    /** Canonical full name as printed in the report title, e.g. 北京市通州区潞城镇人民政府. */
    name: text().notNull().unique('agencies_name_key'),
    shortName: text(),
    /**
     * The stable key, the same on every installation: division code + the name without its places
     * (domain/agency.ts agencyKey), e.g. 110112119:人民政府. Set on every new row; older rows get it after migrating.
     */
    key: text().unique('agencies_key_key'),
    regionCode: text().references(() => regions.code),
    /** How the region was decided: 'name' (the name resolves to one region), 'context' (site/column), 'candidate' (low confidence), null. */
    regionSource: text(),
    level: text({ enum: AGENCY_LEVELS }),
    parentId: integer().references((): AnyPgColumn => agencies.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('agencies_region_code_idx').on(t.regionCode), check('agencies_level_check', oneOf(t.level, AGENCY_LEVELS))],
);

export const agencyAliases = pgTable(
  'agency_aliases',
  {
    alias: text().notNull(),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: 'cascade' }),
    source: text().notNull().default('title'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'agency_aliases_pkey', columns: [t.alias, t.agencyId] }), index('agency_aliases_agency_id_idx').on(t.agencyId)],
);
