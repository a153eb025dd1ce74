// robots.txt per origin, fetched once per crawl, read as RFC 9309 says: a 4xx file allows everything; a server
// error, a 429 or no answer at all (timeout, refused connection) means "unreachable": crawl nothing there. A
// Crawl-delay is honoured up to MAX_CRAWL_DELAY_MS (a site asking for hours would stall the whole run).
import { createRequire } from 'node:module';
import { FetchError } from '../errors.js';

// robots-parser is CommonJS (module.exports = fn); its typings declare a default export ESM does not see.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (
  url: string,
  txt: string,
) => { isAllowed(url: string, ua?: string): boolean | undefined; getCrawlDelay(ua?: string): number | undefined };

/** The longest pause between requests a Crawl-delay line can impose on one host. */
export const MAX_CRAWL_DELAY_MS = 30_000;

export type RobotsFetch = (url: string) => Promise<{ status: number; body: string } | { error: FetchError }>;

export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** Why nothing may be fetched from this origin (robots.txt unreachable), or null. */
  unreachable: FetchError | null;
  /** The Crawl-delay for our user agent in ms, capped at MAX_CRAWL_DELAY_MS; 0 when none. */
  delayMs: number;
}

export class RobotsCache {
  private readonly cache = new Map<string, Promise<RobotsRules>>();

  constructor(
    private readonly userAgent: string,
    private readonly fetchRobots: RobotsFetch,
  ) {}

  /** The rules of `url`'s origin, fetching its robots.txt the first time. */
  rulesFor(url: string): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    let entry = this.cache.get(origin);
    if (!entry) {
      entry = this.load(origin);
      this.cache.set(origin, entry);
    }
    return entry;
  }

  private async load(origin: string): Promise<RobotsRules> {
    const robotsUrl = `${origin}/robots.txt`;
    const res = await this.fetchRobots(robotsUrl).catch((err: unknown) => ({ error: new FetchError('network_error', (err as Error).message) }));
    const closed = (why: FetchError): RobotsRules => ({
      isAllowed: () => false,
      // The robots.txt outcome is the page's outcome too: a private address stays private_address, a hang a timeout.
      unreachable: new FetchError(why.outcome, `robots.txt unreachable (${why.message}): RFC 9309 says crawl nothing`, why.httpStatus),
      delayMs: 0,
    });
    if ('error' in res) {
      // No answer (timeout, refused or reset connection) is RFC 9309's "unreachable". A robots.txt gongkai itself
      // refuses to fetch (private address, redirect off the site, too large) is "unavailable", like a 4xx: the pages
      // then meet the same refusal on their own, under their own outcome.
      if (res.error.outcome === 'timeout' || res.error.outcome === 'network_error') return closed(res.error);
      return { isAllowed: () => true, unreachable: null, delayMs: 0 };
    }
    if (res.status >= 500 || res.status === 429) return closed(new FetchError('http_error', `HTTP ${res.status}`, res.status));
    if (res.status >= 400) return { isAllowed: () => true, unreachable: null, delayMs: 0 };
    const parser = robotsParser(robotsUrl, res.body);
    const delay = parser.getCrawlDelay(this.userAgent);
    return {
      isAllowed: (u: string) => parser.isAllowed(u, this.userAgent) !== false,
      unreachable: null,
      delayMs: typeof delay === 'number' && Number.isFinite(delay) && delay > 0 ? Math.min(MAX_CRAWL_DELAY_MS, Math.round(delay * 1000)) : 0,
    };
  }
}
