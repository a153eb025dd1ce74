// defineSite(): checks a site's configuration with zod and fills in the defaults; errors name the site and field.
import { SiteConfigSchema, type SiteConfig, type SiteConfigInput } from './types.js';
import { SiteConfigError } from './errors.js';

/** Is `host` one of the site's hosts or a subdomain of one (case-insensitive)? */
export function isSiteHost(hosts: readonly string[], host: string): boolean {
  const h = host.toLowerCase();
  return hosts.some((d) => h === d || h.endsWith(`.${d}`));
}

export function defineSite(input: SiteConfigInput): SiteConfig {
  const parsed = SiteConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const id = typeof (input as { id?: unknown }).id === 'string' ? (input as { id: string }).id : '(no id)';
    throw new SiteConfigError(`site ${id}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const site = parsed.data;
  // URL hosts are lower case (WHATWG URL lowers them): registry hosts are too, whatever case they were written in.
  site.hosts = [...new Set((site.hosts.length ? site.hosts : site.entry.map((u) => new URL(u).host)).map((h) => h.toLowerCase()))];
  const outside = site.entry.find((u) => !isSiteHost(site.hosts, new URL(u).host));
  if (outside) throw new SiteConfigError(`site ${site.id}: entry ${outside} is on none of its hosts (${site.hosts.join(', ')})`);
  if ((site.pattern === 'json-api' || site.pattern === 'gkmlpt') && !site.api)
    throw new SiteConfigError(`site ${site.id}: pattern ${site.pattern} needs "api"`);
  return site;
}
