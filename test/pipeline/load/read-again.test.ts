// A document read again by the same parser: unchanged when it reads the same, written when it does not. A report page
// read again with a picture that arrived since reads other facts from the same bytes, often with the same grade; its
// facts must replace the old ones (they were kept before: the version was compared on parser, grade and template only).
import crypto from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { DocumentContext } from '../../../db/queries/reports.js';
import { loadReport, loadReports } from '../../../pipeline/load/load-report.js';
import { readReport } from '../../../pipeline/read-report.js';
import type { ParsedReport } from '../../../pipeline/types.js';
import { generateReport } from '../../../replica/generate-report.js';
import { renderHtml } from '../../../replica/render-report.js';
import { describeEachDb } from '../../helpers/db.js';

const bytes = Buffer.from(renderHtml(generateReport(77, '北京市顺义区人民政府', 2022), { chrome: false }), 'utf8');
const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
const ctx: DocumentContext = {
  sha256,
  archivePath: `x/${sha256}`,
  contentType: 'text/html',
  url: 'http://www.bjshy.gov.cn/nb/2022.html',
  kind: 'detail',
  linkText: null,
  parentSha256: null,
  meta: {},
  siteRegionCode: null,
  firstSeenAt: new Date(),
};

describeEachDb('a document read again by the same parser', (db) => {
  let report: ParsedReport;
  const facts = async () =>
    Object.fromEntries(
      (await db().query<{ key: string; value: string | null }>(`select key, value::text from report_facts order by key`)).rows.map((f) => [
        f.key,
        f.value === null ? null : Number(f.value),
      ]),
    );

  beforeAll(async () => {
    await db().query(`insert into documents (sha256, content_type, bytes, format, archive_path) values ($1, 'text/html', $2, 'html', $3)`, [
      sha256,
      bytes.length,
      ctx.archivePath,
    ]);
    await db().query(`insert into document_sources (sha256, url, kind) values ($1, $2, 'detail')`, [sha256, ctx.url]);
    // As first read: table 3 missing (its picture not yet archived).
    report = (await readReport(bytes, { contentType: 'text/html' })).report;
    const without = Object.fromEntries(Object.entries(report.facts).filter(([k]) => !k.startsWith('t3.')));
    expect(Object.keys(without).length).toBeLessThan(Object.keys(report.facts).length);
    expect((await loadReports(db().db, [{ ctx, report: { ...report, facts: without }, status: 'parsed', withImages: true }]))[0]).toMatchObject({
      action: 'inserted',
    });
    expect(await facts()).toEqual(without);
  });

  it('writes the facts of a reading with pictures that reads more, with the same parser and grade', async () => {
    expect((await loadReports(db().db, [{ ctx, report, status: 'parsed', withImages: true }]))[0]).toMatchObject({ action: 'updated' });
    expect(await facts()).toEqual(report.facts);
  });

  it('calls the same reading with pictures unchanged, and writes nothing', async () => {
    const xmin = async () => (await db().query<{ xmin: string }>(`select xmin::text from report_facts order by key`)).rows;
    const before = await xmin();
    expect((await loadReports(db().db, [{ ctx, report, status: 'parsed', withImages: true }]))[0]).toMatchObject({ action: 'unchanged' });
    expect(await xmin()).toEqual(before);
  });

  it('writes a publication date or title read otherwise (the page’s metadata found since)', async () => {
    expect(await loadReport(db().db, ctx, { ...report, publishedAt: '2023-01-18' }, 'parsed')).toMatchObject({ action: 'updated' });
    const rows = async () => (await db().query<{ published_at: string; title: string }>(`select published_at::text, title from reports`)).rows;
    expect(await rows()).toEqual([{ published_at: '2023-01-18', title: report.title }]);
    expect(await loadReport(db().db, ctx, { ...report, publishedAt: '2023-01-18', title: `${report.title}（更正）` }, 'parsed')).toMatchObject({
      action: 'updated',
    });
    expect(await rows()).toEqual([{ published_at: '2023-01-18', title: `${report.title}（更正）` }]);
  });
});
