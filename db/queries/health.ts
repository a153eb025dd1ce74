// Sites needing attention: blocked, unreachable, failing — or yielding no reports although they did before.
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
  const { rows } = await handle.query<{ site_id: string; status: string; reports_found: number; best: number | null; started_at: Date }>(
    `with last as (
       select distinct on (site_id) site_id, status, reports_found, started_at
         from site_crawls where finished_at is not null order by site_id, started_at desc, id desc),
     before as (
       select site_id, max(reports_found) as best from site_crawls
        where finished_at is not null and reports_found > 0 group by site_id)
     select l.site_id, l.status, l.reports_found, b.best, l.started_at
       from last l left join before b using (site_id)
      where l.status in ('blocked', 'unreachable', 'disallowed', 'failed') or (l.reports_found = 0 and coalesce(b.best, 0) > 0)
      order by l.site_id`,
  );
  return rows.map((r) => ({
    siteId: r.site_id,
    status: r.status,
    reportsFound: Number(r.reports_found),
    bestBefore: r.best === null ? null : Number(r.best),
    lastCrawl: new Date(r.started_at),
    problem:
      r.status === 'ok' || r.status === 'empty'
        ? `no reports now, ${r.best} in an earlier run`
        : `${r.status}${r.best ? ` (had ${r.best} reports in an earlier run)` : ''}`,
  }));
}
