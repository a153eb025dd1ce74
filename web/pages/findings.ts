// The findings browser: what validation found on current reports, by rule and severity, and for one rule every
// finding with its report and the numbers it is about (each linked to its source).
import type { FindingCount, FindingRow } from '../../db/queries/browse.js';
import { type Html, html, query } from '../html.js';
import { sourceHref } from './report.js';

export const FINDINGS_SHOWN = 500;

export function findingsPage(counts: FindingCount[], rule: string | null, rows: FindingRow[]): Html {
  const chosen = counts.filter((c) => c.rule === rule);
  const total = chosen.reduce((n, c) => n + c.findings, 0);
  return html`<h1>Findings</h1>
<p class="lede">What validation found on the current reports: an <em>error</em> means the numbers cannot all be right, a
<em>warning</em> a likely problem or a difference of scope, <em>info</em> a remark. docs/parsed-report.md describes each rule.</p>
<table class="summary" id="finding-counts"><thead><tr><th>rule</th><th>severity</th><th>findings</th><th>reports</th></tr></thead><tbody>
${counts.map(
  (c) =>
    html`<tr class="${c.rule === rule ? 'chosen' : ''}" data-rule="${c.rule}" data-severity="${c.severity}"><td><a href="/findings${query({ rule: c.rule })}"><code>${c.rule}</code></a></td><td class="sev-${c.severity}">${c.severity}</td><td class="n">${c.findings}</td><td class="n">${c.reports}</td></tr>`,
)}
</tbody></table>
${counts.length === 0 ? html`<p>No finding on any current report.</p>` : ''}
${
  rule
    ? html`<h2><code>${rule}</code>: ${total} finding${total === 1 ? '' : 's'}${total > FINDINGS_SHOWN ? `, the first ${FINDINGS_SHOWN} shown` : ''}</h2>
<table class="findings-list" id="findings"><thead><tr><th>agency</th><th>year</th><th>grade</th><th>severity</th><th>what was found</th><th>numbers</th></tr></thead><tbody>
${rows.map(
  (f) =>
    html`<tr data-report="${f.reportId}"><td><a href="/report/${f.reportId}">${f.agency}</a></td><td>${f.year}</td><td>${f.grade}</td><td class="sev-${f.severity}">${f.severity}</td><td>${f.message}</td><td>${f.keys.map(
      (k, i) => html`${i ? ', ' : ''}<a href="${sourceHref(f.reportId, k)}" data-key="${k}">${k}</a>`,
    )}</td></tr>`,
)}
</tbody></table>`
    : ''
}`;
}
