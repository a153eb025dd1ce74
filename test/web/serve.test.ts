// The web app (`gongkai serve`) in real Chromium against a real server on 127.0.0.1, on a database the replica's TRS
// site filled: every page loads without a script error, shows the replica's own numbers, and a number's link
// reaches its source (the HTML cell highlighted; the PDF page drawn by pdf.js with the box of a provenance the test
// gives it, until positions are read). Screenshots of each page go to SCREENSHOT_DIR when it is set.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { type Browser, chromium, type Frame, type Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../db/client.js';
import { collect } from '../../jobs/collect.js';
import { inProcessQueue } from '../../jobs/work-queue.js';
import { annotateHtmlCells } from '../../pipeline/extract/html.js';
import { extractDocument } from '../../pipeline/extract/index.js';
import type { TruthReport } from '../../replica/build-replica.js';
import { type Replica, startReplica } from '../../replica/server.js';
import { startWebServer, type WebServer } from '../../web/server.js';
import { freshDb } from '../helpers/db.js';
import { type RoleSetup, roleSetup } from '../helpers/pg-roles.js';
import { CHROMIUM_PATH, HAS_BROWSER, replicaSites, TEST_FETCHER, TEST_LIMITS, tempDir } from '../helpers/replica-crawl.js';

const SITE = 'replica-trs';
const SHOTS = process.env.SCREENSHOT_DIR;

