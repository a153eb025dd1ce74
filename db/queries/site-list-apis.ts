// The list APIs each site's pages were seen calling in the browser (site_list_apis): remembered when they held
// reports, asked directly by later crawls, given up after failing three crawls in a row.
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { siteListApis } from '../schema/sites-runs.js';

export interface ListApi {
  id: number;
  pageUrl: string;
  method: 'GET' | 'POST';
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** Crawls in a row an API may fail (or answer with no record) before it is no longer asked. */
export const LIST_API_MAX_FAILURES = 3;

/** The site's list APIs still worth asking. */
export async function listApisOfSite(db: Database, siteId: string): Promise<ListApi[]> {
  const rows = await db
    .select({
      id: siteListApis.id,
      pageUrl: siteListApis.pageUrl,
      method: siteListApis.method,
      url: siteListApis.url,
      body: siteListApis.body,
      headers: siteListApis.headers,
    })
    .from(siteListApis)
    .where(and(eq(siteListApis.siteId, siteId), lt(siteListApis.failures, LIST_API_MAX_FAILURES)))
    .orderBy(siteListApis.id);
  return rows.map((r) => ({ ...r, method: r.method === 'POST' ? 'POST' : 'GET' }));
}

/** Remembers (or renews) an API a page was seen calling, with the reports its answer held. */
export async function rememberListApi(
  db: Database,
  api: { siteId: string; pageUrl: string; method: string; url: string; body: string; headers: Record<string, string>; reports: number; at: Date },
): Promise<void> {
  const { reports, at, ...row } = api;
  await db
    .insert(siteListApis)
    .values({ ...row, foundAt: at, lastOkAt: at, lastReports: reports })
    .onConflictDoUpdate({
      target: [siteListApis.siteId, siteListApis.method, siteListApis.url, siteListApis.body],
      set: { pageUrl: row.pageUrl, headers: row.headers, lastOkAt: at, lastReports: reports, failures: 0 },
    });
}

/** A remembered API answered with records (`reports` of them reports), or did not (`reports` null). */
export async function recordListApiAnswer(db: Database, id: number, reports: number | null, at: Date): Promise<void> {
  await db
    .update(siteListApis)
    .set(reports === null ? { failures: sql`${siteListApis.failures} + 1` } : { lastOkAt: at, lastReports: reports, failures: 0 })
    .where(eq(siteListApis.id, id));
}
