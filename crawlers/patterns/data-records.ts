// Reads a list served as data — JSON, JSONP or XML that a page's scripts fetched — without knowing the API: any
// array of records with a title-ish and a url-ish (or HTML content) field, whatever the field names; the totals it
// states (total, totalPages …); and the requests for its other pages, from the paging parameter of the request
// (page, pageNo, pageIndex, start, offset … in the query, a form body or a JSON body). Pure.
import * as cheerio from 'cheerio';
import type { FoundLink, PageReading, PageRequest } from '../types.js';
import { readDatastore } from './datastore.js';
import { readLinks } from './links.js';
import { sortEntries } from './list-page.js';
import { judgeTitle } from './report-title.js';

/** One record of a list API: a report entry, perhaps with its text (an HTML fragment) and files. */
export interface DataRecord {
  title: string;
  /** The record's page, resolved; null when it has none (or only an in-app route such as #/detail/1). */
  url: string | null;
  id: string | null;
  /** YYYY-MM-DD (epoch times read in China's time zone). */
  date: string | null;
  publisher: string | null;
  /** The report itself as HTML, when the API delivers it in the record. */
  fragment: string | null;
  attachments: { url: string; name: string }[];
}

export interface DataReading {
  format: 'json' | 'jsonp' | 'xml' | 'unknown';
  records: DataRecord[];
  /** Links of HTML lists the response carries (a field holding <li><a …>, Hanweb datastore records). */
  links: FoundLink[];
  total: number | null;
  totalPages: number | null;
  pageSize: number | null;
}

const squash = (k: string) => k.toLowerCase().replace(/[_\-.]/g, '');
const CJK = /[\u3400-\u9fff]/;
const TAG = /<(p|div|table|span|br|tr|td|h\d|section|article|font|strong|img|a)\b[^>]*>/i;

/** Field names by what they hold, best first (compared lower-case without _ - .). */
const TITLE_KEYS = [
  'title',
  'doctitle',
  'articletitle',
  'maintitle',
  'showtitle',
  'fulltitle',
  'infotitle',
  'newstitle',
  'subject',
  'bt',
  'wjbt',
  'headline',
  'topic',
  'name',
  'text',
  'label',
  'filename',
];
const URL_KEYS = [
  'url',
  'link',
  'href',
  'linkurl',
  'docurl',
  'pageurl',
  'articleurl',
  'detailurl',
  'htmlurl',
  'weburl',
  'visiturl',
  'puburl',
  'infourl',
  'uri',
  'path',
  'address',
  'src',
  'redirecturl',
  'fileurl',
  'filepath',
  'downloadurl',
];
const ID_KEYS = ['id', 'docid', 'infoid', 'articleid', 'contentid', 'manuscriptid', 'newsid', 'itemid', 'recordid', 'dataid', 'uuid', 'guid'];
const DATE_KEYS = /date|time|publish|pubdate|fbrq|fbsj|cwrq|^rq$|created|updated/;
const PUBLISHER_KEYS = ['publisher', 'source', 'organ', 'organname', 'fbjg', 'fwjg', 'unitname', 'deptname', 'department', 'author', 'fromorgan', 'issuer'];
const CONTENT_KEYS = [
  'content',
  'contenthtml',
  'articlecontent',
  'htmlcontent',
  'body',
  'html',
  'zw',
  'txt',
  'detail',
  'maincontent',
  'text',
  'info',
  'description',
];
const TOTAL_KEYS = [
  'total',
  'totalcount',
  'totalrecord',
  'totalrecords',
  'totalelements',
  'recordcount',
  'totalnum',
  'totalsize',
  'totalrows',
  'totalitems',
  'allcount',
];
const PAGES_KEYS = ['totalpage', 'totalpages', 'pages', 'pagecount', 'pagetotal', 'totalpagecount', 'totalpagenum', 'maxpage'];
const SIZE_KEYS = ['pagesize', 'size', 'perpage', 'limit', 'rows', 'pagelimit', 'numperpage'];

