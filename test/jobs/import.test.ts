// `gongkai import` of a researcher's folder (test/helpers/collection.ts), on PGlite and on the Postgres server: the
// documents, sources, reports and agencies it leaves are exactly these rows; every loaded report's facts are the
// generated ones; importing again adds nothing; a file the crawler found too is one document with both sources.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { pino } from 'pino';
import { beforeAll, expect, it } from 'vitest';
import { listInputFiles } from '../../cli/input-files.js';
import { Archive } from '../../crawlers/fetch/archive.js';
import { collectionLimits, readCollection } from '../../crawlers/local/read-collection.js';
import { upsertDocument, upsertDocumentSource } from '../../db/queries/documents.js';
import { exportDatasets } from '../../export/export-datasets.js';
import type { RunReport } from '../../domain/run-report.js';
import { collect } from '../../jobs/collect.js';
import { inProcessQueue } from '../../jobs/work-queue.js';
import { COLLECTION_TRUTH, writeCollection } from '../helpers/collection.js';
import { describeEachDb } from '../helpers/db.js';
import { snapshotDb } from '../helpers/db-snapshot.js';
import { CHROMIUM_PATH, TEST_FETCHER, TEST_LIMITS, tempDir } from '../helpers/replica-crawl.js';

const XLS = 'test/pipeline/reports/local-rows-2019/source.xls';
const CRAWLED_URL = 'https://www.bjmy.gov.cn/zwgk/zfxxgknb/P020200120.xls';
const NOTE = 'received from a colleague, 2024';
const NOT_A_REPORT =
  'no agency named in the document, and it is not recognisably an annual report (no report title, statistical period or statutory table, no 年报 in its name), so the agency "潞城镇" its file path or --agency gives was not used; no report year in the document, its file name or folders, or --year';

