// Fills a database with the parser's report cases (test/pipeline/reports/*) as if the crawler had archived them:
// a documents row and a source row per case, then the real loader. Fast, and covers both templates, blank cells,
// negative changes, pre-2019 reports and tables-as-images.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DbHandle } from '../../db/client.js';
import type { DocumentContext } from '../../db/queries/reports.js';
import { type LoadItem, loadReport } from '../../pipeline/load/load-report.js';
import type { ParsedReport } from '../../pipeline/types.js';
import { cases, parseCase, primarySource, REPORTS_DIR } from './report-cases.js';

/** The report cases archived (their documents and sources rows), parsed and ready to load, in order. */
export async function archiveCases(handle: DbHandle, edit: (name: string, report: ParsedReport) => void = () => {}): Promise<(LoadItem & { name: string })[]> {
  const items: (LoadItem & { name: string })[] = [];
  for (const [i, name] of cases.entries()) {
    const dir = path.join(REPORTS_DIR, name);
    const file = primarySource(dir);
    const bytes = fs.readFileSync(file);
    const sha256 = crypto.createHash('sha256').update(bytes).update(name).digest('hex');
    const report = await parseCase(dir);
    edit(name, report);
    const url = `http://reports.example/${name}/${path.basename(file)}`;
    const format = file.endsWith('.html') ? 'html' : 'txt';
    const firstSeenAt = new Date(Date.UTC(2026, 0, 1, 0, i));
    await handle.query(
      `insert into documents (sha256, content_type, bytes, format, archive_path, first_seen_at, last_seen_at) values ($1, $2, $3, $4, $5, $6, $6)`,
      [sha256, format === 'html' ? 'text/html' : 'text/plain', bytes.length, format, `${sha256.slice(0, 2)}/${sha256}`, firstSeenAt.toISOString()],
    );
    await handle.query(`insert into document_sources (sha256, url, kind, link_text, first_seen_at, last_seen_at) values ($1, $2, 'detail', $3, $4, $4)`, [
      sha256,
      url,
      report.title,
      firstSeenAt.toISOString(),
    ]);
    const ctx: DocumentContext = {
      sha256,
      archivePath: `${sha256.slice(0, 2)}/${sha256}`,
      contentType: null,
      url,
      kind: 'detail',
      linkText: report.title,
      parentSha256: null,
      meta: {},
      siteRegionCode: null,
      firstSeenAt,
    };
    items.push({ name, ctx, report, status: 'parsed' });
  }
  return items;
}

export async function loadCases(handle: DbHandle, edit: (name: string, report: ParsedReport) => void = () => {}): Promise<string[]> {
  const loaded: string[] = [];
  for (const { name, ctx, report, status } of await archiveCases(handle, edit)) {
    const outcome = await loadReport(handle.db, ctx, report, status);
    if (outcome.action !== 'not_report') loaded.push(name);
  }
  return loaded;
}
