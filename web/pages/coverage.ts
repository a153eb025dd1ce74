// The coverage page: per district, every expected agency × every year as a heatmap (found by grade, unreadable,
// missing), each found cell linking to its report; filters by district, years, level and status.
import type { CoverageRow, DistrictSummary } from '../../db/queries/browse.js';
import { AGENCY_LEVELS, COVERAGE_STATUSES, GRADE_MEANINGS, type Grade } from '../../domain/values.js';
import { type Html, html, query } from '../html.js';

export interface CoverageFilters {
  district: string | null;
  first: number;
  last: number;
  level?: string;
  status?: string;
}

const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : '–');

function cell(c: CoverageRow['cells'][number], agency: string): Html {
  const title = `${agency} ${c.year}: ${c.status}${c.grade ? `, grade ${c.grade} (${GRADE_MEANINGS[c.grade as Grade] ?? ''})` : ''}${c.versions > 1 ? `, ${c.versions} versions` : ''}`;
  const cls = c.status === 'found' ? `found grade-${c.grade}` : c.status;
  const label = c.status === 'found' ? c.grade : c.status === 'unreadable' ? '!' : '';
  return c.reportId
    ? html`<td class="${cls}" data-year="${c.year}" data-status="${c.status}"><a href="/report/${c.reportId}" title="${title}">${label}</a></td>`
    : html`<td class="${cls}" data-year="${c.year}" data-status="${c.status}" title="${title}">${label}</td>`;
}

export function coveragePage(districts: DistrictSummary[], rows: CoverageRow[], f: CoverageFilters): Html {
  const years = Array.from({ length: f.last - f.first + 1 }, (_, i) => f.first + i);
  const chosen = districts.find((d) => d.code === f.district);
  const totals: Record<string, number> = {};
  for (const c of rows.flatMap((r) => r.cells)) totals[c.status] = (totals[c.status] ?? 0) + 1;
  const all = rows.length * years.length;
  return html`<h1>Coverage</h1>
<p class="lede">Every agency expected to publish an annual report — the townships and subdistricts of each covered district
(GB/T 2260), its government, and the agencies found publishing on its site — for every year. A missing report is a row too:
non-publication is what this measures. <em>Missing</em> means gongkai did not find one.</p>
<form class="filters" method="get" action="/coverage">
  <label>District <select name="district">${districts.map(
    (d) =>
      html`<option value="${d.code ?? ''}"${d.code === f.district ? html` selected` : ''}>${d.name ?? 'agencies of no known district'} (${d.agencies})</option>`,
  )}</select></label>
  <label>Years <input name="from" type="number" min="1990" max="2100" value="${f.first}"> – <input name="to" type="number" min="1990" max="2100" value="${f.last}"></label>
  <label>Level <select name="level"><option value="">all</option>${AGENCY_LEVELS.map((l) => html`<option${l === f.level ? html` selected` : ''}>${l}</option>`)}</select></label>
  <label>With a year <select name="status"><option value="">any</option>${COVERAGE_STATUSES.map((s) => html`<option${s === f.status ? html` selected` : ''}>${s}</option>`)}</select></label>
  <button type="submit">Show</button>
</form>
<table class="summary"><thead><tr><th>district</th><th>agencies</th><th>found</th><th>unreadable</th><th>missing</th><th></th></tr></thead><tbody>
${districts.map(
  (d) =>
    html`<tr${d.code === f.district ? html` class="chosen"` : ''}><td><a href="/coverage${query({ district: d.code, from: f.first, to: f.last })}">${d.name ?? 'no known district'}</a></td><td class="n">${d.agencies}</td><td class="n">${d.found}</td><td class="n">${d.unreadable}</td><td class="n">${d.missing}</td><td>${d.code ? html`<a href="/district/${d.code}">trends</a>` : ''}</td></tr>`,
)}
</tbody></table>
${
  chosen || f.district === null
    ? html`<h2>${chosen?.name ?? 'Agencies of no known district'} ${f.first}–${f.last}</h2>
<p class="counts" data-found="${totals.found ?? 0}" data-unreadable="${totals.unreadable ?? 0}" data-missing="${totals.missing ?? 0}">${rows.length} agencies × ${years.length} years:
found ${totals.found ?? 0} (${pct(totals.found ?? 0, all)}), unreadable ${totals.unreadable ?? 0}, missing ${totals.missing ?? 0} (${pct(totals.missing ?? 0, all)}).</p>
<p class="legend"><span class="found grade-A">A</span> <span class="found grade-B">B</span> <span class="found grade-C">C</span> <span class="found grade-D">D</span> found, by grade ·
<span class="unreadable">!</span> unreadable · <span class="missing"></span> missing</p>
<table class="heatmap" id="heatmap"><thead><tr><th>agency</th><th>level</th><th>expected because</th>${years.map((y) => html`<th>${y}</th>`)}</tr></thead><tbody>
${rows.map(
  (r) =>
    html`<tr data-agency-key="${r.agencyKey}"><th scope="row"><a href="/agency/${encodeURIComponent(r.agencyKey)}">${r.agency}</a>${r.demo ? html` <span class="tag">demo</span>` : ''}</th><td>${r.level ?? ''}</td><td>${r.rosterSource}</td>${r.cells.map((c) => cell(c, r.agency))}</tr>`,
)}
</tbody></table>`
    : html`<p>Choose a district.</p>`
}`;
}
