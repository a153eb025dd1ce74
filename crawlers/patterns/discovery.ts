// The readers every CMS pattern shares for lists built in the browser: a shell page's sources (shell-sources.ts) and
// list API responses found by discovery (data-records.ts). A site module may replace either. Pure.
import { readDataResponse } from './data-records.js';
import type { Pattern } from './pattern.js';
import { readShellSources } from './shell-sources.js';

export const discoveryReaders: Pick<Pattern, 'readShell' | 'readData'> = {
  readShell: (page) => readShellSources(page.text, page.url),
  readData: (page, base) => readDataResponse(page.text, base),
};
