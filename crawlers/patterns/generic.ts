// The pattern for a site whose CMS is not known: links and 下一页, and every CMS pager gongkai knows (TRS
// createPageHTML, Hanweb datastore groups), detail pages read for metadata and attachments. Pure.
import { readDetailPage } from './detail-page.js';
import { discoveryReaders } from './discovery.js';
import { hanwebPager, readHanwebApi } from './hanweb.js';
import { readListPage, trsPager } from './list-page.js';
import type { Pattern } from './pattern.js';

export const generic: Pattern = {
  name: 'generic',
  ...discoveryReaders,
  readList: (page) => readListPage(page.text, page.url, [trsPager, hanwebPager]),
  readDetail: (page) => readDetailPage(page.text, page.url),
  readApi: (page, kind) => readHanwebApi(page, kind),
  entryRequests: () => [],
};
