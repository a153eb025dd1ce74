// The roster: the agencies expected to publish an annual report — every township and subdistrict of a covered
// district (from the division table), the district's government, and the departments and other agencies found
// publishing — each with where the entry came from. Coverage is the roster × the years, so that an agency that
// never published anything is a row, not an absence.
import { check, index, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { AGENCY_LEVELS, ROSTER_SOURCES } from '../../domain/values.js';
import { oneOf } from './one-of.js';
import { regions } from './regions.js';
import { sites } from './sites-runs.js';

export const roster = pgTable(
  'roster',
  {
    id: serial().primaryKey(),
    /** The agency key (domain/agency.ts agencyKey): agencies with this key are this entry's reports. */
    agencyKey: text().notNull().unique('roster_agency_key_key'),
    /** The name the agency is expected under (a government's canonical name, or the name it published under). */
    name: text().notNull(),
    regionCode: text().references(() => regions.code),
    /** The county-level division whose site or division table made the entry expected. */
    districtCode: text().references(() => regions.code),
    level: text({ enum: AGENCY_LEVELS }),
    /** 'division': from the division table; 'site': found publishing on the district's site; 'report': a report from elsewhere. */
    source: text({ enum: ROSTER_SOURCES }).notNull(),
    /** Where exactly: the division dataset and code, or the site and the URL the agency was first found at. */
    sourceDetail: text().notNull(),
    siteId: text().references(() => sites.id),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('roster_district_code_idx').on(t.districtCode),
    check('roster_level_check', oneOf(t.level, AGENCY_LEVELS)),
    check('roster_source_check', oneOf(t.source, ROSTER_SOURCES)),
  ],
);
