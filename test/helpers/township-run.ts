// The nightly run of one township's site served by a test's own local server, with OCR's time allowance, and the
// panel.csv it exports: what the OCR end-to-end tests (scanned report, pictures in a report page) share.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { pino } from 'pino';
import { defineSite } from '../../crawlers/define-site.js';
import type { DbHandle } from '../../db/client.js';
import type { RunReport } from '../../domain/run-report.js';
import { exportDatasets } from '../../export/export-datasets.js';
import { collect } from '../../jobs/collect.js';
import { inProcessQueue } from '../../jobs/work-queue.js';
import { CHROMIUM_PATH, TEST_FETCHER, TEST_LIMITS, tempDir } from './replica-crawl.js';

/** Runs the nightly pipeline over one generic site at `origin` (a 通州区 township), reading every page again. */
export function runTownship(handle: DbHandle, dataDir: string, site: { id: string; name: string; origin: string }): Promise<RunReport> {
  const log = pino({ level: 'silent' });
  return collect({
    handle,
    log,
    kind: 'run',
    trigger: 'test',
    // OCR pages on a machine shared with other tests: the default allowance per OCR page, a long base.
    queue: inProcessQueue({ handle, log, dataDir, fetcher: TEST_FETCHER, chromiumPath: CHROMIUM_PATH, limits: { ...TEST_LIMITS, timeoutMs: 300_000 } }),
    sites: [defineSite({ id: site.id, name: site.name, regionCode: '110112', entry: [`${site.origin}/`], pattern: 'generic', delayMs: 0 })],
    recheckAfterMs: 0,
  });
}

/** The rows of panel.csv as `gongkai export` writes it now. */
export async function panelRows(handle: DbHandle): Promise<Record<string, string>[]> {
  const out = tempDir('gongkai-panel-');
  await exportDatasets(handle, { outDir: out, datasets: ['panel'], format: 'csv', bom: false });
  return parse(fs.readFileSync(path.join(out, 'panel.csv')), { columns: true }) as Record<string, string>[];
}
