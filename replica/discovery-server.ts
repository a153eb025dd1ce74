// The list APIs of the discovery replica sites (replica/build-discovery.ts): gkmlpt's /gkmlpt/api/all/{column}
// (GET, page and sid, the pinned article on every page), the Vue site's /api/zwgk/articles (GET, pageNum and
// pageSize), the fragments site's /api/cms/content/list (POST, a JSON body with pageNo and pageSize, each record
// holding the report as HTML), and the small calls their scripts make that robots.txt forbids. Used by server.ts.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, 'sites');

/** Answers a request of a discovery site's API; false when the path is not one (served as a file instead). */
export type ApiHandler = (url: URL, req: http.IncomingMessage, body: string, res: http.ServerResponse, origin: string) => boolean;

const read = (site: string, file: string) => fs.readFileSync(path.join(ROOT, site, file), 'utf8');

function sendJson(res: http.ServerResponse, value: unknown, origin: string, status = 200): true {
  const host = new URL(origin).host;
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(value).replaceAll('SITE_ORIGIN', origin).replaceAll('SITE_HOST', host));
  return true;
}

const gkmlpt: ApiHandler = (url, _req, _body, res, origin) => {
  const m = /^\/gkmlpt\/api\/all\/(\d+)$/.exec(url.pathname);
  if (url.pathname === '/gkmlpt/api/search') return sendJson(res, { total: 0, articles: [] }, origin);
  if (!m) return false;
  if (url.searchParams.get('sid') !== '755033') return sendJson(res, { code: 400, msg: 'sid required' }, origin, 400);
  const n = Math.max(1, Number(url.searchParams.get('page') ?? 1));
  if (m[1] === '2629') {
    const { pinned, articles } = JSON.parse(read('replica-gkmlpt', '_articles.json')) as { pinned: unknown; articles: unknown[] };
    return sendJson(res, { total: articles.length, page: n, articles: [pinned, ...articles.slice((n - 1) * 10, n * 10)] }, origin);
  }
  if (m[1] === '2600') {
    const notices = JSON.parse(read('replica-gkmlpt', '_notices.json')) as unknown[];
    return sendJson(res, { total: notices.length, page: n, articles: notices.slice((n - 1) * 10, n * 10) }, origin);
  }
  return sendJson(res, { total: 0, page: n, articles: [] }, origin);
};

const vue: ApiHandler = (url, _req, _body, res, origin) => {
  if (url.pathname === '/api/zwgk/visit') return sendJson(res, { code: 0, msg: 'success', data: null }, origin);
  if (url.pathname !== '/api/zwgk/articles') return false;
  if (url.searchParams.get('channelId') !== '3207') return sendJson(res, { code: 500, msg: '栏目不存在', data: null }, origin);
  const list = JSON.parse(read('replica-vue', '_list.json')) as unknown[];
  const size = Math.min(50, Math.max(1, Number(url.searchParams.get('pageSize') ?? 10)));
  const n = Math.max(1, Number(url.searchParams.get('pageNum') ?? 1));
  const pages = Math.ceil(list.length / size);
  return sendJson(
    res,
    { code: 0, msg: 'success', data: { total: list.length, pageNum: n, pageSize: size, pages, list: list.slice((n - 1) * size, n * size) } },
    origin,
  );
};

const fragments: ApiHandler = (url, req, body, res, origin) => {
  if (url.pathname === '/api/cms/statistics') return sendJson(res, { code: 200, data: { views: 1 } }, origin);
  if (url.pathname !== '/api/cms/content/list') return false;
  if (req.method !== 'POST') return sendJson(res, { code: 405, msg: 'Request method not supported' }, origin, 405);
  let q: { columnId?: number; pageNo?: number; pageSize?: number };
  try {
    q = JSON.parse(body) as typeof q;
  } catch {
    return sendJson(res, { code: 400, msg: '参数错误' }, origin, 400);
  }
  const records = JSON.parse(read('replica-fragments', '_records.json')) as unknown[];
  const size = Math.min(50, Math.max(1, Number(q.pageSize ?? 10)));
  const n = Math.max(1, Number(q.pageNo ?? 1));
  const rows = q.columnId === 57 ? records : [];
  return sendJson(
    res,
    {
      code: 200,
      msg: '操作成功',
      data: { total: rows.length, pageNo: n, pageSize: size, totalPage: Math.ceil(rows.length / size), records: rows.slice((n - 1) * size, n * size) },
    },
    origin,
  );
};

export const DISCOVERY_APIS: Record<string, ApiHandler> = { 'replica-gkmlpt': gkmlpt, 'replica-vue': vue, 'replica-fragments': fragments };
