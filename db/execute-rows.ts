// The rows of a raw statement run with db.execute, whichever driver ran it: postgres.js answers with the rows (an
// array), PGlite with a result object holding them.
import type { SQL } from 'drizzle-orm';
import type { Database } from './client.js';

export async function executeRows<T extends Record<string, unknown>>(db: Database, query: SQL): Promise<T[]> {
  const result = await db.execute<T>(query);
  return Array.isArray(result) ? (result as T[]) : (result as unknown as { rows: T[] }).rows;
}
