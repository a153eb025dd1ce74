// Live progress on stderr, drawn only when it is a terminal: per-site tables while crawling (elsewhere one log line
// per finished site), a bar for work counted in items (an import's files, then its documents); and the crawl's
// summary table printed at the end.
import type { SiteCrawlSummary } from '../domain/run-report.js';
import { formatTable } from './format-table.js';

export function summaryTable(sites: SiteCrawlSummary[]): string {
  return formatTable(
    ['site', 'status', 'pages', 'reports', 'new', 'changed', 'unchanged', 'errors', 'MB', 'seconds', 'note'],
    sites.map((s) => [
      s.siteId,
      s.status,
      s.pages,
      s.reportsFound,
      s.documentsNew,
      s.documentsChanged,
      s.documentsUnchanged,
      s.errors,
      Math.round((s.bytesDownloaded / 1048576) * 10) / 10,
      Math.round(s.durationMs / 100) / 10,
      s.message ??
        (Object.keys(s.errorsByOutcome).length
          ? Object.entries(s.errorsByOutcome)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')
          : ''),
    ]),
  );
}

export class Progress {
  private readonly state = new Map<string, SiteCrawlSummary>();
  private timer: NodeJS.Timeout | undefined;
  private lines = 0;

  /** Draws only on a terminal; elsewhere each finished site is a log line (crawlers/run.ts). */
  constructor(private readonly tty: boolean) {}

  update = (s: SiteCrawlSummary) => {
    this.state.set(s.siteId, s);
    if (this.tty && !this.timer) this.timer = setInterval(() => this.draw(), 500);
  };

  private draw(): void {
    const rows = [...this.state.values()].map((s) => [s.siteId, s.pages, s.reportsFound, s.documentsNew + s.documentsChanged, s.errors]);
    const text = formatTable(['site', 'pages', 'reports', 'new', 'errors'], rows);
    if (this.lines) process.stderr.write(`\x1b[${this.lines}A\x1b[J`);
    process.stderr.write(`${text}\n`);
    this.lines = text.split('\n').length;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.tty && this.lines) process.stderr.write(`\x1b[${this.lines}A\x1b[J`);
  }
}

/** A one-line bar on stderr for work counted in items; `total` null counts without a bar. Silent unless `tty`. */
export class ProgressBar {
  private shown = '';
  private last = 0;

  constructor(
    private readonly tty: boolean,
    private readonly width = 30,
  ) {}

  update(label: string, done: number, total: number | null, now = Date.now()): void {
    if (!this.tty) return;
    // Redrawn at most ten times a second, and always when done.
    if (now - this.last < 100 && done !== total) return;
    this.last = now;
    const bar =
      total && total > 0 ? `${'█'.repeat(Math.round((this.width * Math.min(done, total)) / total)).padEnd(this.width, '░')} ${done}/${total}` : `${done}`;
    const line = `${label} ${bar}`;
    if (line !== this.shown) process.stderr.write(`\r\x1b[K${line}`);
    this.shown = line;
  }

  stop(): void {
    if (this.tty && this.shown) process.stderr.write('\r\x1b[K');
    this.shown = '';
  }
}
