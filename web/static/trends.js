// Draws the trend charts of an agency or district page with uPlot, from the JSON the server put in #trend-data.
(() => {
  const data = JSON.parse(document.getElementById('trend-data').textContent);
  const colors = ['#0550ae', '#2e7d32', '#ef6c00', '#8250df', '#d0021b'];
  for (const chart of data.charts) {
    const el = document.getElementById(chart.id);
    if (!el || data.years.length === 0) continue;
    const percent = Boolean(chart.percent);
    const opts = {
      width: Math.max(320, el.clientWidth || 480),
      height: 240,
      scales: { x: { time: false } },
      axes: [
        { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')) },
        { values: (_u, ticks) => ticks.map((t) => (percent ? `${Math.round(t * 100)}%` : String(t))) },
      ],
      series: [
        { label: 'year' },
        ...chart.series.map(([, label], i) => ({
          label,
          stroke: colors[i % colors.length],
          width: 2,
          points: { show: true, size: 6 },
          value: (_u, v) => (v === null || v === undefined ? '–' : percent ? `${(v * 100).toFixed(1)}%` : String(v)),
        })),
      ],
    };
    new uPlot(opts, [data.years, ...chart.values], el);
    el.dataset.drawn = 'true';
  }
})();