/** The page parameters of list requests: a page number, or an offset (with a size), in a query, form or JSON body. */
const PAGE_PARAMS = ['page', 'pageno', 'pagenum', 'pageindex', 'currentpage', 'curpage', 'current', 'pn', 'p', 'pagenumber', 'pageidx', 'nowpage'];
const OFFSET_PARAMS = ['start', 'offset', 'startrecord', 'from', 'begin', 'skip', 'startindex', 'startrow', 'firstresult'];
const END_PARAMS = ['endrecord', 'end', 'endindex', 'endrow'];
const SIZE_PARAMS = ['pagesize', 'size', 'rows', 'limit', 'perpage', 'ps', 'length', 'num', 'count'];

const FILE = /\.(pdf|docx?|wps|xlsx?|et|ofd|zip|rar)(\?|#|$)/i;

function looksLikeUrl(v: string): boolean {
  const s = v.trim();
  if (!s || s.length > 2000 || /\s/.test(s) || /^(javascript|mailto|tel|data):/i.test(s)) return false;
  return (
    /^(https?:)?\/\//i.test(s) ||
    /^\.{0,2}\/[^/]/.test(s) ||
    /^#!?\//.test(s) ||
    /^[\w-]+(\/[\w.%-]+)*\.(s?html?|jsp|php|aspx?|do)(\?|#|$)/i.test(s) ||
    FILE.test(s)
  );
}

function resolve(v: string, base: string): string | null {
  const s = v.trim();
  // In-app routes (#/detail/1) are no page of their own: the record's content is all there is.
  if (/^#/.test(s)) return null;
  try {
    const u = new URL(s, base);
    if (!/^https?:$/.test(u.protocol)) return null;
    if (u.hash.startsWith('#/') || u.hash.startsWith('#!/')) return null;
    u.hash = '';
    return u.toString();
  } catch {
    return null;
  }
}

const stripTags = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A date from an epoch (seconds or milliseconds) or a date string; epoch times are read in China's time zone. */
export function readDate(v: unknown): string | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{10}(\d{3})?$/.test(v.trim()) ? Number(v) : Number.NaN;
  if (Number.isFinite(n) && n > 1e8) {
    const ms = n > 1e11 ? n : n * 1000;
    return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
  }
  if (typeof v !== 'string') return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/.exec(v.trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null;
}

type Fields = Map<string, unknown>;

/** An object's fields, and those of objects one level down (as `outer.inner`), by squashed name. */
function fieldsOf(obj: Record<string, unknown>): Fields {
  const out: Fields = new Map();
  for (const v of Object.values(obj)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) if (!out.has(squash(k2))) out.set(squash(k2), v2);
    }
  }
  // Direct fields win over nested ones of the same name.
  for (const [k, v] of Object.entries(obj)) out.set(squash(k), v);
  return out;
}

function pick(fields: Fields, keys: string[], ok: (v: unknown) => boolean): unknown {
  for (const k of keys) {
    const v = fields.get(k);
    if (v !== undefined && ok(v)) return v;
  }
  return undefined;
}

const isTitle = (v: unknown) => typeof v === 'string' && stripTags(v).length >= 2 && stripTags(v).length <= 300 && !looksLikeUrl(v) && !/<table/i.test(v);
const isFragment = (v: unknown) => typeof v === 'string' && (TAG.test(v) || /&lt;(p|div|table)\b/i.test(v)) && (v.length >= 200 || /<table|&lt;table/i.test(v));

function attachmentsOf(obj: Record<string, unknown>, base: string, skip: unknown): { url: string; name: string }[] {
  const out: { url: string; name: string }[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (v === skip) continue;
    const items = Array.isArray(v) ? v : [];
    for (const item of items) {
      if (!item || typeof item !== 'object') continue;
      const f = fieldsOf(item as Record<string, unknown>);
      const link = pick(f, URL_KEYS, (x) => typeof x === 'string' && looksLikeUrl(x));
      if (typeof link !== 'string') continue;
      const url = resolve(link, base);
      const name = pick(f, ['filename', 'name', 'title', 'originalname', 'realname', 'text'], (x) => typeof x === 'string' && x.trim().length > 0);
      if (url) out.push({ url, name: typeof name === 'string' ? name.trim() : '' });
    }
    // A file linked by a field of its own (fileUrl, attachment, fjdz …).
    if (typeof v === 'string' && /file|attach|fj|download/i.test(k) && looksLikeUrl(v) && FILE.test(v)) {
      const url = resolve(v, base);
      if (url) out.push({ url, name: '' });
    }
  }
  return out;
}

/** Reads an object as a record, when it has a title and a page or content. */
function recordOf(obj: Record<string, unknown>, base: string): DataRecord | null {
  const f = fieldsOf(obj);
  let title = pick(f, TITLE_KEYS, isTitle) as string | undefined;
  if (!title) {
    // Unknown field names: the longest short Chinese text that is neither a link nor markup.
    title = [...f.values()]
      .filter((v): v is string => typeof v === 'string' && CJK.test(v) && isTitle(v) && !TAG.test(v))
      .sort((a, b) => b.length - a.length)[0];
  }
  if (!title) return null;
  let link = pick(f, URL_KEYS, (v) => typeof v === 'string' && looksLikeUrl(v)) as string | undefined;
  link ??= [...f.values()].find((v): v is string => typeof v === 'string' && looksLikeUrl(v) && /\.s?html?(\?|#|$)|^https?:\/\//i.test(v));
  const fragmentRaw = pick(f, CONTENT_KEYS, isFragment) as string | undefined;
  // A record whose text only says "see the attachment" (详见附件): its files are the report, the short text its page.
  const shortContent = fragmentRaw ? undefined : (pick(f, CONTENT_KEYS, (v) => typeof v === 'string' && TAG.test(v)) as string | undefined);
  let url = link ? resolve(link, base) : null;
  const files = attachmentsOf(obj, base, fragmentRaw ?? shortContent);
  // A record with neither page nor text whose one file is the report: the file is its link.
  if (!url && !fragmentRaw && !shortContent && files.length === 1) url = files[0]!.url;
  const fragment = fragmentRaw ? (TAG.test(fragmentRaw) ? fragmentRaw : unescapeHtml(fragmentRaw)) : !url && files.length && shortContent ? shortContent : null;
  if (!url && !fragment) return null;
  const id = pick(f, ID_KEYS, (v) => typeof v === 'string' || typeof v === 'number');
  let date: string | null = null;
  for (const [k, v] of f) {
    if (DATE_KEYS.test(k)) date = readDate(v);
    if (date) break;
  }
  const publisher = pick(f, PUBLISHER_KEYS, (v) => typeof v === 'string' && v.trim().length > 1 && v.length < 100);
  return {
    title: stripTags(title),
    url,
    id: id === undefined ? null : String(id),
    date,
    publisher: typeof publisher === 'string' ? publisher.trim() : null,
    fragment,
    attachments: files.filter((a) => a.url !== url),
  };
}

interface Walk {
  records: DataRecord[];
  links: FoundLink[];
  numbers: Map<string, number>;
}

function walk(value: unknown, base: string, out: Walk, depth: number): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const objects = value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v));
    const records = objects.map((o) => recordOf(o, base));
    const good = records.filter((r): r is DataRecord => r !== null);
    // An array of records: most of its objects read as one. Its insides (files, tags) are not looked at again.
    if (objects.length > 0 && good.length * 2 >= objects.length) {
      out.records.push(...good);
      return;
    }
    for (const v of value) walk(v, base, out, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = squash(k);
    if (typeof v === 'number' || (typeof v === 'string' && /^\d{1,7}$/.test(v))) {
      if (!out.numbers.has(key)) out.numbers.set(key, Number(v));
    } else if (typeof v === 'string' && (v.match(/<a\s[^>]*href/gi)?.length ?? 0) >= 2) {
      // A list delivered as HTML inside the data (jpaas `data.html`, and the like).
      out.links.push(...readLinks(v, base));
    } else walk(v, base, out, depth + 1);
  }
}

