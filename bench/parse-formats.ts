// bench/parse-formats: PDF and DOCX reports per second on one core (the twins in test/pipeline/reports), and the
// peak memory of reading a 50-page PDF (made once with LibreOffice, in a child process so RSS is its own).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readReport } from '../pipeline/read-report.js';
import { generateReport } from '../replica/generate-report.js';
import { renderHtml } from '../replica/render-report.js';

const REPORTS = path.resolve('test/pipeline/reports');

async function rate(ext: string): Promise<number> {
  const files = fs
    .readdirSync(REPORTS)
    .map((c) => path.join(REPORTS, c, `source.${ext}`))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f));
  for (const f of files) await readReport(f);
  const rounds = 3;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const f of files) await readReport(f);
  return Math.round(((files.length * rounds * 1000) / (performance.now() - t0)) * 10) / 10;
}

/** A 50-page PDF: twelve reports one after another, converted by LibreOffice (cached in the temp directory). */
function fiftyPagePdf(): string | null {
  const pdf = path.join(os.tmpdir(), 'gongkai-bench-50pages.pdf');
  if (fs.existsSync(pdf)) return pdf;
  if (spawnSync('soffice', ['--version']).status !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
  const bodies = Array.from({ length: 12 }, (_, i) =>
    renderHtml(generateReport(500 + i, '北京市通州区潞城镇人民政府', 2022), { style: 'word' }).replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, ''),
  );
  fs.writeFileSync(
    path.join(dir, 'long.html'),
    `<html><head><meta charset="utf-8"></head><body>${bodies.join('<p style="page-break-before:always"></p>')}</body></html>`,
  );
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', 'long.html'], { cwd: dir, stdio: 'ignore' });
  fs.renameSync(path.join(dir, 'long.pdf'), pdf);
  return pdf;
}

export async function benchParseFormats(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {
    'PDF reports per second': await rate('pdf'),
    'DOCX reports per second': await rate('docx'),
    'DOC reports per second': await rate('doc'),
  };
  const pdf = fiftyPagePdf();
  if (!pdf) return { ...figures, '50-page PDF': 'skipped: LibreOffice (soffice) not installed' };
  const script = `import fs from 'node:fs'; import { readReport } from '${path.resolve('pipeline/read-report.ts')}';
    const t0 = performance.now(); const { doc } = await readReport(fs.readFileSync('${pdf}'));
    console.log(JSON.stringify({ pages: doc.source.pages, ms: performance.now() - t0, maxRssKb: process.resourceUsage().maxRSS }));`;
  const baseline = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import '${path.resolve('pipeline/read-report.ts')}'; console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }))`,
    ],
    { encoding: 'utf8' },
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { pages: number; ms: number; maxRssKb: number };
  const base = JSON.parse(baseline.stdout.trim().split('\n').at(-1)!) as { maxRssKb: number };
  return {
    ...figures,
    '50-page PDF: pages': out.pages,
    '50-page PDF: seconds': Math.round(out.ms / 100) / 10,
    '50-page PDF: peak RSS MB': Math.round(out.maxRssKb / 1024),
    'same process without reading: RSS MB': Math.round(base.maxRssKb / 1024),
  };
}
