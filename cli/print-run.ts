// The run summary people read after `gongkai run`, `demo` and scheduled runs.
import type { RunReport } from '../domain/run-report.js';
import { terminalSafe } from './terminal-text.js';
import { formatTable } from './format-table.js';
import { summaryTable } from './progress.js';

export function printRun(r: RunReport): string {
  const c = r.crawl.totals;
  const p = r.process;
  const lines = [
    `run ${r.runId} (${r.plan.trigger}): ${r.status}, ${Math.round(r.durationMs / 1000)} s`,
    '',
    summaryTable(r.crawl.sites),
    '',
    `sites      ${Object.entries(r.crawl.byStatus)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
    `documents  ${c.documentsNew} new, ${c.documentsChanged} changed, ${c.documentsUnchanged} unchanged (${Math.round((c.bytesDownloaded / 1048576) * 10) / 10} MB downloaded)`,
    `loaded     ${p.documents} documents read: ${p.loaded.inserted} reports new, ${p.loaded.updated} updated, ${p.loaded.unchanged} unchanged, ${p.notReport} not reports, ${p.failed} unreadable (${p.killed} ended their reading thread, ${p.quarantined} quarantined), ${p.needsOcr} need OCR; ${p.facts} facts${p.left ? `; ${p.left} left for the next run` : ''}`,
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
