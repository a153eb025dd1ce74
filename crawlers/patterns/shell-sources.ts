// What a JavaScript shell's own sources say about where its list comes from, read without running them: the list API
// of a platform gongkai knows (Guangdong's gkmlpt: /gkmlpt/api/all/{column}?page=1&sid={site}), and complete data
// URLs its inline scripts fetch (fetch('/x/list.json'), $.getJSON("/api/list?page=1") …). Hanweb's jpage groups are
// planned by hanweb.ts. Pure.
import type { PageRequest } from '../types.js';

/** gkmlpt's column ids: the hash of its annual-report page (annualreport#2629), or an API path already written out. */
const GKMLPT_COLUMN = /gkmlpt\/(?:annualreport|index)#(\d+)|gkmlpt\/api\/all\/(\d+)/g;
/** gkmlpt's site id: a sid parameter, or a sid/SID/siteId assignment in a script or config object. */
const GKMLPT_SID = /[?&]sid=(\d+)|\b(?:sid|SID|siteId|SITE_ID)\b["']?\s*[:=]\s*["']?(\d+)/;

function gkmlptRequests(html: string, pageUrl: string): PageRequest[] {
  const page = new URL(pageUrl);
  if (!/\/gkmlpt\//.test(page.pathname) && !/\/gkmlpt\//.test(html)) return [];
  const columns = new Set<string>();
  const hash = /^#(\d+)$/.exec(page.hash)?.[1];
  if (hash && /\/gkmlpt\//.test(page.pathname)) columns.add(hash);
  for (const m of html.matchAll(GKMLPT_COLUMN)) columns.add((m[1] ?? m[2])!);
  const sidMatch = GKMLPT_SID.exec(html);
  const sid = sidMatch?.[1] ?? sidMatch?.[2];
  if (!columns.size || !sid) return [];
  // The platform may sit under a department's path (/qynyncj/gkmlpt/…): its API is next to its pages.
  const prefix = /^(.*?\/gkmlpt\/)/.exec(page.pathname)?.[1] ?? /(\/[\w/-]*?gkmlpt\/)api\//.exec(html)?.[1] ?? '/gkmlpt/';
  return [...columns].map((c) => ({ url: new URL(`${prefix}api/all/${c}?page=1&sid=${sid}`, page.origin).toString(), kind: 'data' as const }));
}

/** Calls that GET a URL written out whole: fetch('…'), $.get/getJSON('…'), axios.get('…'), xhr.open('GET', '…'). */
const GET_CALL = /(?:\bfetch|\$\.(?:get|getJSON)|\baxios(?:\.get)?|\.open\(\s*['"]GET['"]\s*,)\s*\(?\s*(['"`])([^'"`\s]+?)\1\s*(?=[,)])/g;
/** `url: '…'` in an $.ajax options object (taken only when the object does not say POST). */
const URL_OPTION = /\burl\s*:\s*(['"])([^'"\s]+?)\1\s*(?=[,}\r\n])/g;
/** Addresses that serve data rather than pages, scripts or styles. */
const DATA_PATH = /\.(json|xml|jsp|do|action|ashx|php|aspx)(\?|$)|\/api\/|\/interface\/|dataproxy|[?&](page|pageNo|pageIndex|columnId|channelId|catId)=/i;

function literalDataUrls(html: string, pageUrl: string): PageRequest[] {
  const page = new URL(pageUrl);
  const scripts = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]!);
  const out = new Map<string, PageRequest>();
  const consider = (raw: string) => {
    if (/^(javascript|data):|\$\{|\{\{/.test(raw) || /\.(js|css|html?|png|jpe?g|gif)(\?|$)/i.test(raw) || !DATA_PATH.test(raw)) return;
    let u: URL;
    try {
      u = new URL(raw, page);
    } catch {
      return;
    }
    if (u.host !== page.host || !/^https?:$/.test(u.protocol)) return;
    u.hash = '';
    out.set(u.toString(), { url: u.toString(), kind: 'data' });
  };
  for (const script of scripts) {
    for (const m of script.matchAll(GET_CALL)) consider(m[2]!);
    for (const m of script.matchAll(URL_OPTION)) {
      const around = script.slice(Math.max(0, m.index - 200), m.index + 200);
      if (!/type\s*:\s*['"]post['"]|method\s*:\s*['"]post['"]/i.test(around)) consider(m[2]!);
    }
  }
  return [...out.values()];
}

/** The list requests a shell page's sources reveal (none when they reveal nothing usable without running them). */
export function readShellSources(html: string, pageUrl: string): PageRequest[] {
  const seen = new Set<string>();
  return [...gkmlptRequests(html, pageUrl), ...literalDataUrls(html, pageUrl)].filter((r) => !seen.has(r.url) && seen.add(r.url));
}