const firstOf = (numbers: Map<string, number>, keys: string[]) => {
  for (const k of keys) {
    const v = numbers.get(k);
    if (v !== undefined && Number.isFinite(v) && v >= 0) return v;
  }
  return null;
};

function readJson(value: unknown, base: string): Omit<DataReading, 'format'> {
  const out: Walk = { records: [], links: [], numbers: new Map() };
  walk(value, base, out, 0);
  return {
    records: out.records,
    links: out.links,
    total: firstOf(out.numbers, TOTAL_KEYS),
    totalPages: firstOf(out.numbers, PAGES_KEYS),
    pageSize: firstOf(out.numbers, SIZE_KEYS),
  };
}

function readXml(text: string, base: string): Omit<DataReading, 'format'> {
  const num = (tag: string) => {
    const m = new RegExp(`<${tag}>\\s*(\\d+)\\s*</${tag}>`, 'i').exec(text);
    return m ? Number(m[1]) : null;
  };
  const total = num('totalrecord') ?? num('total') ?? num('totalcount');
  const totalPages = num('totalpage') ?? num('totalpages') ?? num('pagecount');
  if (/<datastore>/i.test(text)) return { records: [], links: readDatastore(text, base), total, totalPages, pageSize: null };
  const $ = cheerio.load(text, { xml: true });
  const records: DataRecord[] = [];
  $('*').each((_, el) => {
    const node = $(el);
    const kids = node.children();
    if (!kids.length) return;
    const obj: Record<string, unknown> = {};
    kids.each((__, k) => {
      const c = $(k);
      if (!c.children().length) obj[(k as { name: string }).name] = c.text().trim();
    });
    const r = recordOf(obj, base);
    if (r) records.push(r);
  });
  return { records, links: [], total, totalPages, pageSize: num('perpage') ?? num('pagesize') };
}

