// npm run bench -- hostile [--scale=0.25]: each document of the hostile corpus (replica/hostile.ts) read through the
// parse pool with the product's limits: how it ended, the time to that end, and the peak RSS of this process (the
// pool's threads live in it) while it was read. Figures only; the tests hold the behaviour.
import { createParsePool } from '../jobs/parse-pool.js';
import { hostileDocuments } from '../replica/hostile.js';

export async function benchHostile(): Promise<Record<string, string>> {
  const scaleArg = process.argv.find((a) => a.startsWith('--scale='));
  const scale = scaleArg ? Number(scaleArg.slice('--scale='.length)) : 1;
  const pool = createParsePool({ threads: 1 });
  const figures: Record<string, string> = { scale: String(scale), 'memory cap per thread (MB)': '384', 'deadline (ms)': '60000' };
  // A first document loads the thread (not counted in any row).
  await pool.read(Buffer.from('<html><body><p>warm-up</p></body></html>'));
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let overall = 0;
  try {
    for (const d of hostileDocuments(scale)) {
      peak = process.memoryUsage().rss;
      const r = await pool.read(d.bytes);
      peak = Math.max(peak, process.memoryUsage().rss);
      overall = Math.max(overall, peak);
      const outcome = r.ok ? `read (grade ${r.report.grade})` : `${r.reason}${r.code ? `/${r.code}` : ''}`;
      figures[`${d.id} (${Math.round(d.bytes.length / 1024)} KB)`] = `${outcome} in ${r.ms} ms, peak RSS ${Math.round(peak / 1048576)} MB`;
    }
  } finally {
    clearInterval(sampler);
    await pool.close();
  }
  figures['peak RSS over the corpus (MB)'] = String(Math.round(overall / 1048576));
  return figures;
}
