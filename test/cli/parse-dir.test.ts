// `gongkai parse DIR` on a folder a user really has: a dangling link, a loop of links, a sparse file over 2 GiB and
// one of 1.5 GB are each reported for themselves (refused by their size before a byte is read) and the report
// beside them is still parsed; the exit code says something failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('gongkai parse DIR', () => {
  it('reads what it can and names each path it cannot read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-parse-dir-'));
    fs.copyFileSync('test/pipeline/reports/seed-miyun-district-2021/source.txt', path.join(dir, 'b-report.txt'));
    fs.symlinkSync(path.join(dir, 'gone.pdf'), path.join(dir, 'a-dangling.pdf'));
    fs.symlinkSync(path.join(dir, 'c-loop-2'), path.join(dir, 'c-loop-1'));
    fs.symlinkSync(path.join(dir, 'c-loop-1'), path.join(dir, 'c-loop-2'));
    fs.mkdirSync(path.join(dir, 'd-sub'));
    fs.symlinkSync(dir, path.join(dir, 'd-sub', 'up')); // a link back to the top: not followed
    // Sparse: no disk space used, but reading either would need 1.5 and 2.1 GB of memory (the second cannot be read at all).
    const HUGE = 2_254_857_830; // 2.1 GiB
    const BIG = 1_610_612_736; // 1.5 GiB
    for (const [name, size] of [
      ['e-huge.pdf', HUGE],
      ['f-big.pdf', BIG],
    ] as const) {
      fs.writeFileSync(path.join(dir, name), '');
      fs.truncateSync(path.join(dir, name), size);
    }

    const started = Date.now();
    const r = await runCli(['parse', '--json', dir]);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; error?: string; agency?: { name: string } });
    expect(lines.map((l) => [path.relative(dir, l.file), l.error ?? l.agency?.name])).toEqual([
      ['a-dangling.pdf', 'a symbolic link to nothing'],
      ['b-report.txt', '北京市密云区人民政府'],
      ['c-loop-1', 'a loop of symbolic links'],
      ['c-loop-2', 'a loop of symbolic links'],
      ['e-huge.pdf', `${HUGE} bytes, over the limit of 52428800 (GONGKAI_MAX_DOCUMENT_BYTES): not read`],
      ['f-big.pdf', `${BIG} bytes, over the limit of 52428800 (GONGKAI_MAX_DOCUMENT_BYTES): not read`],
    ]);
  }, 60_000);
});
