// The run summary people read after `gongkai run`, `crawl`, `demo` and scheduled runs: per-site counts, then each
// site that failed or was read only in part with the reason, then documents, grades and findings.
import { type CrawlReport, isSiteFailure, type RunReport } from '../domain/run-report.js';
import { terminalSafe } from './terminal-text.js';
import { formatTable } from './format-table.js';
import { summaryTable } from './progress.js';

/** Sites whose crawl failed or was partial, with why: what an operator has to look at. */
function problems(crawl: CrawlReport): string[] {
  const bad = crawl.sites.filter((s) => isSiteFailure(s.status) || s.status === 'partial');
  if (!bad.length) return [];
  return [
    '',
    'site errors',
    formatTable(
      ['site', 'status', 'why'],
      bad.map((s) => [s.siteId, s.status, s.message ?? '']),
    ),
  ];
}

const statusLine = (crawl: CrawlReport) =>
  Object.entries(crawl.byStatus)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');

/** What `gongkai crawl` prints: the sites, their problems, and the totals. */
export function printCrawl(c: CrawlReport, status: RunReport['status']): string {
  const t = c.totals;
  const lines = [
    summaryTable(c.sites),
    ...problems(c),
    '',
    `run ${c.runId}: ${status}; ${t.sites} sites (${statusLine(c)}), ${t.reportsFound} reports listed, documents ${t.documentsNew} new / ${t.documentsChanged} changed / ${t.documentsUnchanged} unchanged, ${t.errors} errors`,
  ];
  return terminalSafe(`${lines.join('\n')}\n`);
}

export function printRun(r: RunReport): string {
  const c = r.crawl.totals;
  const p = r.process;
  const lines = [
    `run ${r.runId} (${r.plan.trigger}): ${r.status}, ${Math.round(r.durationMs / 1000)} s`,
    '',
    summaryTable(r.crawl.sites),
    ...problems(r.crawl),
    '',
    `sites      ${statusLine(r.crawl)}`,
    `documents  ${c.documentsNew} new, ${c.documentsChanged} changed, ${c.documentsUnchanged} unchanged (${Math.round((c.bytesDownloaded / 1048576) * 10) / 10} MB downloaded)`,
    `loaded     ${p.documents} documents read: ${p.loaded.inserted} reports new, ${p.loaded.updated} updated, ${p.loaded.unchanged} unchanged, ${p.loaded.copies} copies of a loaded report, ${p.notReport} not reports, ${p.failed} unreadable (${p.killed} ended their reading thread, ${p.quarantined} quarantined), ${p.needsOcr} need OCR; ${p.facts} facts${p.left ? `; ${p.left} left for the next run` : ''}`,
    `grades     ${['A', 'B', 'C', 'D', 'F'].map((g) => `${g} ${p.byGrade[g] ?? 0}`).join(', ')}`,
  ];
  if (r.stopped) lines.splice(1, 0, `stopped    ${r.stopped}`);
  if (p.failures.length) {
    lines.push('', 'documents not read');
    lines.push(
      formatTable(
        ['document', 'found at', 'outcome', 'why'],
        p.failures.map((f) => [f.sha256.slice(0, 12), f.url ?? '', f.action, f.reason]),
      ),
    );
  }
  const rules = Object.entries(p.byRule).slice(0, 10);
  if (rules.length) {
    lines.push('', 'findings (errors and warnings)');
    lines.push(formatTable(['rule', 'reports'], rules));
  }
  if (r.attention.length) {
    lines.push('', 'sites needing attention');
    lines.push(
      formatTable(
        ['site', 'problem', 'last crawl'],
        r.attention.map((a) => [a.siteId, a.problem, a.lastCrawl]),
      ),
    );
  }
  return terminalSafe(`${lines.join('\n')}\n`);
}