describeEachDb('importing a researcher’s folder', (db) => {
  const log = pino({ level: 'silent' });
  let dataDir: string;
  let collection: string;
  let first: RunReport;

  const queue = () => inProcessQueue({ handle: db(), log, dataDir, fetcher: TEST_FETCHER, chromiumPath: CHROMIUM_PATH, limits: TEST_LIMITS });
  const importFolder = (statement = { note: NOTE }) =>
    collect({
      handle: db(),
      log,
      kind: 'import',
      trigger: 'test',
      queue: queue(),
      local: {
        paths: [collection],
        files: readCollection(listInputFiles([collection], Number.POSITIVE_INFINITY), collectionLimits(TEST_LIMITS.maxBytes)),
        statement,
        archiveRoot: path.join(dataDir, 'archive'),
      },
    });

  beforeAll(async () => {
    dataDir = tempDir('gongkai-import-');
    collection = await writeCollection(tempDir('gongkai-collection-'));
    // The crawler found the 城市管理委员会's spreadsheet on its site before the researcher imported the same file.
    const bytes = fs.readFileSync(XLS);
    const stored = new Archive(path.join(dataDir, 'archive')).put(bytes);
    const seenAt = new Date('2026-01-05T02:00:00Z');
    await upsertDocument(db().db, {
      sha256: stored.sha256,
      bytes: bytes.length,
      contentType: 'application/vnd.ms-excel',
      format: 'xls',
      archivePath: stored.path,
      seenAt,
    });
    await upsertDocumentSource(db().db, {
      sha256: stored.sha256,
      url: CRAWLED_URL,
      finalUrl: CRAWLED_URL,
      siteId: null,
      kind: 'file',
      linkText: '2019年政府信息公开工作年度报告',
      seenAt,
    });
    await collect({ handle: db(), log, kind: 'reparse', trigger: 'test', queue: queue(), documents: [stored.sha256] });
    first = await importFolder();
  }, 300_000);

  // Rows as strings of their values (columns must have distinct names: a row is an object keyed by column name).
  const rows = async (sql: string) => (await db().query<Record<string, unknown>>(sql)).rows.map((r) => Object.values(r).join(' | '));

  it('says what became of every file: loaded, a duplicate, left out with the reason, passed over', () => {
    expect(first.status).toBe('partial');
    expect(first.import!.files.map((f) => [f.path, f.outcome, f.action, f.agency, f.year, f.grade, f.reason])).toEqual([
      ['通州区年报/2022/宋庄镇政府信息公开年报.doc', 'loaded', 'inserted', '北京市通州区宋庄镇人民政府', 2022, 'A', null],
      ['通州区年报/Thumbs.db', 'skipped', null, null, null, null, 'system file (Thumbs.db), not a document'],
      ['通州区年报/密云区城市管理委员会/2019年报.xls', 'loaded', 'unchanged', '北京市密云区城市管理委员会', 2019, 'A', null],
      ['通州区年报/潞城镇/2020年报.pdf', 'left_out', null, null, null, null, 'corrupt: not a readable PDF: Invalid PDF structure.'],
      ['通州区年报/潞城镇/2021.html', 'loaded', 'inserted', '北京市通州区潞城镇人民政府', 2021, 'A', null],
      ['通州区年报/潞城镇/2021年报.docx', 'loaded', 'copy', '北京市通州区潞城镇人民政府', 2021, 'A', null],
      ['通州区年报/潞城镇/会议纪要.txt', 'left_out', null, null, null, null, NOT_A_REPORT],
      [
        '通州区年报/潞城镇备份/2021年报(1).docx',
        'duplicate',
        null,
        '北京市通州区潞城镇人民政府',
        2021,
        'A',
        'the same bytes as 通州区年报/潞城镇/2021年报.docx',
      ],
      [
        '通州区年报/补充材料.zip/../evil.html',
        'left_out',
        null,
        null,
        null,
        null,
        'unsafe name in the archive (invalid relative path: ../evil.html): not read',
      ],
      ['通州区年报/补充材料.zip//etc/passwd.txt', 'left_out', null, null, null, null, 'unsafe name in the archive (absolute path: /etc/passwd.txt): not read'],
      ['通州区年报/补充材料.zip/于家务回族乡/2021年报.html', 'loaded', 'inserted', '北京市通州区永乐店镇人民政府', 2021, 'B', null],
      ['通州区年报/补充材料.zip/__MACOSX/于家务回族乡/._2021年报.html', 'skipped', null, null, null, null, 'system file (__MACOSX), not a document'],
      ['通州区年报/西集镇2020年报.txt', 'loaded', 'inserted', '北京市通州区西集镇人民政府', 2020, 'A', null],
      ['通州区年报/马驹桥镇/2021年报.pdf', 'loaded', 'inserted', '北京市通州区马驹桥镇人民政府', 2021, 'A', null],
    ]);
    expect(first.import!.totals).toEqual({ files: 14, loaded: 7, duplicates: 1, leftOut: 4, skipped: 2, documentsNew: 8, documentsSeen: 1 });
  });

  it('archives each file once by sha256, with a local source per path carrying the path and the note', async () => {
    expect(
      await rows(`select s.url, s.kind, d.format, d.parse_status, coalesce(d.parse_error, '') as error, s.meta->>'path' as path, s.meta->>'note' as note
                         from document_sources s join documents d on d.sha256 = s.sha256 order by s.url`),
    ).toEqual([
      `${CRAWLED_URL} | file | xls | parsed |  |  | `,
      `local:通州区年报/2022/宋庄镇政府信息公开年报.doc | local | doc | parsed |  | 通州区年报/2022/宋庄镇政府信息公开年报.doc | ${NOTE}`,
      `local:通州区年报/密云区城市管理委员会/2019年报.xls | local | xls | parsed |  | 通州区年报/密云区城市管理委员会/2019年报.xls | ${NOTE}`,
      `local:通州区年报/潞城镇/2020年报.pdf | local | pdf | failed | corrupt: not a readable PDF: Invalid PDF structure. | 通州区年报/潞城镇/2020年报.pdf | ${NOTE}`,
      `local:通州区年报/潞城镇/2021.html | local | html | parsed |  | 通州区年报/潞城镇/2021.html | ${NOTE}`,
      `local:通州区年报/潞城镇/2021年报.docx | local | docx | parsed |  | 通州区年报/潞城镇/2021年报.docx | ${NOTE}`,
      `local:通州区年报/潞城镇/会议纪要.txt | local | txt | not_report | ${NOT_A_REPORT} | 通州区年报/潞城镇/会议纪要.txt | ${NOTE}`,
      `local:通州区年报/潞城镇备份/2021年报(1).docx | local | docx | parsed |  | 通州区年报/潞城镇备份/2021年报(1).docx | ${NOTE}`,
      `local:通州区年报/补充材料.zip/于家务回族乡/2021年报.html | local | html | parsed |  | 通州区年报/补充材料.zip/于家务回族乡/2021年报.html | ${NOTE}`,
      `local:通州区年报/西集镇2020年报.txt | local | txt | parsed |  | 通州区年报/西集镇2020年报.txt | ${NOTE}`,
      `local:通州区年报/马驹桥镇/2021年报.pdf | local | pdf | parsed |  | 通州区年报/马驹桥镇/2021年报.pdf | ${NOTE}`,
    ]);
    expect(await rows('select count(*) from documents')).toEqual(['9']);
    // Nothing of the archive entries named ../ or /etc/ was written anywhere: the archive holds the 9 documents only.
    expect(fs.readdirSync(path.join(dataDir, 'archive'), { recursive: true }).filter((f) => /^[0-9a-f]{64}$/.test(path.basename(String(f))))).toHaveLength(9);
    expect(fs.existsSync(path.join(dataDir, 'evil.html'))).toBe(false);
  });

  it('exports each document once in documents.csv, with every place it was found, its imported path and the note', async () => {
    const out = tempDir('gongkai-import-export-');
    await exportDatasets(db(), { outDir: out, datasets: ['documents'], format: 'csv', bom: false });
    const docs: Record<string, string>[] = parse(fs.readFileSync(path.join(out, 'documents.csv')), { columns: true });
    // The spreadsheet the crawler found first and the researcher imported later: one document, two places; the content
    // type is the crawler's.
    expect(
      docs.filter((d) => d.format === 'xls').map((d) => [d.url, d.kind, d.content_type, d.urls, d.url_count, d.local_path, d.source_note, d.parse_status]),
    ).toEqual([
      [
        CRAWLED_URL,
        'file',
        'application/vnd.ms-excel',
        `${CRAWLED_URL} local:通州区年报/密云区城市管理委员会/2019年报.xls`,
        '2',
        '通州区年报/密云区城市管理委员会/2019年报.xls',
        NOTE,
        'parsed',
      ],
    ]);
    expect(
      docs
        .filter((d) => d.kind === 'local')
        .map((d) => d.local_path)
        .sort(),
    ).toEqual([
      '通州区年报/2022/宋庄镇政府信息公开年报.doc',
      '通州区年报/潞城镇/2020年报.pdf',
      '通州区年报/潞城镇/2021.html',
      '通州区年报/潞城镇/2021年报.docx',
      '通州区年报/潞城镇/会议纪要.txt',
      '通州区年报/补充材料.zip/于家务回族乡/2021年报.html',
      '通州区年报/西集镇2020年报.txt',
      '通州区年报/马驹桥镇/2021年报.pdf',
    ]);
    expect(docs.find((d) => d.url === 'local:通州区年报/马驹桥镇/2021年报.pdf')!.content_type).toBe('');
    // The .docx is a copy of the .html's report: the row names that report.
    const html = docs.find((d) => d.url === 'local:通州区年报/潞城镇/2021.html')!;
    const docx = docs.find((d) => d.url === 'local:通州区年报/潞城镇/2021年报.docx')!;
    expect([docx.report_id, docx.year, docx.urls]).toEqual([
      html.report_id,
      '2021',
      'local:通州区年报/潞城镇/2021年报.docx local:通州区年报/潞城镇备份/2021年报(1).docx',
    ]);
  });

  it('loads the reports through the same loader: agencies resolved by folder and name, the same report in two formats one report with two sources', async () => {
    expect(
      await rows(`select a.name, r.year, r.version, r.is_current, r.grade, r.template, d.format,
                         (select string_agg(s.url, ' ' order by s.url) from document_sources s where s.sha256 = r.document_sha256)
                    from reports r join agencies a on a.id = r.agency_id join documents d on d.sha256 = r.document_sha256 order by 1, 2, 3`),
    ).toEqual([
      `北京市密云区城市管理委员会 | 2019 | 1 | true | A | 2019 | xls | ${CRAWLED_URL} local:通州区年报/密云区城市管理委员会/2019年报.xls`,
      '北京市通州区宋庄镇人民政府 | 2022 | 1 | true | A | 2021 | doc | local:通州区年报/2022/宋庄镇政府信息公开年报.doc',
      '北京市通州区永乐店镇人民政府 | 2021 | 1 | true | B | 2021 | html | local:通州区年报/补充材料.zip/于家务回族乡/2021年报.html',
      '北京市通州区潞城镇人民政府 | 2021 | 1 | true | A | 2021 | html | local:通州区年报/潞城镇/2021.html',
      '北京市通州区西集镇人民政府 | 2020 | 1 | true | A | 2019 | txt | local:通州区年报/西集镇2020年报.txt',
      '北京市通州区马驹桥镇人民政府 | 2021 | 1 | true | A | 2021 | pdf | local:通州区年报/马驹桥镇/2021年报.pdf',
    ]);
    // The .docx says what the .html says (same agency, year, title, no disagreeing fact): a copy, not a version.
    expect(
      await rows(`select s.url, r.year, d.format from report_copies c join reports r on r.id = c.report_id
                    join documents d on d.sha256 = r.document_sha256 join document_sources s on s.sha256 = c.sha256 order by s.url`),
    ).toEqual(['local:通州区年报/潞城镇/2021年报.docx | 2021 | html', 'local:通州区年报/潞城镇备份/2021年报(1).docx | 2021 | html']);
    expect(await rows('select name, region_code, level from agencies order by name')).toEqual([
      '北京市密云区城市管理委员会 | 110118 | department',
      '北京市通州区宋庄镇人民政府 | 110112104 | township',
      '北京市通州区永乐店镇人民政府 | 110112117 | township',
      '北京市通州区潞城镇人民政府 | 110112119 | township',
      '北京市通州区西集镇人民政府 | 110112110 | township',
      '北京市通州区马驹桥镇人民政府 | 110112109 | township',
    ]);
  });

  it('reads every fact as generated, and says where the agency and year came from and what disagrees', async () => {
    for (const truth of Object.values(COLLECTION_TRUTH)) {
      const facts = await db().query<{ version: number; key: string; value: string | number | null }>(
        `select r.version, f.key, f.value from report_facts f join reports r on r.id = f.report_id join agencies a on a.id = r.agency_id
          where a.name = $1 and r.year = $2`,
        [truth.agency, truth.year],
      );
      const versions = new Set(facts.rows.map((f) => f.version));
      expect(versions.size, truth.agency).toBeGreaterThan(0);
      for (const v of versions) {
        const got = Object.fromEntries(facts.rows.filter((f) => f.version === v).map((f) => [f.key, f.value === null ? null : Number(f.value)]));
        const wrong = Object.entries(truth.facts).filter(([k, value]) => got[k] !== value);
        expect(wrong, `${truth.agency} ${truth.year} v${v}`).toEqual([]);
      }
    }
    expect(
      await rows(`select a.name, r.version, f.rule, f.severity, f.message from findings f join reports r on r.id = f.report_id
                    join agencies a on a.id = r.agency_id where f.rule like 'meta.%' order by 1, 2, 3`),
    ).toEqual([
      '北京市通州区宋庄镇人民政府 | 1 | meta.agency_from_path | info | the document names no agency: "宋庄镇" taken from the name "宋庄镇政府信息公开年报.doc"',
      '北京市通州区永乐店镇人民政府 | 1 | meta.path_consistent | warning | the title names 北京市通州区永乐店镇人民政府 but the name "于家务回族乡" says 于家务回族乡',
      '北京市通州区潞城镇人民政府 | 1 | meta.agency_from_path | info | the document names no agency: "潞城镇" taken from the name "潞城镇"',
      '北京市通州区西集镇人民政府 | 1 | meta.title_missing | info | no report title at the top of the document; agency from the signature',
      '北京市通州区西集镇人民政府 | 1 | meta.year_from_path | info | the document states no year: 2020 taken from the name "西集镇2020年报.txt"',
      '北京市通州区马驹桥镇人民政府 | 1 | meta.agency_from_path | info | the document names no agency: "马驹桥镇" taken from the name "马驹桥镇"',
    ]);
    expect(await rows(`select count(*) from findings where rule = 'twins.facts_disagree'`)).toEqual(['0']);
  });

  it('is a recorded run of kind import, with the files it left out as its errors', async () => {
    const { rows: runs } = await db().query<{ kind: string; status: string; counts: Record<string, number>; errors: { file: string }[] }>(
      `select kind, status, counts, errors from crawl_runs order by id`,
    );
    expect(runs.map((r) => [r.kind, r.status])).toEqual([
      ['reparse', 'ok'],
      ['import', 'partial'],
    ]);
    expect(runs[1]!.counts).toMatchObject({
      files: 14,
      leftOut: 4,
      documentsNew: 8,
      documentsUnchanged: 1,
      inserted: 5,
      copies: 1,
      unchanged: 1,
      notReport: 1,
      failedDocuments: 1,
    });
    expect(runs[1]!.errors.map((e) => e.file)).toEqual([
      '通州区年报/潞城镇/2020年报.pdf',
      '通州区年报/潞城镇/会议纪要.txt',
      '通州区年报/补充材料.zip/../evil.html',
      '通州区年报/补充材料.zip//etc/passwd.txt',
    ]);
  });

  it('adds nothing when the same folder is imported again', async () => {
    const before = await snapshotDb(db());
    const sources = await rows('select sha256, url, kind, meta::text from document_sources order by 1, 2');
    const again = await importFolder();
    expect(await snapshotDb(db())).toEqual(before);
    expect(await rows('select sha256, url, kind, meta::text from document_sources order by 1, 2')).toEqual(sources);
    // Nothing needed reading again: every report was loaded by the earlier import; the same files are left out.
    expect(again.process.documents).toBe(0);
    expect(again.import!.files.map((f) => [f.outcome, f.action])).toEqual(first.import!.files.map((f) => [f.outcome, f.action === null ? null : 'earlier']));
    expect(again.status).toBe('partial');
  }, 120_000);
});
