// Lists served as JSON (Guangdong's gkmlpt /gkmlpt/api/all/{column}?page=n&sid=…, and sites alike): the entry page
// is read like any list page, and the site's `api` settings name the endpoint and the fields of its records.
// Pure.
import { readDetailPage } from './detail-page.js';
import { discoveryReaders } from './discovery.js';
import { apiPageUrl, readJsonList } from './json-api.js';
import { readListPage } from './list-page.js';
import type { Pattern } from './pattern.js';

export const gkmlpt: Pattern = {
  name: 'gkmlpt',
  ...discoveryReaders,
  readList: (page) => readListPage(page.text, page.url, []),
  readDetail: (page) => readDetailPage(page.text, page.url),
  readApi(page, kind, site) {
    if (kind !== 'json' || !site.api) throw new Error(`site ${site.id} has no JSON list API configured`);
    let json: unknown;
    try {
      json = JSON.parse(page.text);
    } catch {
      throw new Error('the list API did not return JSON');
    }
    const n = Number(new URL(page.url).searchParams.get('page') ?? '1');
    return readJsonList(json, site.api, page.url, n);
  },
  entryRequests: (entryUrl, site) => (site.api ? [{ url: apiPageUrl(site.api, 1, entryUrl), kind: 'json' }] : []),
};
