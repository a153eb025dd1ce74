// Is a page a JavaScript shell — a page whose list is built by scripts after it loads, so that reading its HTML finds
// nothing? Judged from the page alone (no configuration): little text but empty list containers, scripts that fetch
// data, the markers of gkmlpt, Vue, React, Nuxt and their kin, or a 年报 column (by the link that led to it, its title
// or its path) with no report links.
// Pure.

export interface ShellContext {
  /** Report entries the page's HTML gave (a page that lists reports needs no browser). */
  items: number;
  /** Further list pages its HTML gave. */
  next: number;
  /** The text of the link that led here, when a link did. */
  linkText?: string;
}

export interface ShellVerdict {
  isShell: boolean;
  /**
   * The page is a report column (a 年报 link led here, or its title or path says 年报): its list is worth the browser
   * at once. Other shells (a platform's home, a menu) are worth it only when the site shows no report elsewhere.
   */
  isReportList: boolean;
  /** What gave it away (for logs and the fetch record). */
  reasons: string[];
}

/** Frameworks and platforms that build pages in the browser. */
const MARKERS: [RegExp, string][] = [
  [/\/gkmlpt\//i, 'gkmlpt'],
  [/window\.__NUXT__|__NUXT__\s*=/, '__NUXT__'],
  [/__INITIAL_STATE__|__PRELOADED_STATE__|__NEXT_DATA__/, 'initial state'],
  [/<div[^>]+id=["'](app|root|__nuxt|__next)["'][^>]*>\s*(<div[^>]*>[^<]{0,20}<\/div>\s*)?<\/div>/i, 'empty app root'],
  [/\sdata-v-[0-9a-f]{6,8}\b|\sv-(for|if|bind|model)=|\s:key=|\{\{[^}]{1,60}\}\}/, 'vue template'],
  [/data-reactroot|\sng-(app|controller|repeat)=/i, 'react/angular'],
  [/<script[^>]+src=["'][^"']*(vue|react|angular|chunk-vendors|umi|app\.[0-9a-f]{6,}|main\.[0-9a-f]{6,})[^"']*\.js/i, 'framework bundle'],
];

/** Scripts that ask the server for data after the page loads. */
const FETCHING = /\bfetch\s*\(|\$\.(ajax|get|getJSON|post)\s*\(|\baxios\b|XMLHttpRequest|\.jpage\s*\(|jsonp|\.load\s*\(\s*['"]/;

/** A list container with nothing in it: <ul id="list"></ul>, an empty <tbody>, <div class="news-list"></div>. */
const EMPTY_LIST =
  /<(ul|ol|tbody|div|table)\b[^>]*(?:id|class)=["'][^"']*(list|news|data|content|items|table|gkml)[^"']*["'][^>]*>\s*<\/\1>|<tbody>\s*<\/tbody>/i;

/** Link texts and page titles of report columns (site-patterns.md §1.2): 年报, 年度报告. */
const REPORT_COLUMN = /年报|年度报告/;
/** Path tokens of report columns (site-patterns.md §1.3). */
const REPORT_PATH = /\/(zfxxgknb|gknb\d{0,4}|\d{4}nb|zfxxgkndbg|ndbg|annualreport|nb)(\/|$|\.|_|#)|xxgkAnnualReport/i;

/** The page's visible text: without scripts, styles, tags and whitespace. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;|&#160;|\s+/g, '');
}

export function judgeShell(html: string, url: string, context: ShellContext): ShellVerdict {
  const no: ShellVerdict = { isShell: false, isReportList: false, reasons: [] };
  if (context.items > 0 || !/<script\b/i.test(html)) return no;
  const reasons: string[] = [];
  for (const [re, name] of MARKERS) if (re.test(html) || (name === 'gkmlpt' && re.test(url))) reasons.push(name);
  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]!).join('\n');
  const fetching = FETCHING.test(scripts);
  if (fetching) reasons.push('fetches data');
  const empty = EMPTY_LIST.test(html);
  if (empty) reasons.push('empty list container');
  // Portal chrome (header, menus, footer) is text too: a page whose own content is missing still has a few hundred
  // characters of it. A page with a real body has thousands.
  const little = visibleText(html).length < 600;
  if (little) reasons.push('little text');
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1] ?? '';
  let path = '';
  try {
    const u = new URL(url);
    path = u.pathname + u.hash;
  } catch {
    // judged without its path
  }
  const reportList =
    REPORT_COLUMN.test((context.linkText ?? '').normalize('NFKC')) || REPORT_COLUMN.test(title.split(/[_|-]/)[0] ?? '') || REPORT_PATH.test(path);
  if (reportList) reasons.push('a report column');
  const markers = reasons.length - (fetching ? 1 : 0) - (empty ? 1 : 0) - (little ? 1 : 0) - (reportList ? 1 : 0);
  const isShell =
    // A framework page with little of its own text, or one that fetches its list.
    (markers > 0 && (little || fetching || empty)) ||
    // Plain scripts that fill an empty list.
    (fetching && empty) ||
    (little && (fetching || empty)) ||
    // The 年报 column that shows no report and has scripts that may build the list. (Little text alone is not enough:
    // a static column whose entries are cut short also shows no report.)
    (reportList && context.next === 0 && (fetching || empty || markers > 0));
  return isShell ? { isShell, isReportList: reportList, reasons } : no;
}
