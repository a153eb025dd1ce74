// bench/parse: HTML reports per second on one core, and the ratio to the floor (cheerio.load of the same documents
// alone). Prints figures; asserts nothing. Run: npm run bench -- parse
import * as cheerio from 'cheerio';
import { readReport } from '../pipeline/read-report.js';
import { generateReport } from '../replica/generate-report.js';
import { renderHtml } from '../replica/render-report.js';

export async function benchParse(): Promise<Record<string, number | string>> {
  const docs: Buffer[] = [];
  for (let i = 0; i < 200; i++) {
    const spec = generateReport(1000 + i, i % 2 ? '北京市通州区潞城镇人民政府' : '北京市密云区发展和改革委员会', 2019 + (i % 6), {
      applications: 50,
      decisions: 2000,
    });
    docs.push(Buffer.from(renderHtml(spec, { style: i % 3 === 0 ? 'word' : 'plain', chrome: i % 2 === 0 })));
  }
  const bytes = docs.reduce((s, d) => s + d.length, 0);
  // Warm up both paths (JIT, region index).
  for (const d of docs.slice(0, 20)) {
    await readReport(d);
    cheerio.load(d.toString('utf8'));
  }
  const rounds = 3;
  // CPU time beside wall time: on a loaded machine the wall clock counts other processes' turns, the CPU time does not.
  const cpuS = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const d of docs) cheerio.load(d.toString('utf8'));
  const floorMs = (performance.now() - t0) / rounds;
  const floorCpu = cpuS(process.cpuUsage(cpu0));
  cpu0 = process.cpuUsage();
  t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const d of docs) await readReport(d);
  const parseMs = (performance.now() - t0) / rounds;
  const parseCpu = cpuS(process.cpuUsage(cpu0));
  return {
    documents: docs.length,
    'mean document KB': Math.round(bytes / docs.length / 102.4) / 10,
    'reports per second': Math.round((docs.length / parseMs) * 1000),
    'cheerio.load per second (floor)': Math.round((docs.length / floorMs) * 1000),
    'ratio to floor': Math.round((parseMs / floorMs) * 100) / 100,
    'ratio to floor by CPU time': Math.round((parseCpu / floorCpu) * 100) / 100,
  };
}