/**
 * Reads a list API's response. `base` resolves the records' links: the page that called the API (records' paths are
 * written for it), else the API's own URL.
 */
export function readDataResponse(text: string, base: string): DataReading {
  const body = text.replace(/^\ufeff/, '').trim();
  if (/^[[{]/.test(body)) {
    try {
      return { format: 'json', ...readJson(JSON.parse(body), base) };
    } catch {
      // not JSON after all: tried as JSONP and XML below
    }
  }
  // JSONP: callback({...}); or /**/cb && cb({...})
  const jsonp = /^(?:\/\*\*\/)?\s*(?:[\w$.]+\s*&&\s*)?[\w$.]+\s*\(\s*([[{][\s\S]*[\]}])\s*\)\s*;?$/.exec(body);
  if (jsonp) {
    try {
      return { format: 'jsonp', ...readJson(JSON.parse(jsonp[1]!), base) };
    } catch {
      // not JSON inside
    }
  }
  if (body.startsWith('<') && !/^<!doctype html|^<html/i.test(body)) return { format: 'xml', ...readXml(body, base) };
  return { format: 'unknown', records: [], links: [], total: null, totalPages: null, pageSize: null };
}

/** Where a request carries its paging: a parameter of the query, of a form body or of a JSON body. */
interface PageParams {
  get(names: string[]): { name: string; value: number } | null;
  with(values: Record<string, number>): PageRequest;
}

function paramsOf(req: PageRequest): PageParams[] {
  const out: PageParams[] = [];
  const url = new URL(req.url);
  const find = (entries: [string, string][], names: string[]) => {
    for (const n of names) {
      const e = entries.find(([k]) => k.toLowerCase().replace(/_/g, '') === n);
      if (e && /^\d+$/.test(e[1])) return { name: e[0], value: Number(e[1]) };
    }
    return null;
  };
  out.push({
    get: (names) => find([...url.searchParams.entries()], names),
    with: (values) => {
      const u = new URL(req.url);
      for (const [k, v] of Object.entries(values)) u.searchParams.set(k, String(v));
      return { ...req, url: u.toString() };
    },
  });
  const body = req.body ?? '';
  const type = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (/^\s*\{/.test(body)) {
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      json = null;
    }
    if (json && typeof json === 'object') {
      // Paging at the top of the body, or one level down ({"page": {"pageNo": 1}}).
      const holders: [string | null, Record<string, unknown>][] = [
        [null, json],
        ...Object.entries(json).filter((e): e is [string, Record<string, unknown>] => !!e[1] && typeof e[1] === 'object' && !Array.isArray(e[1])),
      ];
      for (const [key, holder] of holders) {
        const entries = Object.entries(holder)
          .filter(([, v]) => typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)))
          .map(([k, v]) => [k, String(v)] as [string, string]);
        out.push({
          get: (names) => find(entries, names),
          with: (values) => {
            const copy = JSON.parse(body) as Record<string, unknown>;
            const target = key === null ? copy : (copy[key] as Record<string, unknown>);
            for (const [k, v] of Object.entries(values)) target[k] = typeof holder[k] === 'string' ? String(v) : v;
            return { ...req, body: JSON.stringify(copy) };
          },
        });
      }
    }
  } else if (body && (/urlencoded/i.test(type) || /^[\w.%[\]-]+=[^&]*(&[\w.%[\]-]+=[^&]*)*$/.test(body))) {
    const form = new URLSearchParams(body);
    out.push({
      get: (names) => find([...form.entries()], names),
      with: (values) => {
        const f = new URLSearchParams(body);
        for (const [k, v] of Object.entries(values)) f.set(k, String(v));
        return { ...req, body: f.toString() };
      },
    });
  }
  return out;
}

