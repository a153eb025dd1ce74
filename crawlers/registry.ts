// Loads the site registry: the YAML list plus the TypeScript site modules, each checked by defineSite; refuses
// duplicate ids and lists disabled sites with their reasons.
import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { defineSite } from './define-site.js';
import { SiteConfigError } from './errors.js';
import { SITE_MODULES } from './sites/index.js';
import type { SiteConfig } from './types.js';

const YamlFile = z.strictObject({ sites: z.array(z.record(z.string(), z.unknown())) });

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Parses registry YAML text into checked site configurations. */
export function parseRegistryYaml(text: string, file = 'registry.yaml'): SiteConfig[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new SiteConfigError(`${file}: not valid YAML: ${(err as Error).message}`);
  }
  const file_ = YamlFile.safeParse(data);
  if (!file_.success) throw new SiteConfigError(`${file}: expected a top-level "sites:" list`);
  return file_.data.sites.map((raw) => defineSite(Object.fromEntries(Object.entries(raw).map(([k, v]) => [camel(k), v])) as never));
}

export interface Registry {
  sites: SiteConfig[];
  get(id: string): SiteConfig | undefined;
  enabled(): SiteConfig[];
  disabled(): SiteConfig[];
}

export function makeRegistry(sites: SiteConfig[]): Registry {
  const byId = new Map<string, SiteConfig>();
  for (const s of sites) {
    if (byId.has(s.id)) throw new SiteConfigError(`site ${s.id} is defined twice`);
    byId.set(s.id, s);
  }
  const sorted = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  return {
    sites: sorted,
    get: (id) => byId.get(id),
    enabled: () => sorted.filter((s) => !s.disabled),
    disabled: () => sorted.filter((s) => Boolean(s.disabled)),
  };
}

/** gongkai's default registry: crawlers/sites/registry.yaml and the site modules. */
export function loadRegistry(yamlPath = new URL('./sites/registry.yaml', import.meta.url)): Registry {
  const text = fs.readFileSync(yamlPath, 'utf8');
  return makeRegistry([...parseRegistryYaml(text), ...SITE_MODULES.map((m) => m.site)]);
}
