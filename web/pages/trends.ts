// Trends for an agency or a district: applications received, the share granted in full or in part, and the outcomes
// of administrative reconsideration and lawsuits, year by year — as charts (uPlot, static/trends.js) and as the
// table of the same numbers, each year linked to its report.
import type { TrendFigure, TrendPoint } from '../../db/queries/browse.js';
import { type Html, html, jsonData } from '../html.js';

const FIGURES: [TrendFigure, string][] = [
  ['received', 'applications received (t3.new_received.total)'],
  ['outcomes', 'outcomes in total (t3.total.total)'],
  ['granted', 'disclosed (t3.granted.total)'],
  ['partial', 'partly disclosed (t3.partial.total)'],
  ['reviewUpheld', 'reconsideration: upheld'],
  ['reviewCorrected', 'reconsideration: corrected'],
  ['reviewOther', 'reconsideration: other result'],
  ['reviewPending', 'reconsideration: pending'],
  ['reviewTotal', 'reconsideration: total'],
  ['litigationUpheld', 'lawsuits: upheld'],
  ['litigationCorrected', 'lawsuits: corrected'],
  ['litigationOther', 'lawsuits: other result'],
  ['litigationPending', 'lawsuits: pending'],
  ['litigationTotal', 'lawsuits: total'],
];

/** Granted in full or in part, of all outcomes: null when a part is missing or there were none. */
export function shareGranted(p: TrendPoint): number | null {
  const { granted, partial, outcomes } = p.values;
  if (granted === null || partial === null || !outcomes) return null;
  return (granted + partial) / outcomes;
}

export function trendsPage(title: string, subtitle: Html, points: TrendPoint[], kind: 'agency' | 'district'): Html {
  const years = points.map((p) => p.year);
  const series = (f: TrendFigure) => points.map((p) => p.values[f]);
  const charts = [
    {
      id: 'chart-applications',
      title: 'Applications received and outcomes',
      series: [
        ['received', 'received'],
        ['outcomes', 'outcomes'],
      ],
    },
    {
      id: 'chart-share',
      title: 'Share granted (disclosed in full or in part, of all outcomes)',
      series: [['share', 'share granted']],
      percent: true,
    },
    {
      id: 'chart-review',
      title: 'Administrative reconsideration by result',
      series: [
        ['reviewUpheld', 'upheld'],
        ['reviewCorrected', 'corrected'],
        ['reviewOther', 'other'],
        ['reviewPending', 'pending'],
      ],
    },
    {
      id: 'chart-litigation',
      title: 'Lawsuits by result',
      series: [
        ['litigationUpheld', 'upheld'],
        ['litigationCorrected', 'corrected'],
        ['litigationOther', 'other'],
        ['litigationPending', 'pending'],
      ],
    },
  ];
  const data = {
    years,
    charts: charts.map((c) => ({
      ...c,
      values: c.series.map(([f]) => (f === 'share' ? points.map((p) => shareGranted(p)) : series(f as TrendFigure))),
    })),
  };
  return html`<h1>${title}</h1>
<p class="lede">${subtitle}</p>
${points.length === 0 ? html`<p>No report found yet.</p>` : ''}
<div class="charts">${charts.map((c) => html`<figure class="chart"><figcaption>${c.title}</figcaption><div id="${c.id}" class="plot"></div></figure>`)}</div>
${jsonData('trend-data', data)}
<h2>The numbers</h2>
<table class="trend" id="trend-table"><thead><tr><th>year</th>${kind === 'agency' ? html`<th>report</th><th>grade</th>` : html`<th>reports</th>`}<th>share granted</th>${FIGURES.map(
    ([, label]) => html`<th>${label}</th>`,
  )}</tr></thead><tbody>
${points.map((p) => {
  const share = shareGranted(p);
  return html`<tr data-year="${p.year}"><th scope="row">${p.year}</th>${
    kind === 'agency' ? html`<td><a href="/report/${p.reportId}">${p.reportId}</a></td><td>${p.grade}</td>` : html`<td class="n">${p.reports}</td>`
  }<td class="n" data-figure="share">${share === null ? '' : `${(100 * share).toFixed(1)}%`}</td>${FIGURES.map(
    ([f]) => html`<td class="n" data-figure="${f}">${p.values[f] ?? ''}</td>`,
  )}</tr>`;
})}
</tbody></table>
<p class="hint">${kind === 'district' ? 'Sums over the current reports of the district’s agencies that have the figure; a report without it adds nothing. ' : ''}An empty cell is a figure the report does not have or that could not be read.</p>`;
}

/** The index of trends: districts and agencies to pick from. */
export function trendsIndex(districts: { code: string | null; name: string | null }[], agencies: { key: string; name: string }[], q: string): Html {
  return html`<h1>Trends</h1>
<h2>Districts</h2><ul class="cols">${districts.filter((d) => d.code).map((d) => html`<li><a href="/district/${d.code}">${d.name}</a></li>`)}</ul>
<h2>Agencies</h2>
<form method="get" action="/trends"><label>Name contains <input name="q" value="${q}"></label> <button type="submit">Find</button></form>
<ul class="cols">${agencies.map((a) => html`<li><a href="/agency/${encodeURIComponent(a.key)}">${a.name}</a></li>`)}</ul>`;
}