/** At most this many pages of one list are asked for. */
const MAX_PAGES = 500;

/**
 * The requests for a list API's other pages. `plan` (for the first page handled) asks for every page the totals
 * promise; without totals, and on pages after the first, only the next page is asked for — and only while pages hold
 * records (the crawl stops too when a page brings nothing new). Empty when the request has no paging parameter.
 */
export function nextDataPages(
  req: PageRequest,
  reading: Pick<DataReading, 'total' | 'totalPages' | 'pageSize'> & { count: number },
  plan: boolean,
): PageRequest[] {
  if (reading.count === 0) return [];
  for (const params of paramsOf(req)) {
    const sizeParam = params.get(SIZE_PARAMS)?.value;
    const size = sizeParam || reading.pageSize || reading.count;
    // A size only inferred from this page's records (which may include pinned ones) makes the last page a guess:
    // pages after it are still asked for, one by one, while they bring records not seen before.
    const sizeKnown = Boolean(sizeParam || reading.pageSize) || reading.totalPages !== null;
    const page = params.get(PAGE_PARAMS);
    if (page) {
      // Pages counted from 0 or from 1: the first page handled tells which.
      const base = page.value === 0 ? 0 : 1;
      const last =
        reading.totalPages !== null ? reading.totalPages - 1 + base : reading.total !== null && size > 0 ? Math.ceil(reading.total / size) - 1 + base : null;
      if (plan && last !== null) {
        const out: PageRequest[] = [];
        for (let p = page.value + 1; p <= Math.min(last, page.value + MAX_PAGES); p++) out.push(params.with({ [page.name]: p }));
        return out;
      }
      return last !== null && sizeKnown && page.value >= last ? [] : [params.with({ [page.name]: page.value + 1 })];
    }
    const start = params.get(OFFSET_PARAMS);
    if (start) {
      const end = params.get(END_PARAMS);
      const step = end ? end.value - start.value + 1 : size;
      if (step <= 0) return [];
      const total = reading.total ?? (reading.totalPages !== null ? reading.totalPages * step : null);
      const shift = (s: number): PageRequest =>
        params.with(end ? { [start.name]: s, [end.name]: Math.min(s + step - 1, total ?? s + step - 1) } : { [start.name]: s });
      const first = start.value === 0 ? 0 : 1;
      if (plan && total !== null) {
        const out: PageRequest[] = [];
        for (let s = start.value + step; s < total + first && out.length < MAX_PAGES; s += step) out.push(shift(s));
        return out;
      }
      return total !== null && (end !== null || sizeKnown) && start.value + step >= total + first ? [] : [shift(start.value + step)];
    }
  }
  return [];
}

