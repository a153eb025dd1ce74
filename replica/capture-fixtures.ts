// Writes the crawler's per-CMS fixtures (test/crawlers/patterns/<cms>/) from the replica as it serves them: raw bytes, with the replica's local origin replaced by the host the page stands for.
// Run `npx tsx replica/capture-fixtures.ts`, then the walker (test/crawlers/fixtures.test.ts) writes the golden files
// for review. Must not write anything else.
import fs from 'node:fs';
import path from 'node:path';
import { startReplica } from './server.js';

const TEST = path.join(import.meta.dirname, '..', 'test', 'crawlers');

interface Capture {
  /** Folder under test/crawlers (patterns/<cms>) and the fixture's name. */
  dir: string;
  name: string;
  site: string;
  path: string;
  /** The origin the page stands for in the fixture (its links resolve against it). */
  as: string;
  read: 'list' | 'detail' | 'shell' | 'data';
  method?: 'GET' | 'POST';
  body?: string;
  /** For 'data': the path of the page whose scripts call it. */
  page?: string;
}

const CAPTURES: Capture[] = [
  // TRS: UTF-8 and GBK lists, truncated titles, a detail page with attachments.
  { dir: 'patterns/trs', name: 'column-list', site: 'replica-trs', path: '/zwgk/zfxxgk/zfxxgknb/gknb2021/', as: 'https://trs.example.gov.cn', read: 'list' },
  { dir: 'patterns/trs', name: 'gbk-list', site: 'replica-trs-gbk', path: '/tzzfxxgk/c100003n/index.html', as: 'https://trs-gbk.example.gov.cn', read: 'list' },
  {
    dir: 'patterns/trs',
    name: 'gbk-detail',
    site: 'replica-trs-gbk',
    path: '/tzzfxxgk/c100003n/202402/1332808.shtml',
    as: 'https://trs-gbk.example.gov.cn',
    read: 'detail',
  },
  // Hanweb: a column with its datastore and jpage, a dataproxy answer, an article page.
  {
    dir: 'patterns/hanweb',
    name: 'column-datastore',
    site: 'replica-hanweb',
    path: '/col/col1229/index.html',
    as: 'https://hanweb.example.gov.cn',
    read: 'list',
  },
  {
    dir: 'patterns/hanweb',
    name: 'article-detail',
    site: 'replica-hanweb',
    path: '/art/2023/2/11/art_1229_4011108.html',
    as: 'https://hanweb.example.gov.cn',
    read: 'detail',
  },
  // gkmlpt: the annual-report shell (its API named in its sources), the API's first page, an article.
  {
    dir: 'patterns/gkmlpt',
    name: 'annualreport-shell',
    site: 'replica-gkmlpt',
    path: '/gkmlpt/annualreport#2629',
    as: 'http://www.qingxin.example.gov.cn',
    read: 'shell',
  },
  {
    dir: 'patterns/gkmlpt',
    name: 'api-all-page1',
    site: 'replica-gkmlpt',
    path: '/gkmlpt/api/all/2629?page=1&sid=755033',
    as: 'http://www.qingxin.example.gov.cn',
    read: 'data',
    page: '/gkmlpt/annualreport#2629',
  },
  {
    dir: 'patterns/gkmlpt',
    name: 'post-detail',
    site: 'replica-gkmlpt',
    path: '/gkmlpt/content/1/1506/post_1506100.html',
    as: 'http://www.qingxin.example.gov.cn',
    read: 'detail',
  },
  // Unknown CMS: a Vue rebuild (shell, its JSON API, an article), an API of HTML fragments, a list written by script.
  { dir: 'patterns/generic', name: 'vue-column-shell', site: 'replica-vue', path: '/zwgk/zfxxgknb/', as: 'https://www.vue.example.gov.cn', read: 'shell' },
  {
    dir: 'patterns/generic',
    name: 'vue-api-page1',
    site: 'replica-vue',
    path: '/api/zwgk/articles?channelId=3207&pageNum=1&pageSize=10',
    as: 'https://www.vue.example.gov.cn',
    read: 'data',
    page: '/zwgk/zfxxgknb/',
  },
  {
    dir: 'patterns/generic',
    name: 'vue-detail',
    site: 'replica-vue',
    path: '/zwgk/zfxxgknb/202401/t20240124_3120402.html',
    as: 'https://www.vue.example.gov.cn',
    read: 'detail',
  },
  {
    dir: 'patterns/generic',
    name: 'fragments-column-shell',
    site: 'replica-fragments',
    path: '/zwgk/nb/index.html',
    as: 'https://www.fragments.example.gov.cn',
    read: 'shell',
  },
  {
    dir: 'patterns/generic',
    name: 'fragments-api-page1',
    site: 'replica-fragments',
    path: '/api/cms/content/list',
    as: 'https://www.fragments.example.gov.cn',
    read: 'data',
    method: 'POST',
    body: '{"columnId":57,"pageNo":1,"pageSize":10}',
    page: '/zwgk/nb/index.html',
  },
  { dir: 'patterns/generic', name: 'spa-list', site: 'replica-spa', path: '/xxgk/nb/index.html', as: 'https://www.spa.example.gov.cn', read: 'shell' },
  { dir: 'patterns/generic', name: 'spa-detail', site: 'replica-spa', path: '/xxgk/nb/2023/880.html', as: 'https://www.spa.example.gov.cn', read: 'detail' },
];

async function main(): Promise<void> {
  const replica = await startReplica({ discovery: true });
  try {
    for (const c of CAPTURES) {
      const origin = replica.sites.find((s) => s.id === c.site)!.origin;
      const res = await fetch(new URL(c.path, origin), {
        method: c.method ?? 'GET',
        body: c.body,
        headers: c.body ? { 'content-type': 'application/json;charset=UTF-8' } : {},
      });
      if (!res.ok) throw new Error(`${c.site} ${c.path}: HTTP ${res.status}`);
      const contentType = res.headers.get('content-type') ?? '';
      // The local origin, absolute and protocol-relative, stands for the real host (ASCII: safe in GBK bytes too).
      const raw = Buffer.from(await res.arrayBuffer()).toString('latin1');
      const bytes = Buffer.from(raw.replaceAll(origin, c.as).replaceAll(`//${new URL(origin).host}`, `//${new URL(c.as).host}`), 'latin1');
      const dir = path.join(TEST, c.dir);
      fs.mkdirSync(dir, { recursive: true });
      const ext = /json/.test(contentType) ? 'json' : 'html';
      fs.writeFileSync(path.join(dir, `${c.name}.${ext}`), bytes);
      const source = {
        url: new URL(c.path, c.as).toString(),
        contentType,
        fetchedAt: '2026-11-30T00:00:00Z',
        read: c.read,
        copiedFrom: `replica ${c.site}${c.path}`,
        ...(c.method ? { request: { method: c.method, body: c.body } } : {}),
        ...(c.page ? { pageUrl: new URL(c.page, c.as).toString() } : {}),
      };
      fs.writeFileSync(path.join(dir, `${c.name}.source.json`), `${JSON.stringify(source, null, 2)}\n`);
    }
  } finally {
    await replica.close();
  }
}

await main();
