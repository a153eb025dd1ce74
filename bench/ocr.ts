// bench/ocr: generated reports printed by Chromium, scanned (replica/scan-report.ts) at 100, 150 and 200 dpi in three
// states — clean, scan (noise, 1–2° skew, JPEG 60), sealed (a red seal over the tables, noise, skew, JPEG 40) — and
// wrapped as image-only PDFs, then read by the whole pipeline (pdf.js raster → OCR → decoder → confidence gate).
// Prints, per dpi and state, the table cells exact / wrong / null against the truth (wrong must be 0), the narrative
// figures read wrong, seconds per page and the process's peak memory. Needs Chromium.
// Run: npm run bench -- ocr   (OCR_REPORTS=50, OCR_FIRST=0; OCR_RUNS="150:clean,scan,sealed 100:scan 200:scan")
import { chromium } from 'playwright-core';
import { readReport } from '../pipeline/read-report.js';
import { generateReport, type ReportSpec, rng } from '../replica/generate-report.js';
import { degrade, imagePdf, type ScanFont, scanPages } from '../replica/scan-report.js';

const AGENCIES = [
  '北京市通州区永乐店镇人民政府',
  '北京市朝阳区人民政府',
  '上海市浦东新区卫生健康委员会',
  '北京市海淀区教育委员会',
  '江苏省南京市鼓楼区宁海路街道办事处',
  '河南省信阳市平桥区平昌关镇人民政府',
];
/** Township to district scales: cells hold 1 to 5 digits, signed changes and amounts. */
const SCALES = [
  { applications: 6, decisions: 40 },
  { applications: 40, decisions: 600 },
  { applications: 400, decisions: 8000 },
  { applications: 3000, decisions: 60000 },
];
const STATES = ['clean', 'scan', 'sealed'] as const;
type State = (typeof STATES)[number];

function specOf(i: number): { spec: ReportSpec; font: ScanFont } {
  const spec = generateReport(5000 + i, AGENCIES[i % AGENCIES.length]!, 2019 + (i % 6), SCALES[i % SCALES.length]);
  return { spec, font: Math.floor(i / 2) % 2 === 0 ? 'serif' : 'sans' };
}

/** What the overview paragraphs state (replica/render-report.ts overviewText), for the narrative figures. */
function narrativeTruth(f: Record<string, number>): Record<string, number> {
  return {
    'n.proactive_items': 100 + ((f['t2.penalty.decisions'] ?? 0) % 900),
    'n.applications_received': f['t3.new_received.total']!,
    'n.applications_closed': f['t3.total.total']!,
    'n.applications_carried_forward': f['t3.carried_forward.total']!,
    'n.review_total': f['t4.review.total']!,
    'n.litigation_total': (f['t4.litigation_direct.total'] ?? 0) + (f['t4.litigation_after_review.total'] ?? 0),
  };
}

async function scanned(pages: Buffer[], dpi: number, state: State, i: number): Promise<Buffer> {
  const r = rng(9000 + i);
  const skew = (r() < 0.5 ? -1 : 1) * (1 + r());
  const jpegs: Buffer[] = [];
  for (const [p, png] of pages.entries()) {
    const d =
      state === 'clean'
        ? { jpeg: 95 }
        : state === 'scan'
          ? { noise: 8, skew, jpeg: 60, seed: i * 10 + p }
          : { noise: 12, skew, jpeg: 40, seed: i * 10 + p, ...(p > 0 ? { seal: { x: 0.45 + 0.3 * r(), y: 0.25 + 0.3 * r() } } : {}) };
    jpegs.push(await degrade(png, dpi, d));
  }
  return imagePdf(jpegs, dpi);
}

interface Tally {
  reports: number;
  pages: number;
  cells: number;
  exact: number;
  wrong: number;
  nulls: number;
  narrative: number;
  narrativeWrong: number;
  seconds: number;
  /** CPU seconds of this process (all its threads): what a page costs whatever else the machine runs. */
  cpu: number;
  wrongCells: string[];
}

