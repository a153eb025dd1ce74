// The CMS patterns by the name a site's configuration gives (`pattern:`), and the pattern a site is crawled with:
// its CMS's, with whatever its own module overrides. Pure.
import type { SiteConfig } from '../types.js';
import { generic } from './generic.js';
import { gkmlpt } from './gkmlpt.js';
import { hanweb } from './hanweb.js';
import type { Pattern } from './pattern.js';
import { trs } from './trs.js';

/** 'json-api' is the older name of gkmlpt-style JSON lists; 'browser' sites render their lists, then read them like any. */
export const CMS_PATTERNS: Record<SiteConfig['pattern'], Pattern> = { generic, trs, hanweb, gkmlpt, 'json-api': gkmlpt, browser: generic };

/** The site's CMS pattern with the site module's own readers in place of the CMS's where it has them. */
export function patternOf(site: SiteConfig, overrides: Partial<Pattern> = {}): Pattern {
  return { ...CMS_PATTERNS[site.pattern], ...overrides };
}
