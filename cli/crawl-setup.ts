// What crawling commands share: the registry to use (default, or --registry FILE), and fetcher settings from the
// configuration.
import fs from 'node:fs';
import type { FetcherOptions } from '../crawlers/fetch/fetcher.js';
import type { Registry } from '../crawlers/registry.js';
import type { Config } from './config.js';
import { UsageError } from './errors.js';

export async function loadSites(registryFile?: string): Promise<Registry> {
  const { loadRegistry, makeRegistry, parseRegistryYaml } = await import('../crawlers/registry.js');
  if (!registryFile) return loadRegistry();
  if (!fs.existsSync(registryFile)) throw new UsageError(`no such registry file: ${registryFile}`);
  return makeRegistry(parseRegistryYaml(fs.readFileSync(registryFile, 'utf8'), registryFile));
}

export async function fetcherOptions(config: Config, allowPrivate: boolean): Promise<FetcherOptions> {
  const { userAgent } = await import('../crawlers/run.js');
  return {
    userAgent: userAgent(config.contactUrl),
    allowPrivate: allowPrivate || config.allowPrivate,
    timeoutMs: config.fetchTimeoutMs,
    maxBytes: config.maxDocumentBytes,
    retries: 3,
    backoffMs: 1000,
  };
}
