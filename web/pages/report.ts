// The report page: every statutory table as printed with each number linked to its source (shown beside it: the
// archived page with the cell highlighted, the PDF page with the cell's box, or the text as gongkai read it), the
// other figures, the findings, the versions, and the archived file to download.
import type { ReportDetail } from '../../db/queries/report-detail.js';
import { KEY_BY_NAME } from '../../domain/codebook.js';
import { formTables, OTHER_KEYS } from '../../domain/form-layout.js';
import { GRADE_MEANINGS, type Grade } from '../../domain/values.js';
import { type Html, html } from '../html.js';

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6))));

export function sourceHref(reportId: number, key: string): string {
  return `/report/${reportId}/source/${encodeURIComponent(key)}`;
}

export function reportPage(d: ReportDetail): Html {
  const facts = new Map(d.facts.map((f) => [f.key, f]));
  const flagged = new Set(d.findings.filter((f) => f.severity !== 'info').flatMap((f) => f.keys));
  const value = (key: string | null): Html => {
    if (!key) return html`<td class="none"></td>`;
    const f = facts.get(key);
    if (!f) return html`<td class="absent" title="not in this report"></td>`;
    const shown = f.value === null ? '∅' : fmt(f.value);
    const title = `${KEY_BY_NAME.get(key)?.label ?? key}${f.raw !== null ? ` — read from: ${f.raw}` : ''}`;
    return html`<td class="n${flagged.has(key) ? ' flag' : ''}${f.value === null ? ' null' : ''}"><a class="v" href="${sourceHref(d.id, key)}" target="source" data-key="${key}" title="${title}">${shown}</a></td>`;
  };
  const tables = formTables(d.template as never);
  const other = OTHER_KEYS.filter((k) => facts.has(k));
  return html`<div class="report-page">
<section class="report">
<h1>${d.agency.name} ${d.year}</h1>
<p class="meta">report ${d.id} · version ${d.version}${d.isCurrent ? ' (current)' : html` (<strong>not current</strong>)`} · form ${d.template} ·
<span class="grade grade-${d.grade}" title="${GRADE_MEANINGS[d.grade as Grade] ?? ''}">grade ${d.grade}</span>: ${GRADE_MEANINGS[d.grade as Grade] ?? ''}</p>
<p class="meta">agency key <code>${d.agency.key ?? ''}</code> · <a href="/agency/${encodeURIComponent(d.agency.key ?? '')}">trends</a> · parser ${d.parserVersion}${d.publishedAt ? ` · published ${d.publishedAt}` : ''}</p>
${d.title ? html`<p class="title">${d.title}</p>` : ''}
<p class="document">Document <code title="${d.document.sha256}">${d.document.sha256.slice(0, 16)}…</code> (${d.document.format}, ${d.document.bytes.toLocaleString('en')} bytes):
<a id="download" href="/document/${d.document.sha256}/download">download the archived file</a> ·
found at ${d.urls.map((u, i) => html`${i ? ', ' : ''}<a href="${u.url}" rel="noreferrer noopener" target="_blank">${u.url}</a>`)}</p>
<p class="hint">Click a number to see where it was read. ∅ is a cell that was blank, a dash or unreadable (its finding says which); an empty cell is one the form does not have.</p>
${tables.length ? '' : html`<p>No statutory tables: a ${d.template} report.</p>`}
${tables.map(
  (t, i) => html`${i === 0 || t.title !== tables[i - 1]!.title ? html`<h2>${t.title}</h2>` : ''}
<table class="form" id="table-${t.id}"><thead><tr><th></th>${t.columns.map((c) => html`<th>${c.label}</th>`)}</tr></thead><tbody>
${t.rows.map((r) => html`<tr><th scope="row">${r.label}</th>${r.keys.map(value)}</tr>`)}
</tbody></table>`,
)}
${
  other.length
    ? html`<h2>Other figures</h2><table class="form" id="table-other"><tbody>${other.map(
        (k) => html`<tr><th scope="row">${KEY_BY_NAME.get(k)?.label ?? k} <code>${k}</code></th>${value(k)}</tr>`,
      )}</tbody></table>`
    : ''
}
<h2>Findings (${d.findings.length})</h2>
${
  d.findings.length
    ? html`<ul class="findings">${d.findings.map(
        (f) =>
          html`<li class="${f.severity}"><span class="sev">${f.severity}</span> <code>${f.rule}</code> ${f.message}${
            f.keys.length ? html` — ${f.keys.map((k, i) => html`${i ? ', ' : ''}<a href="${sourceHref(d.id, k)}" target="source">${k}</a>`)}` : ''
          }</li>`,
      )}</ul>`
    : html`<p>None.</p>`
}
<h2>Versions of ${d.agency.name} ${d.year}</h2>
<table class="versions"><thead><tr><th>report</th><th>version</th><th>current</th><th>grade</th><th>format</th><th>parser</th><th>document</th></tr></thead><tbody>
${d.versions.map(
  (v) =>
    html`<tr${v.id === d.id ? html` class="chosen"` : ''}><td><a href="/report/${v.id}">${v.id}</a></td><td>${v.version}</td><td>${v.isCurrent ? 'yes' : ''}</td><td>${v.grade}</td><td>${v.format}</td><td>${v.parserVersion}</td><td><a href="/document/${v.sha256}/download"><code>${v.sha256.slice(0, 12)}</code></a></td></tr>`,
)}
</tbody></table>
</section>
<aside class="source"><iframe name="source" id="source" title="the source of the number" src="about:blank"></iframe></aside>
</div>`;
}
