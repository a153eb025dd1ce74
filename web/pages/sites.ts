// Site health and runs: every registered site's last crawl (site_health), those needing attention first, and the
// last collection runs with their counts.
import type { RunRow } from '../../db/queries/browse.js';
import { SITE_HEALTH_COLUMNS } from '../../export/research-views.js';
import { type Html, html } from '../html.js';

const SHOWN = ['site_id', 'name', 'region_code', 'last_status', 'last_crawl', 'reports_found', 'best_before', 'pages', 'errors', 'problem'];

const cellText = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 16).replace('T', ' ') : v === null || v === undefined ? '' : String(v));

export function sitesPage(health: Record<string, unknown>[], runs: RunRow[]): Html {
  const columns = SITE_HEALTH_COLUMNS.filter((c) => SHOWN.includes(c.name));
  return html`<h1>Sites and runs</h1>
<h2>Site health</h2>
<p class="lede">${health.filter((h) => h.needs_attention).length} of ${health.length} sites need attention: blocked, failing, or no reports although they had some before (usually a redesign).</p>
<table class="sites" id="site-health"><thead><tr>${columns.map((c) => html`<th title="${c.description}">${c.name}</th>`)}</tr></thead><tbody>
${health.map(
  (h) => html`<tr class="${h.needs_attention ? 'attention' : 'ok'}" data-site="${h.site_id}">${columns.map((c) => html`<td>${cellText(h[c.name])}</td>`)}</tr>`,
)}
</tbody></table>
<h2>Last runs</h2>
<table class="runs" id="runs"><thead><tr><th>run</th><th>kind</th><th>trigger</th><th>started (UTC)</th><th>minutes</th><th>status</th><th>documents new</th><th>changed</th><th>reports loaded</th><th>failed documents</th><th>site errors</th></tr></thead><tbody>
${runs.map(
  (r) =>
    html`<tr class="${r.status}"><td>${r.id}</td><td>${r.kind}</td><td>${r.trigger}</td><td>${cellText(r.startedAt)}</td><td class="n">${
      r.finishedAt ? ((r.finishedAt.getTime() - r.startedAt.getTime()) / 60000).toFixed(1) : ''
    }</td><td>${r.status}</td><td class="n">${r.counts.documentsNew ?? ''}</td><td class="n">${r.counts.documentsChanged ?? ''}</td><td class="n">${
      r.counts.inserted === undefined ? '' : (r.counts.inserted ?? 0) + (r.counts.updated ?? 0)
    }</td><td class="n">${r.counts.failedDocuments ?? ''}</td><td class="n">${r.errors}</td></tr>`,
)}
</tbody></table>`;
}
