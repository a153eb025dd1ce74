// A disk that fills up during a crawl, for real: the archive is a 96 KiB tmpfs. The crawl stops that site with a
// recorded "disk full", leaves no half-written .tmp file and no truncated document in the archive, and the run's
// final status is written (the database lives elsewhere). Mounting needs root, as in CI.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client.js';
import type { CrawlReport } from '../../domain/run-report.js';
import { freshDb } from '../helpers/db.js';
import { crawlReplica, tempDir } from '../helpers/replica-crawl.js';
import { type Replica, startReplica } from '../../replica/server.js';

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)(isRoot ? 'a crawl whose archive disk fills up' : 'a crawl whose archive disk fills up [skipped: mounting a tmpfs needs root]', () => {
  let handle: DbHandle;
  let replica: Replica;
  let archive: string;
  let report: CrawlReport;
  beforeAll(async () => {
    handle = await freshDb('pglite');
    replica = await startReplica({ slowMs: 100, hugeBytes: 1024 });
    const dataDir = tempDir('gongkai-diskfull-');
    archive = path.join(dataDir, 'archive');
    fs.mkdirSync(archive);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', archive]);
    report = await crawlReplica(handle, replica, dataDir, { only: ['replica-trs'] });
  }, 120_000);
  afterAll(async () => {
    if (archive) execFileSync('umount', [archive]);
    await replica?.close();
    await handle?.close();
  });

  it('records the site as failed because the disk is full, and the run as finished', async () => {
    expect(report.sites.map((s) => [s.siteId, s.status, s.message])).toEqual([
      ['replica-trs', 'failed', `disk full: the archive ${archive} cannot take more (ENOSPC); free space and run again, nothing was half-written`],
    ]);
    const runs = await handle.query<{ status: string; finished: boolean; errors: { message: string }[] }>(
      'select status, finished_at is not null as finished, errors from crawl_runs',
    );
    expect(runs.rows).toEqual([
      { status: 'failed', finished: true, errors: [{ site: 'replica-trs', status: 'failed', message: expect.stringMatching(/^disk full: /) }] },
    ]);
  });

  it('leaves no .tmp file, and every archived file is whole', () => {
    const files = fs
      .readdirSync(archive, { recursive: true })
      .map(String)
      .filter((f) => fs.statSync(path.join(archive, f)).isFile());
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files)
      expect(
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(archive, f)))
          .digest('hex'),
      ).toBe(path.basename(f));
  });
});
