// Lists served as JSON (Guangdong's gkmlpt /gkmlpt/api/all/{column}?page=n&sid=…, and sites alike): the entries
// and, from the first page, the requests for the others. Field names come from the site's `api` settings. Pure.
import type { FoundLink, PageRequest, SiteConfig } from '../types.js';

const at = (obj: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);

export function apiPageUrl(api: NonNullable<SiteConfig['api']>, page: number, base: string): string {
  return new URL(api.url.replace('{page}', String(page)), base).toString();
}

export function readJsonList(json: unknown, api: NonNullable<SiteConfig['api']>, pageUrl: string, page: number): { links: FoundLink[]; next: PageRequest[] } {
  const list = at(json, api.items);
  const links: FoundLink[] = [];
  if (Array.isArray(list)) {
    for (const entry of list) {
      const title = at(entry, api.title);
      const link = at(entry, api.link);
      if (typeof title !== 'string' || typeof link !== 'string') continue;
      try {
        links.push({ url: new URL(link, pageUrl).toString(), text: title, title });
      } catch {
        // an entry without a usable link is skipped
      }
    }
  }
  const next: PageRequest[] = [];
  const total = api.total ? Number(at(json, api.total)) : NaN;
  if (page === 1 && Number.isFinite(total)) {
    const pages = Math.min(Math.ceil(total / api.pageSize), 500);
    for (let p = 2; p <= pages; p++) next.push({ url: apiPageUrl(api, p, pageUrl), kind: 'json' });
  }
  return { links, next };
}
