// One report, many places: the same report published on a district site, on beijing.gov.cn's qzf copy (other page
// chrome, other bytes) and on the /gate/big5/ mirror (traditional characters) is loaded once, with every place as a
// source; a twin (the PDF of the same page) stays a twin, a document with a number that disagrees is a new version.
import crypto from 'node:crypto';
import * as OpenCC from 'opencc-js';
import { beforeAll, expect, it } from 'vitest';
import { type DocumentContext, reportSources } from '../../../db/queries/reports.js';
import { type LoadOutcome, loadReport } from '../../../pipeline/load/load-report.js';
import { readReport } from '../../../pipeline/read-report.js';
import { generateReport } from '../../../replica/generate-report.js';
import { renderHtml } from '../../../replica/render-report.js';
import { describeEachDb } from '../../helpers/db.js';

const spec = generateReport(19, '北京市朝阳区人民政府', 2019);
const article = renderHtml(spec, { chrome: false });
/** The district's page and the municipal portal's copy: the same article in another site's chrome. */
const districtPage = article.replace('<body>', '<body><div class="nav">北京市朝阳区人民政府 首页 政务公开</div>');
const qzfPage = article.replace('<body>', '<body><div class="nav">首都之窗 北京市人民政府门户网站 政府信息公开年报</div>');
const big5Page = OpenCC.Converter({ from: 'cn', to: 'tw' })(qzfPage);
/** The same report with one number printed differently: a corrected version, not a copy. */
const key = Object.keys(spec.facts).find((k) => k.startsWith('t3.new_received') && spec.facts[k]! > 0)!;
const corrected = renderHtml({ ...spec, facts: { ...spec.facts, [key]: spec.facts[key]! + 1 } }, { chrome: false });

describeEachDb('a report found in several places', (db) => {
  const loaded: Record<string, { sha256: string; outcome: LoadOutcome }> = {};

  /** Records the document as the crawler would (documents + document_sources), then reads and loads it. */
  async function load(name: string, html: string, url: string, siteId: string | null, parentSha256: string | null = null) {
    const bytes = Buffer.from(html, 'utf8');
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    await db().query(
      `insert into documents (sha256, content_type, bytes, format, archive_path) values ($1, 'text/html', $2, 'html', $3) on conflict do nothing`,
      [sha256, bytes.length, `x/${sha256}`],
    );
    await db().query(`insert into document_sources (sha256, url, site_id, kind, parent_sha256) values ($1, $2, $3, $4, $5) on conflict do nothing`, [
      sha256,
      url,
      siteId,
      parentSha256 ? 'attachment' : 'detail',
      parentSha256,
    ]);
    const { report } = await readReport(bytes, { contentType: 'text/html' });
    const ctx: DocumentContext = {
      sha256,
      archivePath: `x/${sha256}`,
      contentType: 'text/html',
      url,
      kind: parentSha256 ? 'attachment' : 'detail',
      linkText: null,
      parentSha256,
      meta: {},
      siteRegionCode: null,
      firstSeenAt: new Date(),
    };
    loaded[name] = { sha256, outcome: await loadReport(db().db, ctx, report, 'parsed') };
    return loaded[name]!.outcome;
  }

  beforeAll(async () => {
    await db().query(
      `insert into sites (id, name, region_code, config) values ('beijing-chaoyang', '北京市朝阳区人民政府', '110105', '{}'), ('beijing-municipal', '北京市人民政府', '110000', '{}')`,
    );
  });

  it('loads the district’s page as the report', async () => {
    expect((await load('district', districtPage, 'http://www.bjchy.gov.cn/zfxxgk/gknb/5e7b1c2d3e4f5a6b7c8d9e0f.html', 'beijing-chaoyang')).action).toBe(
      'inserted',
    );
  });

  it('folds the qzf copy (other bytes, same agency, year, title and numbers) into it', async () => {
    const out = await load('qzf', qzfPage, 'https://www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2019nb/qzf/202103/t20210310_2303792.html', 'beijing-municipal');
    expect(out).toMatchObject({ action: 'copy', reportId: (loaded.district!.outcome as { reportId: number }).reportId });
  });

  it('reads the big5 mirror page (traditional characters) as the same report and folds it too', async () => {
    expect(big5Page).toContain('朝陽區人民政府');
    const out = await load(
      'big5',
      big5Page,
      'https://www.beijing.gov.cn/gate/big5/www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2019nb/qzf/202103/t20210310_2303792.html',
      'beijing-municipal',
    );
    expect(out).toMatchObject({ action: 'copy', reportId: (loaded.district!.outcome as { reportId: number }).reportId });
  });

  it('holds one report with the three places as its sources', async () => {
    const { rows } = await db().query<{ id: number; version: number }>(`select id, version from reports where year = 2019`);
    expect(rows).toEqual([{ id: (loaded.district!.outcome as { reportId: number }).reportId, version: 1 }]);
    expect((await reportSources(db().db, rows[0]!.id)).map((s) => s.url)).toEqual([
      'http://www.bjchy.gov.cn/zfxxgk/gknb/5e7b1c2d3e4f5a6b7c8d9e0f.html',
      'https://www.beijing.gov.cn/gate/big5/www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2019nb/qzf/202103/t20210310_2303792.html',
      'https://www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2019nb/qzf/202103/t20210310_2303792.html',
    ]);
  });

  it('leaves a folded copy unchanged when it is read again', async () => {
    expect(
      (await load('qzf', qzfPage, 'https://www.beijing.gov.cn/gongkai/zfxxgk/zfxxgknb/2019nb/qzf/202103/t20210310_2303792.html', 'beijing-municipal')).action,
    ).toBe('unchanged');
    const { rows } = await db().query<{ parse_action: string }>(`select parse_action from documents where sha256 = $1`, [loaded.qzf!.sha256]);
    expect(rows).toEqual([{ parse_action: 'unchanged' }]);
  });

  it('keeps a twin published with the page (its attachment) as a twin version, not a copy', async () => {
    const twin = `${districtPage}<!-- the attachment's bytes -->`;
    const out = await load('twin', twin, 'http://www.bjchy.gov.cn/zfxxgk/gknb/P020200326.html', 'beijing-chaoyang', loaded.district!.sha256);
    expect(out.action).toBe('inserted');
  });

  it('loads a document with a number that disagrees as a new version, never as a copy', async () => {
    const out = await load('corrected', corrected, 'http://www.bjchy.gov.cn/zfxxgk/gknb/5e7b1c2d3e4f5a6b7c8d9e10.html', 'beijing-chaoyang');
    expect(out.action).toBe('inserted');
    const { rows } = await db().query<{ n: number }>(`select count(*)::int as n from reports where year = 2019`);
    expect(rows[0]!.n).toBe(3);
  });

  it('folds a further copy without writing the reports of its agency-year again (a copy changes no version)', async () => {
    // Any UPDATE of a row (the current version chosen again) gives it a new xmin, even with the same values.
    const xmin = async () => (await db().query<{ xmin: string }>(`select xmin::text from reports where year = 2019 order by id`)).rows;
    const before = await xmin();
    const mirror = qzfPage.replace('首都之窗', '首都之窗 镜像');
    const out = await load('mirror', mirror, 'https://mirror.beijing.gov.cn/2019nb/qzf/t20210310_2303792.html', 'beijing-municipal');
    // The corrected version (current) disagrees with it: it joins the district's page, which is not current.
    expect(out).toEqual({
      action: 'copy',
      reportId: (loaded.district!.outcome as { reportId: number }).reportId,
      agencyId: expect.any(Number),
      isCurrent: false,
    });
    expect(await xmin()).toEqual(before);
  });
});
