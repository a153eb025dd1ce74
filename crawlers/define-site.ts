// defineSite(): checks a site's configuration with zod and fills in the defaults; errors name the site and field.
import { SiteConfigSchema, type SiteConfig, type SiteConfigInput } from './types.js';
import { SiteConfigError } from './errors.js';

export function defineSite(input: SiteConfigInput): SiteConfig {
  const parsed = SiteConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const id = typeof (input as { id?: unknown }).id === 'string' ? (input as { id: string }).id : '(no id)';
    throw new SiteConfigError(`site ${id}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const site = parsed.data;
  if (site.domains.length === 0) site.domains = [...new Set(site.entry.map((u) => new URL(u).host))];
  if ((site.pattern === 'json-api' || site.pattern === 'gkmlpt') && !site.api)
    throw new SiteConfigError(`site ${site.id}: pattern ${site.pattern} needs "api"`);
  return site;
}
