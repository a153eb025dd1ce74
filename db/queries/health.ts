// Sites needing attention (from the site_health view): blocked, unreachable, failing — or yielding no reports
// although they did before.
import type { DbHandle } from '../client.js';

export interface SiteHealth {
  siteId: string;
  status: string;
  reportsFound: number;
  bestBefore: number | null;
  lastCrawl: Date;
  problem: string;
}

export async function sitesNeedingAttention(handle: DbHandle): Promise<SiteHealth[]> {
  const { rows } = await handle.query<{
    site_id: string;
    last_status: string;
    reports_found: number;
    best_before: number | null;
    last_crawl: Date;
    problem: string;
  }>(`select site_id, last_status, reports_found, best_before, last_crawl, problem from site_health where needs_attention order by site_id`);
  return rows.map((r) => ({
    siteId: r.site_id,
    status: r.last_status,
    reportsFound: Number(r.reports_found),
    bestBefore: r.best_before === null ? null : Number(r.best_before),
    lastCrawl: new Date(r.last_crawl),
    problem: r.problem,
  }));
}
