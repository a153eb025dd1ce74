// CHECK constraints written from a value list of domain/values.ts, so that the list is declared once.
import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** `<column> in ('a', 'b', …)`; the values are constants of the code, quoted as SQL literals. */
export function oneOf(column: PgColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', '))})`;
}
