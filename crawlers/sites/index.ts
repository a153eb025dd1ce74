// The site modules: sites that need more than the YAML registry's name, region and entry URLs — a configuration,
// and optionally their own readers for list or detail pages in place of their CMS pattern's.
import { generic } from '../patterns/generic.js';
import { withInlineReport } from '../patterns/inline-report.js';
import type { Pattern } from '../patterns/pattern.js';
import type { SiteConfig } from '../types.js';
import beijingHaidian from './beijing-haidian.js';
import beijingMiyun from './beijing-miyun.js';

export interface SiteModule {
  site: SiteConfig;
  /** Readers this site replaces (a comment in the module names the fixture that shows why). */
  pattern?: Partial<Pattern>;
}

export const SITE_MODULES: SiteModule[] = [
  // 海淀's 年报 columns show the newest report in the column page itself: test/crawlers/sites/beijing-haidian/list-1.html.
  { site: beijingHaidian, pattern: { readList: withInlineReport((page) => generic.readList(page, beijingHaidian)) } },
  { site: beijingMiyun },
];

/** The readers a site's module overrides, by site id (none for YAML sites and sites crawled from a start URL). */
export function overridesOf(siteId: string): Partial<Pattern> {
  return SITE_MODULES.find((m) => m.site.id === siteId)?.pattern ?? {};
}
