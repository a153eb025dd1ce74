// Crawler traps among a site's list pages: links that lead on for ever without leading to new reports. A path that
// repeats its own segments (/a/b/a/b/a/b/, relative links resolved again and again), dates far in the future or
// before any report existed, a calendar (pages that differ only in a date, day after day), a number that only grows
// (page=1, 2, 3 … past any real list), and session ids (the same page under a new id on every visit: stripped, so
// the page is seen once). The crawl asks before it queues a list page; a trap is recorded, not followed. Pure: the
// time is passed in.

/** Query parameters and path parameters that carry a session, not a page. */
const SESSION_PARAM = /^(jsessionid|phpsessid|sessionid|session_id|sessid|aspsessionid\w*|cfid|cftoken|sid_session)$/i;

/** The URL without session ids (`;jsessionid=…` in the path, session parameters in the query). */
export function stripSessionIds(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  u.pathname = u.pathname.replace(/;(jsessionid|phpsessid|sessionid)=[^/?#]*/gi, '');
  for (const key of [...u.searchParams.keys()]) if (SESSION_PARAM.test(key)) u.searchParams.delete(key);
  return u.toString();
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Dates written in a URL: 2024-05-01, 2024/05/01, 20240501, 2024-05, year=2024&month=5 … as [year, month, day]. */
function datesIn(url: URL): [number, number, number][] {
  const text = decoded(`${url.pathname}${url.search}`);
  const out: [number, number, number][] = [];
  for (const m of text.matchAll(/(?<!\d)((?:1[89]|2\d)\d{2})[-/_.]?(0[1-9]|1[0-2])(?:[-/_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)/g)) {
    // Eight digits or a separated date: a bare six-digit run (202401) is often an id, so it needs a separator.
    const separated = /[-/_.]/.test(m[0]);
    if (!separated && !m[3]) continue;
    out.push([Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 1]);
  }
  const year = Number(url.searchParams.get('year') ?? url.searchParams.get('y') ?? NaN);
  const month = Number(url.searchParams.get('month') ?? url.searchParams.get('m') ?? NaN);
  if (Number.isInteger(year) && year > 1000 && Number.isInteger(month) && month >= 1 && month <= 12) out.push([year, month, 1]);
  return out;
}

/** The URL with its dates and numbers made generic: pages of one list (or one calendar) share a shape. */
function shapeOf(url: URL): { shape: string; dated: boolean } {
  const raw = decoded(
    `${url.host}${url.pathname}?${[...url.searchParams.keys()]
      .sort()
      .map((k) => `${k}=${url.searchParams.get(k)}`)
      .join('&')}`,
  );
  const dated = datesIn(url).length > 0;
  const shape = raw
    .replace(/(?<!\d)(?:1[89]|2\d)\d{2}[-/_.]?(?:0[1-9]|1[0-2])(?:[-/_.]?(?:0[1-9]|[12]\d|3[01]))?(?!\d)/g, 'DATE')
    .replace(/\d+/g, '#')
    .replace(/[0-9a-f]{16,}/gi, '*');
  return { shape, dated };
}

export interface TrapLimits {
  /** List pages of one shape (page=#) before the growing number is a trap. */
  pagesPerShape: number;
  /** List pages of one shape that differ only in a date before it is a calendar. */
  datedPagesPerShape: number;
  /** Segments of a path. */
  pathSegments: number;
}

export const TRAP_LIMITS: TrapLimits = { pagesPerShape: 500, datedPagesPerShape: 60, pathSegments: 20 };

/** One site crawl's watch for traps. */
export class TrapDetector {
  private readonly shapes = new Map<string, Set<string>>();
  /** The traps seen: reason → how many links were not followed, and the first of them. */
  readonly seen = new Map<string, { count: number; first: string }>();

  constructor(
    private readonly now: Date,
    private readonly limits: TrapLimits = TRAP_LIMITS,
  ) {}

  /** Why following this list page would walk into a trap, or null (the page is then counted). */
  judge(url: string): string | null {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return null;
    }
    const reason = this.reasonFor(u);
    if (reason) {
      const s = this.seen.get(reason);
      if (s) s.count++;
      else this.seen.set(reason, { count: 1, first: url });
    }
    return reason;
  }

  private reasonFor(u: URL): string | null {
    const segments = u.pathname.split('/').filter(Boolean);
    if (segments.length > this.limits.pathSegments) return `a path of more than ${this.limits.pathSegments} segments`;
    const counts = new Map<string, number>();
    for (const s of segments) counts.set(s, (counts.get(s) ?? 0) + 1);
    const repeated = [...counts].find(([, n]) => n >= 3);
    if (repeated) return `a path that repeats "${repeated[0]}"`;
    const latest = this.now.getTime() + 31 * 86_400_000;
    for (const [y, m, d] of datesIn(u)) {
      const t = Date.UTC(y, m - 1, d);
      if (t > latest) return 'dates more than a month in the future';
      if (y < 1990) return 'dates before 1990';
    }
    const { shape, dated } = shapeOf(u);
    const pages = this.shapes.get(shape) ?? new Set<string>();
    this.shapes.set(shape, pages);
    pages.add(u.toString());
    if (dated && pages.size > this.limits.datedPagesPerShape) return `a calendar: more than ${this.limits.datedPagesPerShape} pages that differ only in a date`;
    if (pages.size > this.limits.pagesPerShape) return `a number that only grows: more than ${this.limits.pagesPerShape} pages of one list`;
    return null;
  }

  /** The traps as one line for the site's record, or null when none was met. */
  summary(): string | null {
    if (this.seen.size === 0) return null;
    return `trap: ${[...this.seen].map(([reason, s]) => `${reason} (${s.count} links not followed, first ${s.first})`).join('; ')}`;
  }
}
