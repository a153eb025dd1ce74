// bench/scale: gongkai at national scale on one machine, every figure beside its floor measured in the same run —
// the crawl of ≥ 300 sites against the busiest host's politeness bound (embedded, and Postgres with 1 and 3
// workers), bulk loading against COPY of the same rows, and the parse of the same reports against htmlparser2's,
// `gongkai reparse --all` on N archived reports on 1 core and on every core (SCALE_PARTS=reparse, SCALE_REPARSE_DOCS), and
// the PDF read against pdf.js's text extraction of the same PDFs (SCALE_PARTS=pdf, SCALE_PDF_DOCS).
// Run: npm run bench -- scale (SCALE_SITES, SCALE_DELAY_MS, SCALE_LOAD_DOCS, SCALE_PARSE_ROUNDS, SCALE_PARTS=crawl,load,reparse,pdf to choose).
import os from 'node:os';
import { benchCrawlScale } from './scale/crawl-scale.js';
import { benchLoadScale } from './scale/load-scale.js';
import { benchPdfScale } from './scale/pdf-scale.js';
import { benchReparseScale } from './scale/reparse-scale.js';
import { startScaleChild } from './scale/processes.js';

export async function benchScale(): Promise<Record<string, number | string>> {
  const count = Number(process.env.SCALE_SITES ?? 300);
  const delayMs = Number(process.env.SCALE_DELAY_MS ?? 1000);
  const parts = new Set((process.env.SCALE_PARTS ?? 'crawl,load').split(','));
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const figures: Record<string, number | string> = { 'load average (1 min) at start': os.loadavg()[0]!.toFixed(2), cores: os.availableParallelism() };
  if (parts.has('crawl')) {
    const replica = await startScaleChild(count, delayMs, 3_600_000);
    try {
      Object.assign(figures, await benchCrawlScale(replica, delayMs, databaseUrl));
    } finally {
      await replica.close();
    }
  }
  if (parts.has('load')) Object.assign(figures, await benchLoadScale(databaseUrl));
  if (parts.has('pdf')) Object.assign(figures, await benchPdfScale());
  if (parts.has('reparse')) Object.assign(figures, await benchReparseScale(databaseUrl));
  figures['load average (1 min) at end'] = os.loadavg()[0]!.toFixed(2);
  return figures;
}