/** What a crawl takes from one page of a list API. */
export interface DataPage {
  /** Reports that have pages of their own, look-alikes, other records, and the API's further pages. */
  reading: PageReading;
  /** Reports the API delivers as HTML in the record itself, with the address each is recorded under. */
  fragments: { record: DataRecord; url: string }[];
  /** Report records on this page (with pages, or as fragments). */
  reports: number;
}

/** Query parameters that change from one page (or one call) of a list to the next, left out of a record's address. */
const VOLATILE = new Set([...PAGE_PARAMS, ...OFFSET_PARAMS, ...END_PARAMS, ...SIZE_PARAMS, '_', 't', 'timestamp', 'callback', 'jsoncallback', 'r', 'rnd']);

/** Where a fragment is recorded: the API's address without its paging, and the record's id (or title). */
export function fragmentUrl(apiUrl: string, record: Pick<DataRecord, 'id' | 'title'>): string {
  const u = new URL(apiUrl);
  for (const k of [...u.searchParams.keys()]) if (VOLATILE.has(k.toLowerCase().replace(/_/g, '')) || k === '_') u.searchParams.delete(k);
  u.hash = `id=${encodeURIComponent(record.id ?? record.title)}`;
  return u.toString();
}

/**
 * Sorts one page of a list API like a list page: reports by their full title (the same rules as links), look-alikes
 * out, reports delivered as fragments apart; and its further pages — only for an API that lists reports, and after
 * the first page only while its pages bring records not seen before (`isNew`).
 */
export function sortDataPage(data: DataReading, req: PageRequest, plan: boolean, isNew: (key: string) => boolean): DataPage {
  const links: FoundLink[] = [...data.links];
  const fragments: DataPage['fragments'] = [];
  const fragmentLookAlikes: FoundLink[] = [];
  for (const record of data.records) {
    if (record.url) {
      links.push({ url: record.url, text: record.title, title: record.title });
      continue;
    }
    const url = fragmentUrl(req.url, record);
    const verdict = judgeTitle(record.title);
    if (verdict === 'report') fragments.push({ record, url });
    else if (verdict === 'look-alike') fragmentLookAlikes.push({ url, text: record.title, title: record.title });
  }
  const sorted = sortEntries(links);
  const lookAlikes = [...sorted.lookAlikes, ...fragmentLookAlikes];
  const reports = sorted.items.length + fragments.length;
  const fresh = [...sorted.items.map((i) => i.url), ...fragments.map((f) => f.url)].filter(isNew).length;
  const listsReports = reports + lookAlikes.length > 0;
  const next =
    listsReports && (plan || fresh > 0)
      ? nextDataPages(req, { total: data.total, totalPages: data.totalPages, pageSize: data.pageSize, count: data.records.length + data.links.length }, plan)
      : [];
  return {
    reading: {
      items: sorted.items,
      next: next.map((r) => ({ ...r, kind: 'data' as const })),
      columns: [],
      unmatched: reports ? sorted.unmatched : [],
      lookAlikes,
    },
    fragments,
    reports,
  };
}
