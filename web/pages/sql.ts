// The read-only SQL page: one statement, checked and run like `gongkai query` (db/readonly), the rows as a table
// (the first 1,000) and the whole result as CSV.
import { type Html, html, query } from '../html.js';

export const SHOWN_ROWS = 1000;

const EXAMPLES = [
  `select agency, year, template, grade, "t3.new_received.total", "t3.granted.total" from report_panel order by region_code, agency, year limit 50`,
  `select year, status, count(*) from coverage group by 1, 2 order by 1, 2`,
  `select rule, severity, count(*) from findings group by 1, 2 order by 3 desc`,
];

const cellText = (v: unknown) =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);

export function sqlPage(sql: string, result: { columns: string[]; rows: Record<string, unknown>[] } | null, error: string | null): Html {
  return html`<h1>SQL</h1>
<p class="lede">One read-only statement (SELECT, WITH … SELECT, VALUES, TABLE), checked with the Postgres parser and run in a read-only
transaction that is rolled back — never on a login that can write. The views: <code>report_panel</code>, <code>report_facts_long</code>,
<code>coverage</code>, <code>findings</code>, <code>site_health</code>; docs/querying.md and the codebook describe them.</p>
<form method="get" action="/sql" class="sql"><textarea name="q" rows="6" spellcheck="false" aria-label="SQL">${sql}</textarea>
<p><button type="submit">Run</button> ${sql ? html`<a id="csv" href="/sql.csv${query({ q: sql })}">download the result as CSV</a>` : ''}</p></form>
${error ? html`<p class="error" id="sql-error">${error}</p>` : ''}
${
  result
    ? html`<p id="sql-count">${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${result.rows.length > SHOWN_ROWS ? `, the first ${SHOWN_ROWS} shown` : ''}</p>
<div class="scroll"><table class="result" id="sql-result"><thead><tr>${result.columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>
${result.rows
  .slice(0, SHOWN_ROWS)
  .map((r) => html`<tr>${result.columns.map((c) => html`<td${typeof r[c] === 'number' ? html` class="n"` : ''}>${cellText(r[c])}</td>`)}</tr>`)}
</tbody></table></div>`
    : html`<h2>Examples</h2><ul>${EXAMPLES.map((e) => html`<li><a href="/sql${query({ q: e })}"><code>${e}</code></a></li>`)}</ul>`
}`;
}
