// The front page: what the database holds, in a few numbers, and where to look next.
import type { Status } from '../../db/queries/status.js';
import { type Html, html } from '../html.js';

export function homePage(s: Status): Html {
  const t = s.totals;
  return html`<h1>gongkai</h1>
<p class="lede">Annual reports on government information disclosure (政府信息公开工作年度报告), read into numbers that each point
back to where they were printed.</p>
<ul class="totals">
<li><strong>${t.currentReports}</strong> agency-years from <strong>${t.agencies}</strong> agencies (${t.versions} report versions, ${t.facts} facts)</li>
<li><strong>${t.documents}</strong> documents archived, ${t.pending} waiting to be read, ${t.unreadable} unreadable</li>
<li><strong>${s.attention.length}</strong> sites need attention</li>
</ul>
<ul class="next">
<li><a href="/coverage">Coverage</a>: every expected agency × year, found or missing</li>
<li><a href="/trends">Trends</a>: applications, share granted, reconsideration and lawsuits, by agency or district</li>
<li><a href="/findings">Findings</a>: what validation found, by rule, each linked to its report and numbers</li>
<li><a href="/sites">Sites and runs</a>: which sites to look at after a nightly run</li>
<li><a href="/sql">SQL</a>: one read-only statement over the research views, as a table or CSV</li>
</ul>`;
}
