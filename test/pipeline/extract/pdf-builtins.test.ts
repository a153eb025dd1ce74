// pdf.js's legacy build replaces Array.prototype.push and JSON.parse/stringify with slower polyfills on Node 20:
// a PDF read through gongkai must leave V8's own in place. Each case runs in a worker thread, a realm of its own.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { REPORTS_DIR } from '../../helpers/report-cases.js';

function run(read: string | null): Promise<{ facts: Record<string, unknown> | null; native: Record<string, boolean> }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./pdf-builtins-worker.mjs', import.meta.url), { workerData: { read } });
    w.once('message', (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('built-ins after pdf.js', () => {
  it('pdf.js imported alone replaces push and JSON (what gongkai undoes)', async () => {
    expect((await run(null)).native).toEqual({ push: false, parse: false, stringify: false });
  }, 60_000);

  it('a PDF read through gongkai leaves V8 push and JSON in place, and reads its facts', async () => {
    const dir = path.join(REPORTS_DIR, 'blank-cells-2019');
    const r = await run(path.join(dir, 'source.pdf'));
    expect(r.native).toEqual({ push: true, parse: true, stringify: true });
    expect(r.facts).toEqual(JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')).facts);
  }, 60_000);
});
