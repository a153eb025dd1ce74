// npm run bench -- hostile [--scale=0.25] [--postgres=URL]: each document of the hostile corpus (replica/hostile.ts)
// read through the parse pool with the product's limits: how it ended, the time to that end, and the peak RSS of this
// process (the pool's threads live in it) while it was read; then the corpus through the real `gongkai run`
// executable (twice) on the embedded database, and on a fresh database of the Postgres server given: exit code, wall
// and CPU time, peak RSS of its whole process tree. Figures only; the tests hold the behaviour.
import postgres from 'postgres';
import { createParsePool } from '../jobs/parse-pool.js';
import { hostileDocuments } from '../replica/hostile.js';
import { runHostileCli } from './hostile-run.js';

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
  Object.assign(figures, await benchHostileCli(scale));
  return figures;
}

const MB = 1048576;

/** The corpus through `gongkai run`, as a user runs it, on each backend: per run, its end, time and the tree's peak RSS. */
async function benchHostileCli(scale: number): Promise<Record<string, string>> {
  const figures: Record<string, string> = {};
  const server = process.argv.find((a) => a.startsWith('--postgres='))?.slice('--postgres='.length);
  for (const backend of server ? ['pglite', 'postgres'] : ['pglite']) {
    let databaseUrl: string | undefined;
    const name = `gongkai_bench_hostile_${Date.now().toString(36)}`;
    if (backend === 'postgres') {
      const admin = postgres(server!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${name}"`).finally(() => admin.end());
      const u = new URL(server!);
      u.pathname = `/${name}`;
      databaseUrl = u.toString();
    }
    try {
      const { runs } = await runHostileCli({ scale, databaseUrl, runs: 2 });
      runs.forEach((r, i) => {
        const p = r.report?.process;
        const outcome = r.report ? `exit ${r.code}, ${r.report.status}, ${p!.documents} read, ${p!.failed} failed` : `exit ${r.code ?? r.signal}, no report`;
        const parts = r.atPeak.map((x) => `${x.name} ${Math.round(x.rss / MB)}`).join(' + ');
        figures[`gongkai run ${i + 1} [${backend}]`] =
          `${outcome} in ${r.ms} ms (CPU ${Math.round(r.cpuMs)} ms), peak tree RSS ${Math.round(r.peakRss / MB)} MB (${parts})`;
      });
    } finally {
      if (backend === 'postgres') {
        const admin = postgres(server!, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop database if exists "${name}" with (force)`).finally(() => admin.end());
      }
    }
  }
  return figures;
}
