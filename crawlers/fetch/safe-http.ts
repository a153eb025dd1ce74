// One HTTP exchange, made safe for crawling the open web: only http(s); hosts checked against the site's domains
// on every redirect hop; private, loopback and link-local addresses refused at connect time (the DNS answer is
// checked, so a name cannot be re-pointed between check and use) unless allowed; bodies capped while streaming;
// redirect loops and timeouts reported as such. Retries live in fetch-with-retry.ts.
import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, request } from 'undici';
import { FetchError } from '../errors.js';
import { decodeBody } from './decode-body.js';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpOptions {
  timeoutMs: number;
  maxBytes: number;
  allowPrivate: boolean;
  /** Hosts (host or host:port) whose URLs may be fetched, including after redirects. */
  isAllowedHost: (host: string) => boolean;
  maxRedirects?: number;
  /**
   * Connect every request to this loopback address (`127.0.0.1:PORT`) whatever the URL's host, in plain HTTP: the
   * replica of real sites serves them under their own host names (https URLs included) from one local server.
   * Requires allowPrivate; never set for the open web.
   */
  connectTo?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  finalUrl: string;
  redirects: string[];
}

const PUBLIC_RANGES = new Set(['unicast']);

/**
 * True for every address that is not public unicast, including IPv4 addresses carried inside IPv6 in any spelling:
 * IPv4-compatible (::127.0.0.1, deprecated, all of ::/96 refused), IPv4-mapped (::ffff:a.b.c.d), SIIT
 * (::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and 6to4 (2002:AABB:CCDD::), whose IPv4 part is judged;
 * Teredo (2001::/32) hides its IPv4 behind an XOR and is refused whole.
 */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return !PUBLIC_RANGES.has(parsed.range());
  const v6 = parsed as ipaddr.IPv6;
  const p = v6.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (p.slice(0, 6).every((x) => x === 0)) return true; // ::/96: unspecified, loopback, IPv4-compatible
  if (p.slice(0, 5).every((x) => x === 0) && p[5] === 0xffff) return isPrivateAddress(v4(p[6]!, p[7]!).toString());
  if (p.slice(0, 4).every((x) => x === 0) && p[4] === 0xffff && p[5] === 0) return isPrivateAddress(v4(p[6]!, p[7]!).toString());
  if (p[0] === 0x64 && p[1] === 0xff9b && (p[2] === 1 || p.slice(2, 6).every((x) => x === 0))) return isPrivateAddress(v4(p[6]!, p[7]!).toString());
  if (p[0] === 0x2002) return isPrivateAddress(v4(p[1]!, p[2]!).toString());
  if (p[0] === 0x2001 && p[1] === 0) return true;
  return !PUBLIC_RANGES.has(v6.range());
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return (callback as (e: Error | null, a: string, f: number) => void)(err, '', 4);
    const list = addresses as unknown as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad) {
      const e = new Error(`${hostname} resolves to the private address ${bad.address}`) as NodeJS.ErrnoException;
      e.code = 'EPRIVATE';
      return (callback as (e: Error | null, a: string, f: number) => void)(e, '', 4);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    return (callback as (e: null, a: string, f: number) => void)(null, list[0]!.address, list[0]!.family);
  });
};

const publicAgent = new Agent({ connect: { lookup: guardedLookup }, keepAliveTimeout: 4000 });
const anyAgent = new Agent({ keepAliveTimeout: 4000 });
const loopbackAgents = new Map<string, Agent>();

/** An agent whose every connection goes to `address` (host:port on loopback), TLS left out. */
function loopbackAgent(address: string): Agent {
  let agent = loopbackAgents.get(address);
  if (!agent) {
    const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
    if (!isPrivateAddress(host) || !Number.isInteger(port)) throw new Error(`connectTo must be a loopback host:port, not ${address}`);
    agent = new Agent({
      keepAliveTimeout: 4000,
      connect: (_opts, callback) => {
        const socket = net.connect({ host, port });
        socket.once('connect', () => callback(null, socket));
        socket.once('error', (err) => callback(err, null));
      },
    });
    loopbackAgents.set(address, agent);
  }
  return agent;
}

function headersOf(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function causeCode(err: unknown): string | undefined {
  let e = err as { code?: string; cause?: unknown } | undefined;
  for (let i = 0; e && i < 5; i++) {
    if (e.code && e.code !== 'UND_ERR_CONNECT') return e.code;
    e = e.cause as typeof e;
  }
  return (err as { code?: string })?.code;
}

export async function httpFetch(req: HttpRequest, options: HttpOptions): Promise<HttpResponse> {
  const redirects: string[] = [];
  const seen = new Set<string>();
  let url = req.url;
  let method = req.method ?? 'GET';
  let body = req.body;
  const maxRedirects = options.maxRedirects ?? 8;
  for (;;) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new FetchError('unsupported', `not a URL: ${url}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FetchError('unsupported', `only http(s) is fetched, not ${parsed.protocol}`);
    if (!options.isAllowedHost(parsed.host)) throw new FetchError('off_site', `${parsed.host} is not one of the site's domains`);
    const literal = parsed.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate && isPrivateAddress(literal)) throw new FetchError('private_address', `${literal} is a private or loopback address`);
    if (seen.has(url)) throw new FetchError('redirect_loop', `redirect loop: ${[...seen, url].join(' → ')}`);
    seen.add(url);

    let res;
    try {
      res = await request(url, {
        method,
        headers: req.headers,
        body: method === 'POST' ? body : undefined,
        dispatcher: options.connectTo && options.allowPrivate ? loopbackAgent(options.connectTo) : options.allowPrivate ? anyAgent : publicAgent,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        signal: AbortSignal.timeout(options.timeoutMs * 2),
      });
    } catch (err) {
      const code = causeCode(err);
      if (code === 'EPRIVATE')
        throw new FetchError('private_address', (err as Error).cause ? String(((err as Error).cause as Error).message) : (err as Error).message);
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || (err as Error).name === 'TimeoutError' || code === 'ETIMEDOUT') {
        throw new FetchError('timeout', `no response within ${options.timeoutMs} ms`);
      }
      throw new FetchError('network_error', `${code ?? (err as Error).name}: ${(err as Error).message}`);
    }
    const headers = headersOf(res.headers as Record<string, string | string[] | undefined>);
    if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304 && headers.location) {
      await res.body.dump().catch(() => {});
      if (redirects.length >= maxRedirects) throw new FetchError('redirect_loop', `more than ${maxRedirects} redirects from ${req.url}`);
      const next = new URL(headers.location, url).toString();
      redirects.push(next);
      url = next;
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      continue;
    }
    const declared = Number(headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      res.body.destroy();
      throw new FetchError('too_large', `${declared} bytes declared, over the limit of ${options.maxBytes}`, res.statusCode);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > options.maxBytes) {
          res.body.destroy();
          throw new FetchError('too_large', `more than ${options.maxBytes} bytes`, res.statusCode);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      if (err instanceof FetchError) throw err;
      const code = causeCode(err);
      if (code === 'UND_ERR_BODY_TIMEOUT' || (err as Error).name === 'TimeoutError')
        throw new FetchError('timeout', `body not received within ${options.timeoutMs} ms`);
      throw new FetchError('network_error', `${code ?? (err as Error).name}: ${(err as Error).message}`);
    }
    // Archived bytes are the document, not its transfer encoding.
    const decoded = decodeBody(Buffer.concat(chunks), headers['content-encoding'], options.maxBytes, res.statusCode);
    return { status: res.statusCode, headers, body: decoded, finalUrl: url, redirects };
  }
}