for (const backend of ['pglite', 'postgres'] as const) {
  const serverless = backend === 'postgres' && !process.env.TEST_DATABASE_URL;
  const title = `gongkai serve in Chromium [${backend}${serverless ? ': skipped, TEST_DATABASE_URL not set' : ''}${HAS_BROWSER ? '' : ': skipped, no Chromium'}]`;
  describe.skipIf(!HAS_BROWSER || serverless)(title, () => {
    let roles: RoleSetup | undefined;
    let replica: Replica;
    let handle: DbHandle;
    let server: WebServer;
    let browser: Browser;
    let page: Page;
    let dataDir: string;
    const errors: string[] = [];

    /** The report id and document of an agency-year, from the database. */
    const reportOf = async (t: TruthReport) =>
      (
        await handle.query<{ id: number; sha256: string; format: string; region_code: string }>(
          `select r.id, d.sha256, d.format, a.region_code from reports r join agencies a on a.id = r.agency_id
           join documents d on d.sha256 = r.document_sha256 where r.is_current and a.name = $1 and r.year = $2`,
          [t.agency, t.year],
        )
      ).rows[0]!;
    const truth = () => replica.truth.reports.filter((r) => r.site === SITE && !r.unreachable);
    const shot = async (name: string) => {
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}${backend === 'pglite' ? '' : `-${backend}`}.png`), fullPage: false });
    };
    const open = async (url: string) => {
      const res = await page.goto(new URL(url, server.url).toString());
      expect(res?.status(), url).toBe(200);
    };
    /** The source frame once it shows a URL containing `part` (an archived page is sandboxed: read from outside). */
    const sourceFrame = async (part: string): Promise<Frame> => {
      const el = await page.waitForSelector('iframe#source');
      await expect.poll(async () => (await el.contentFrame())?.url() ?? '', { timeout: 20_000 }).toContain(part);
      const frame = (await el.contentFrame())!;
      await frame.waitForLoadState('load');
      return frame;
    };

    const serveOn = (db: DbHandle) =>
      startWebServer({
        handle: db,
        host: '127.0.0.1',
        port: 0,
        archiveDir: path.join(dataDir, 'archive'),
        readers: { annotateHtml: annotateHtmlCells, readDocText: (bytes, contentType) => extractDocument(bytes, { contentType }) },
        onError: (err, url) => errors.push(`${url}: ${err.stack}`),
      });

    beforeAll(async () => {
      replica = await startReplica({ slowMs: 0 });
      if (backend === 'pglite') handle = await freshDb('pglite');
      else {
        // On a server, researcher SQL runs on a grant-readonly login (GONGKAI_READER_URL), as `gongkai serve` does.
        roles = await roleSetup('superuser');
        handle = await openDb({ databaseUrl: roles.databaseUrl, readerUrl: roles.readerUrl, skipMigrations: true });
      }
      dataDir = tempDir('gongkai-web-');
      const log = pino({ level: 'silent' });
      const queue = inProcessQueue({ handle, log, dataDir, fetcher: TEST_FETCHER, chromiumPath: CHROMIUM_PATH, limits: TEST_LIMITS });
      await collect({ handle, log, kind: 'run', trigger: 'test', queue, sites: replicaSites(replica, [SITE]), recheckAfterMs: 0 });
      server = await serveOn(handle);
      browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()} ${m.location().url}`);
      });
      if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    }, 300_000);

    beforeEach(() => {
      errors.splice(0);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await handle?.close();
      await roles?.cleanup();
      await replica?.close();
    });

    it('serves on 127.0.0.1 and answers the front page with what the database holds', async () => {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      await open('/');
      const { rows } = await handle.query<{ n: number }>('select count(*)::int as n from reports where is_current');
      expect(rows[0]!.n).toBe(truth().length);
      expect(await page.locator('ul.totals li').first().textContent()).toContain(`${truth().length} agency-years`);
      await shot('home');
      expect(errors).toEqual([]);
    });

    it('shows coverage as agency × year: every found cell is a truth report linked to it, every other cell missing', async () => {
      const district = replica.truth.sites.find((s) => s.id === SITE)!.regionCode;
      await open(`/coverage?district=${district}`);
      const cells = await page.$$eval('#heatmap tbody tr', (trs) =>
        trs.flatMap((tr) =>
          [...tr.querySelectorAll('td[data-year]')].map((td) => ({
            agency: tr.querySelector('th a')!.textContent!,
            year: Number((td as HTMLElement).dataset.year),
            status: (td as HTMLElement).dataset.status!,
            href: td.querySelector('a')?.getAttribute('href') ?? null,
            text: td.textContent,
          })),
        ),
      );
      const { rows: view } = await handle.query<{ agency: string; year: number; status: string }>(
        `select c.agency, c.year, c.status from coverage c where c.district_code = $1`,
        [district],
      );
      // The page is the coverage view of the district, cell for cell.
      expect(cells.map((c) => `${c.agency}|${c.year}|${c.status}`).sort()).toEqual(view.map((r) => `${r.agency}|${r.year}|${r.status}`).sort());
      const found = cells.filter((c) => c.status === 'found');
      expect(found.map((c) => `${c.agency}|${c.year}`).sort()).toEqual(
        truth()
          .map((t) => `${t.agency}|${t.year}`)
          .sort(),
      );
      for (const t of truth()) {
        const c = found.find((x) => x.agency === t.agency && x.year === t.year)!;
        expect(c.href).toBe(`/report/${(await reportOf(t)).id}`);
        expect(c.text).toBe('A');
      }
      expect(cells.filter((c) => c.status === 'missing').every((c) => c.href === null && c.text === '')).toBe(true);
      expect(cells.length - found.length).toBeGreaterThan(100);
      await shot('coverage');
      // Filters: township level, agencies with a found year — the townships that published, as the view has them.
      await open(`/coverage?district=${district}&level=township&status=found`);
      const agencies = await page.$$eval('#heatmap tbody th a', (as) => as.map((a) => a.textContent));
      const { rows: townships } = await handle.query<{ agency: string }>(
        `select distinct agency from coverage where district_code = $1 and agency_level = 'township' and status = 'found'`,
        [district],
      );
      expect(townships.length).toBeGreaterThan(0);
      expect(agencies.sort()).toEqual(townships.map((x) => x.agency).sort());
      expect(errors).toEqual([]);
    });

    it('shows every table of a report with the replica’s numbers, and a click on a number highlights its cell in the archived page', async () => {
      const t = truth().find((r) => r.body === 'html' && r.template === '2021')!;
      const r = await reportOf(t);
      expect(r.format).toBe('html');
      await open(`/report/${r.id}`);
      expect(await page.locator('h1').textContent()).toBe(`${t.agency} ${t.year}`);
      const shown = await page.$$eval('a.v', (as) => as.map((a) => [a.getAttribute('data-key')!, a.textContent!] as const));
      const expected = Object.entries(t.facts).map(([k, v]) => [k, String(v)]);
      expect(shown.filter(([k]) => k in t.facts).sort()).toEqual(expected.sort());
      expect(shown.length).toBeGreaterThan(100);

      const key = 't3.new_received.total';
      await page.click(`a.v[data-key="${key}"]`);
      const frame = await sourceFrame(`/document/${r.sha256}/view?cell=`);
      const target = frame.locator('#gk-target');
      expect(await target.count()).toBe(1);
      expect((await target.textContent())?.trim()).toBe(String(t.facts[key]));
      expect(await target.getAttribute('data-gk-hl')).not.toBeNull();
      // Highlighted as the eye sees it: the outline the page's style gives the marked cell.
      expect(await target.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('solid');
      await shot('report-html-source');

      // Findings link to the numbers they are about, and the archived file downloads under its hash with its extension.
      const download = await page.request.get(new URL(`/document/${r.sha256}/download`, server.url).toString());
      expect(download.headers()['content-disposition']).toBe(`attachment; filename="${r.sha256}.html"`);
      expect(
        crypto
          .createHash('sha256')
          .update(await download.body())
          .digest('hex'),
      ).toBe(r.sha256);
      expect(errors).toEqual([]);
    });

    it('renders the PDF page with pdf.js and draws the box a provenance gives, scaled to the page', async () => {
      const t = truth().find((x) => x.attachments.some((a) => a.format === 'pdf') && x.body === 'stub')!;
      const r = await reportOf(t);
      expect(r.format).toBe('pdf');
      const key = 't3.new_received.total';
      // Positions are not read from PDFs yet (the contract in provenance: page, box in points, top-left origin).
      const box = [400, 120, 460, 140];
      await handle.query(`update report_facts set provenance = provenance || $3::jsonb where report_id = $1 and key = $2`, [
        r.id,
        key,
        JSON.stringify({ page: 1, box }),
      ]);
      await open(`/report/${r.id}`);
      await page.click(`a.v[data-key="${key}"]`);
      const frame = await sourceFrame(`/document/${r.sha256}/pdf?`);
      await frame.waitForSelector('#pdf[data-rendered]');
      expect(await frame.getAttribute('#pdf', 'data-rendered')).toBe('true');
      const drawn = await frame.$eval('#pdf', (el) => {
        const c = el.querySelector('canvas')!;
        const b = el.querySelector('.box') as HTMLElement;
        // Some pixel of the canvas is not white: the page was drawn.
        const ctx = c.getContext('2d')!;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i]! < 200) ink++;
        return {
          hidden: b.hidden,
          scale: Number(b.dataset.scale),
          left: parseFloat(b.style.left),
          top: parseFloat(b.style.top),
          width: parseFloat(b.style.width),
          ink,
        };
      });
      expect(drawn.hidden).toBe(false);
      expect(drawn.ink).toBeGreaterThan(1000);
      // 2 px of padding round the box.
      expect(drawn.left).toBeCloseTo(box[0]! * drawn.scale - 2, 3);
      expect(drawn.top).toBeCloseTo(box[1]! * drawn.scale - 2, 3);
      expect(drawn.width).toBeCloseTo((box[2]! - box[0]!) * drawn.scale + 4, 3);
      await shot('report-pdf-page');

      // Without a box, the number's source is the document as gongkai read it, the cell marked.
      const other = 't3.granted.total';
      await page.locator(`a.v[data-key="${other}"]`).scrollIntoViewIfNeeded();
      const before = await page.evaluate(() => window.scrollY);
      await page.click(`a.v[data-key="${other}"]`);
      const read = await sourceFrame(`/document/${r.sha256}/read?`);
      await read.waitForSelector('#gk-target');
      // The frame scrolls to the cell; the report page stays where the reader is.
      await expect.poll(() => read.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      expect(await page.evaluate(() => window.scrollY)).toBe(before);
      expect((await read.locator('#gk-target').textContent())?.trim()).toBe(String(t.facts[other]));
      await shot('report-pdf-as-read');
      expect(errors).toEqual([]);
    });

    it('charts an agency’s trend with the numbers of its reports, year by year', async () => {
      const agency = truth().find((x) => x.agency.endsWith('区人民政府'))!.agency;
      const years = truth()
        .filter((x) => x.agency === agency)
        .sort((a, b) => a.year - b.year);
      const { rows } = await handle.query<{ key: string }>('select key from agencies where name = $1', [agency]);
      await open(`/agency/${encodeURIComponent(rows[0]!.key)}`);
      await page.waitForSelector('#chart-applications[data-drawn="true"]');
      expect(await page.locator('.uplot').count()).toBe(4);
      const table = await page.$$eval('#trend-table tbody tr', (trs) =>
        trs.map((tr) => ({
          year: Number((tr as HTMLElement).dataset.year),
          received: tr.querySelector('[data-figure="received"]')!.textContent,
          granted: tr.querySelector('[data-figure="granted"]')!.textContent,
          share: tr.querySelector('[data-figure="share"]')!.textContent,
        })),
      );
      expect(table).toEqual(
        years.map((x) => {
          const f = x.facts;
          return {
            year: x.year,
            received: String(f['t3.new_received.total']),
            granted: String(f['t3.granted.total']),
            share: `${((100 * (f['t3.granted.total']! + f['t3.partial.total']!)) / f['t3.total.total']!).toFixed(1)}%`,
          };
        }),
      );
      await shot('trends-agency');
      const district = replica.truth.sites.find((s) => s.id === SITE)!.regionCode;
      await open(`/district/${district}`);
      await page.waitForSelector('#chart-review[data-drawn="true"]');
      const sums = await page.$$eval('#trend-table tbody tr', (trs) =>
        trs.map((tr) => [Number((tr as HTMLElement).dataset.year), tr.querySelector('[data-figure="received"]')!.textContent]),
      );
      const byYear = new Map<number, number>();
      for (const x of truth()) byYear.set(x.year, (byYear.get(x.year) ?? 0) + x.facts['t3.new_received.total']!);
      expect(sums).toEqual([...byYear].sort((a, b) => a[0] - b[0]).map(([y, n]) => [y, String(n)]));
      await shot('trends-district');
      expect(errors).toEqual([]);
    });

    it('answers a malformed or unknown address with 400 or 404, not a failure', async () => {
      const get = (p: string) => page.request.get(new URL(p, server.url).toString());
      expect((await get('/agency/%E0%A4%A')).status()).toBe(400);
      expect((await get('/report/999999')).status()).toBe(404);
      expect((await get('/static/..%2Fserver.ts')).status()).toBe(404);
      expect((await get('/vendor/uplot/..%2F..%2Fpackage.json')).status()).toBe(404);
      expect((await get('/coverage?from=2024&to=2019')).status()).toBe(400);
      expect(errors).toEqual([]);
    });

    it('browses findings by rule, each linked to its report and to the source of the numbers it is about', async () => {
      const t = truth().find((x) => x.body === 'html')!;
      const r = await reportOf(t);
      const key = 't3.granted.total';
      await handle.query(
        `insert into findings (report_id, rule, severity, message, keys) values ($1, 'web.test', 'warning', 'a finding made by the test', $2)`,
        [r.id, [key]],
      );
      await open('/findings');
      const counts = await page.$$eval('#finding-counts tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      const { rows } = await handle.query<{ rule: string; severity: string; n: number; reports: number }>(
        `select f.rule, f.severity, count(*)::int as n, count(distinct f.report_id)::int as reports from findings f join reports r on r.id = f.report_id
          where r.is_current group by 1, 2`,
      );
      expect(counts.sort()).toEqual(rows.map((x) => [x.rule, x.severity, String(x.n), String(x.reports)]).sort());
      await page.click('a:has-text("web.test")');
      await page.waitForSelector('#findings');
      const listed = await page.$$eval('#findings tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(listed).toEqual([[t.agency, String(t.year), 'A', 'warning', 'a finding made by the test', key]]);
      await shot('findings');
      await page.click(`#findings a[data-key="${key}"]`);
      await page.waitForURL(/\/document\/[0-9a-f]{64}\/view\?cell=/);
      expect((await page.locator('#gk-target').textContent())?.trim()).toBe(String(t.facts[key]));
      expect(errors).toEqual([]);
    });

    it('lists site health and the run', async () => {
      await open('/sites');
      expect(await page.$$eval('#site-health tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.site))).toEqual([SITE]);
      const run = await page.$$eval('#runs tbody tr td', (tds) => tds.map((td) => td.textContent));
      expect(run.slice(1, 3)).toEqual(['run', 'test']);
      await shot('sites');
      expect(errors).toEqual([]);
    });

    it('runs read-only SQL, refuses a write, and downloads the result as CSV', async () => {
      const sql = 'select agency, year, "t3.new_received.total" as received from report_panel order by agency collate "C", year';
      await open('/sql');
      await page.fill('textarea[name=q]', sql);
      await page.click('button[type=submit]');
      await page.waitForSelector('#sql-result');
      const { rows } = await handle.query<{ agency: string; year: number; received: string }>(sql);
      expect(await page.locator('#sql-count').textContent()).toBe(`${rows.length} rows`);
      const firstRow = await page.$$eval('#sql-result tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
      expect(firstRow).toEqual([rows[0]!.agency, String(rows[0]!.year), String(Number(rows[0]!.received))]);
      await shot('sql');
      const href = await page.getAttribute('#csv', 'href');
      const csv = await page.request.get(new URL(href!, server.url).toString());
      expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
      const parsed = parse(await csv.text(), { columns: true }) as Record<string, string>[];
      expect(parsed.map((p) => [p.agency, Number(p.year), Number(p.received)])).toEqual(rows.map((x) => [x.agency, x.year, Number(x.received)]));

      const before = (await handle.query<{ n: number }>('select count(*)::int as n from reports')).rows[0]!.n;
      const write = await page.goto(new URL(`/sql?q=${encodeURIComponent('delete from reports')}`, server.url).toString());
      expect(write?.status()).toBe(400);
      expect(await page.locator('#sql-error').textContent()).not.toBe('');
      expect((await handle.query<{ n: number }>('select count(*)::int as n from reports')).rows[0]!.n).toBe(before);
      const post = await page.request.post(new URL('/sql', server.url).toString(), { form: { q: 'select 1' } });
      expect(post.status()).toBe(405);
    });

    it('says on every page, and on every agency, when the database holds the demo’s invented reports', async () => {
      await open('/coverage');
      expect(await page.locator('.demo-banner').count()).toBe(0);
      await handle.query('update sites set demo = true');
      const demo = await serveOn(handle);
      try {
        for (const p of ['', 'coverage', 'findings', 'sql']) {
          await page.goto(new URL(p, demo.url).toString());
          expect(await page.locator('.demo-banner').textContent(), p).toContain('Demo data.');
        }
        await page.goto(new URL('coverage', demo.url).toString());
        const rows = await page.locator('#heatmap tbody tr').count();
        expect(rows).toBeGreaterThan(10);
        expect(await page.locator('#heatmap tbody tr .tag').count()).toBe(rows);
        await shot('coverage-demo');
      } finally {
        await demo.close();
        await handle.query('update sites set demo = false');
      }
      expect(errors).toEqual([]);
    });
  });
}
