// GB/T 2260 administrative divisions (province → city → county → township), seeded from db/regions/regions.csv.
import { type AnyPgColumn, check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { REGION_LEVELS } from '../../domain/values.js';
import { oneOf } from './one-of.js';

export const regions = pgTable(
  'regions',
  {
    /** 6 digits for province/city/county (110112), 9 digits for townships (110112119). */
    code: text().primaryKey(),
    name: text().notNull(),
    /** The name with every ancestor's name in front, e.g. 北京市通州区潞城镇 (municipal 市辖区 levels omitted). */
    fullName: text().notNull(),
    level: text({ enum: REGION_LEVELS }).notNull(),
    parentCode: text().references((): AnyPgColumn => regions.code),
  },
  (t) => [index('regions_name_idx').on(t.name), index('regions_parent_code_idx').on(t.parentCode), check('regions_level_check', oneOf(t.level, REGION_LEVELS))],
);

/** Small key/value table for facts about the database itself (e.g. which regions dataset is loaded). */
export const dbMeta = pgTable('db_meta', {
  key: text().primaryKey(),
  value: text().notNull(),
});
