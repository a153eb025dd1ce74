// robots.txt per host, fetched once per crawl (RFC 9309: a missing file allows everything; a server error means
// "do not crawl" until it answers).
import { createRequire } from 'node:module';

// robots-parser is CommonJS (module.exports = fn); its typings declare a default export ESM does not see.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (
  url: string,
  txt: string,
) => { isAllowed(url: string, ua?: string): boolean | undefined };

export type RobotsFetch = (url: string) => Promise<{ status: number; body: string } | null>;

export class RobotsCache {
  private readonly cache = new Map<string, Promise<{ isAllowed(url: string): boolean }>>();

  constructor(
    private readonly userAgent: string,
    private readonly fetchRobots: RobotsFetch,
  ) {}

  isAllowed(url: string): Promise<boolean> {
    const origin = new URL(url).origin;
    let entry = this.cache.get(origin);
    if (!entry) {
      entry = this.load(origin);
      this.cache.set(origin, entry);
    }
    return entry.then((r) => r.isAllowed(url));
  }

  private async load(origin: string): Promise<{ isAllowed(url: string): boolean }> {
    const robotsUrl = `${origin}/robots.txt`;
    const res = await this.fetchRobots(robotsUrl).catch(() => null);
    // No answer at all (DNS, connection): the pages will fail the same way and be recorded as unreachable, which
    // says more than "disallowed". A server error is RFC 9309's "unreachable": crawl nothing.
    if (!res) return { isAllowed: () => true };
    if (res.status >= 500) return { isAllowed: () => false };
    if (res.status >= 400) return { isAllowed: () => true };
    const parser = robotsParser(robotsUrl, res.body);
    return { isAllowed: (u: string) => parser.isAllowed(u, this.userAgent) !== false };
  }
}
