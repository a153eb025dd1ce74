// The scale crawl: `gongkai crawl` of the scale replica's sites (each its own loopback host), a first crawl and a
// nightly re-crawl, against the politeness bound of the busiest host — its requests less one times the delay, plus
// the time its server took to answer them (the crawler waits `delay` after each answer) — with the crawling
// processes' peak RSS: on the embedded database in one process, and on Postgres with 1 and 3 `gongkai worker`s that
// `gongkai crawl --enqueue` hands the sites to (archive only, as the embedded crawl).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { type CliRun, type ScaleChild, runGongkai, startWorkers, withScratchDatabase } from './processes.js';

interface CrawlFigures {
  ms: number;
  peakRssMb: number;
  cpuMs: number;
  /** Load average (1 min) when the crawl ended: the machine is shared. */
  loadAvg: number;
  boundMs: number;
  delayBoundMs: number;
  busiest: string;
  requests: number;
  sitesOk: number;
  reports: number;
  documentsNew: number;
}

const round1 = (ms: number) => Math.round(ms / 100) / 10;

/** The busiest host of the last crawl: the most time its politeness alone forces, with and without its server's time. */
async function busiestHost(replica: ScaleChild, delayMs: number): Promise<Pick<CrawlFigures, 'boundMs' | 'delayBoundMs' | 'busiest'> & { requests: number }> {
  const hits = await replica.hits();
  let best = { boundMs: 0, delayBoundMs: 0, busiest: '', requests: 0 };
  for (const { site } of replica.sites) {
    const n = hits[site.id] ?? 0;
    if (n === 0) continue;
    const boundMs = (n - 1) * delayMs + n * site.latencyMs;
    if (boundMs > best.boundMs)
      best = { boundMs, delayBoundMs: (n - 1) * delayMs, busiest: `${site.id} (${n} requests, ${site.depth} list pages)`, requests: n };
  }
  return best;
}

interface RunReportJson {
  byStatus: Record<string, number>;
  totals: { reportsFound: number; documentsNew: number; sites: number };
}

async function crawlOnce(replica: ScaleChild, delayMs: number, run: () => Promise<CliRun>): Promise<CrawlFigures> {
  await replica.resetHits();
  const r = await run();
  const at = r.stdout.indexOf('{');
  if (at < 0) throw new Error(`gongkai crawl exited ${r.code} without its report: ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(r.stdout.slice(at)) as RunReportJson;
  const b = await busiestHost(replica, delayMs);
  const total = Object.values(await replica.hits()).reduce((s, n) => s + n, 0);
  return {
    ms: r.ms,
    peakRssMb: r.peakRssMb,
    cpuMs: r.cpuMs,
    loadAvg: os.loadavg()[0]!,
    ...b,
    requests: total,
    sitesOk: report.byStatus.ok ?? 0,
    reports: report.totals.reportsFound,
    documentsNew: report.totals.documentsNew,
  };
}

function figuresOf(label: string, first: CrawlFigures, second: CrawlFigures, extraRss?: string): Record<string, string | number> {
  return {
    [`${label}: first crawl s`]: `${round1(first.ms)}  (bound ${round1(first.boundMs)} s: ${first.busiest}; requests × delay alone ${round1(first.delayBoundMs)} s)`,
    [`${label}: first / bound`]: `${Math.round((first.ms / first.boundMs) * 100) / 100}  (target ≤ 1.2; / delay-only bound ${Math.round((first.ms / first.delayBoundMs) * 100) / 100})`,
    [`${label}: first crawl CPU s`]: `${round1(first.cpuMs)}  (${Math.round((first.cpuMs / first.ms) * 100)}% of one core; load average ${first.loadAvg.toFixed(2)} at its end)`,
    [`${label}: first crawl`]: `${first.requests} requests, ${first.sitesOk} sites ok, ${first.reports} reports listed, ${first.documentsNew} documents new`,
    [`${label}: nightly re-crawl s`]: `${round1(second.ms)}  (bound ${round1(second.boundMs)} s: ${second.busiest})`,
    [`${label}: nightly re-crawl CPU s`]: `${round1(second.cpuMs)}  (${Math.round((second.cpuMs / second.ms) * 100)}% of one core; load average ${second.loadAvg.toFixed(2)} at its end)`,
    [`${label}: nightly / bound`]: `${Math.round((second.ms / second.boundMs) * 100) / 100}  (target ≤ 1.2; ${second.requests} requests)`,
    [`${label}: peak RSS MB`]: `${Math.max(first.peakRssMb, second.peakRssMb)}${extraRss ?? ''}  (target < 1500)`,
  };
}

export async function benchCrawlScale(replica: ScaleChild, delayMs: number, databaseUrl: string | undefined): Promise<Record<string, string | number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-scale-'));
  const registry = path.join(dir, 'registry.yaml');
  fs.writeFileSync(registry, stringify({ sites: replica.sites.map((s) => s.config) }));
  const figures: Record<string, string | number> = { sites: replica.sites.length, 'politeness delay ms': delayMs };
  const crawlArgs = ['crawl', '--registry', registry, '--allow-private', '--json'];
  try {
    const embedded = { GONGKAI_DATA_DIR: path.join(dir, 'embedded'), GONGKAI_LOG_LEVEL: 'warn', DATABASE_URL: '' };
    const first = await crawlOnce(replica, delayMs, () => runGongkai(crawlArgs, embedded));
    const second = await crawlOnce(replica, delayMs, () => runGongkai(crawlArgs, embedded));
    Object.assign(figures, figuresOf('embedded, 1 process', first, second));
    if (!databaseUrl) {
      figures.Postgres = 'skipped: set TEST_DATABASE_URL to a server';
      return figures;
    }
    for (const n of [1, 3]) {
      await withScratchDatabase(databaseUrl, `gongkai_bench_scale_${process.pid}_${n}`, async (url) => {
        const env = { GONGKAI_DATA_DIR: path.join(dir, `pg-${n}`), GONGKAI_LOG_LEVEL: 'warn', DATABASE_URL: url };
        await runGongkai(['db', 'migrate'], env);
        // Each worker takes sites up to its share of what one process would crawl at once (256, or every site), so that n
        // workers together keep every host busy, as one `gongkai crawl` does.
        const perWorker = Math.ceil(Math.min(replica.sites.length, 256) / n);
        const workers = await startWorkers(n, ['--allow-private', '--parallel-sites', String(perWorker)], env);
        try {
          const cpu0 = workers.cpuMs();
          const a = await crawlOnce(replica, delayMs, () => runGongkai([...crawlArgs, '--enqueue'], env));
          const cpu1 = workers.cpuMs();
          const b = await crawlOnce(replica, delayMs, () => runGongkai([...crawlArgs, '--enqueue'], env));
          const cpu2 = workers.cpuMs();
          const peaks = workers.peaks();
          // The CPU and RSS figures are the coordinating `gongkai crawl --enqueue`'s; the workers' peaks follow.
          const label = `Postgres, ${n} worker${n > 1 ? 's' : ''} × ${perWorker} sites`;
          Object.assign(figures, figuresOf(label, a, b, `; workers ${peaks.join(' + ')} MB`), {
            [`${label}: workers' CPU s`]: `first crawl ${round1(cpu1 - cpu0)}, nightly re-crawl ${round1(cpu2 - cpu1)}`,
          });
        } finally {
          await workers.stop();
        }
      });
    }
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