export async function benchOcr(): Promise<Record<string, number | string>> {
  const count = Number(process.env.OCR_REPORTS ?? 50);
  // A range of the reports (OCR_FIRST=20 OCR_REPORTS=10: reports 20–29), to spread one run over several processes.
  const first = Number(process.env.OCR_FIRST ?? 0);
  const runs = (process.env.OCR_RUNS ?? '150:clean,scan,sealed 100:scan 200:scan').split(/\s+/).map((s) => {
    const [dpi, states] = s.split(':');
    return { dpi: Number(dpi), states: (states ?? 'scan').split(',') as State[] };
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const tallies = new Map<string, Tally>();
  try {
    for (const { dpi, states } of runs) {
      for (let i = first; i < first + count; i++) {
        const { spec, font } = specOf(i);
        const pages = await scanPages(browser, spec, { dpi, font });
        for (const state of states) {
          const pdf = await scanned(pages, dpi, state, i);
          const t0 = performance.now();
          const c0 = process.cpuUsage();
          const { report } = await readReport(pdf, { timeoutMs: 600_000 });
          const seconds = (performance.now() - t0) / 1000;
          const c = process.cpuUsage(c0);
          const id = `${dpi} dpi ${state}`;
          const t = tallies.get(id) ?? {
            reports: 0,
            pages: 0,
            cells: 0,
            exact: 0,
            wrong: 0,
            nulls: 0,
            narrative: 0,
            narrativeWrong: 0,
            seconds: 0,
            cpu: 0,
            wrongCells: [],
          };
          t.reports++;
          t.pages += pages.length;
          t.seconds += seconds;
          t.cpu += (c.user + c.system) / 1e6;
          for (const [key, truth] of Object.entries(spec.facts)) {
            const v = report.facts[key];
            t.cells++;
            if (v === null || v === undefined) t.nulls++;
            else if (v === truth) t.exact++;
            else {
              t.wrong++;
              t.wrongCells.push(`r${i} ${key} read ${v} printed ${truth}`);
            }
          }
          for (const [key, truth] of Object.entries(narrativeTruth(spec.facts))) {
            const v = report.facts[key];
            if (v === null || v === undefined) continue;
            t.narrative++;
            if (v !== truth) {
              t.narrativeWrong++;
              t.wrongCells.push(`r${i} ${key} read ${v} stated ${truth}`);
            }
          }
          tallies.set(id, t);
        }
        process.stderr.write(
          `${i - first + 1}/${count} ${dpi} dpi ${[...tallies].map(([id, t]) => `${id}: ${t.exact}/${t.cells} exact ${t.wrong + t.narrativeWrong} wrong`).join('; ')}\n`,
        );
      }
    }
  } finally {
    await browser.close();
  }
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(2)}%`;
  const head = ['run', 'reports', 'pages', 'table cells', 'exact', 'wrong', 'null', 'narrative read', 'narrative wrong', 'wall s/page', 'CPU s/page'];
  const rows = [...tallies].map(([id, t]) => [
    id,
    String(t.reports),
    String(t.pages),
    String(t.cells),
    `${t.exact} (${pct(t.exact, t.cells)})`,
    String(t.wrong),
    `${t.nulls} (${pct(t.nulls, t.cells)})`,
    String(t.narrative),
    String(t.narrativeWrong),
    (t.seconds / t.pages).toFixed(2),
    (t.cpu / t.pages).toFixed(2),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((x, c) => x.padEnd(widths[c]!)).join(' | ')} |`;
  process.stdout.write(`${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
  for (const t of tallies.values()) for (const w of t.wrongCells) process.stdout.write(`wrong: ${w}\n`);
  const all = [...tallies.values()];
  return {
    reports_per_run: count,
    wrong_numbers: all.reduce((s, t) => s + t.wrong + t.narrativeWrong, 0),
    seconds_per_page_wall: (
      all.reduce((s, t) => s + t.seconds, 0) /
      Math.max(
        1,
        all.reduce((s, t) => s + t.pages, 0),
      )
    ).toFixed(2),
    cpu_seconds_per_page: (
      all.reduce((s, t) => s + t.cpu, 0) /
      Math.max(
        1,
        all.reduce((s, t) => s + t.pages, 0),
      )
    ).toFixed(2),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
