// TRS WCM sites (site-patterns.md §3.1): lists paginated by createPageHTML(count, index, "index", "html") into
// index_N pages, detail pages t<date>_<id>.html whose attachments may carry an OLDSRC second address. Pure.
import { readDetailPage } from './detail-page.js';
import { discoveryReaders } from './discovery.js';
import { readListPage, trsPager } from './list-page.js';
import type { Pattern } from './pattern.js';

export const trs: Pattern = {
  name: 'trs',
  ...discoveryReaders,
  readList: (page) => readListPage(page.text, page.url, [trsPager]),
  readDetail: (page) => readDetailPage(page.text, page.url),
  readApi: () => {
    throw new Error('TRS sites serve no list API');
  },
  entryRequests: () => [],
};
