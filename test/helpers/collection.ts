// A researcher's folder of reports, as people keep them, for the import tests: generated reports in every format
// (html, docx, doc, pdf, xls, txt) named the messy ways collections are ("潞城镇/2021年报.docx", "2022/宋庄镇政府信息公开年报.doc",
// "西集镇2020年报.txt"), most of them not naming their agency inside; a copy of one under another name, a corrupt PDF,
// a meeting note, Windows clutter, and a ZIP holding a report filed under the wrong town, entries named ../ and /etc/…,
// and macOS clutter.
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { generateReport } from '../../replica/generate-report.js';
import { renderHtml, renderText } from '../../replica/render-report.js';
import { FIXTURES } from '../jobs/import/fixtures.js';

const FIXTURE_DIR = path.resolve(import.meta.dirname, '../jobs/import');
const REPORTS_DIR = path.resolve(import.meta.dirname, '../pipeline/reports');

/** The reports of the collection with the agency and year each was generated for (the truth the rows are held to). */
export const COLLECTION_TRUTH = {
  ...Object.fromEntries(FIXTURES.map((f) => [f.name, { agency: f.agency, year: f.year, facts: generateReport(f.seed, f.agency, f.year).facts }])),
  'xiji-2020': { agency: '北京市通州区西集镇人民政府', year: 2020, facts: generateReport(1804, '北京市通州区西集镇人民政府', 2020).facts },
  'yongledian-2021': { agency: '北京市通州区永乐店镇人民政府', year: 2021, facts: generateReport(1805, '北京市通州区永乐店镇人民政府', 2021).facts },
};

/** The 西集镇 report as a web archive's text dump: no title or statistical period, signed at the end (its year is a guess). */
export function xijiText(): string {
  const spec = generateReport(1804, '北京市通州区西集镇人民政府', 2020);
  const lines = renderText(spec, 'tabs').split('\n');
  // Lines 0-5: the agency, the title and the sentence with the statistical period, with the blank lines between them.
  return lines.slice(6).join('\n');
}

/** 永乐店镇's report, which names itself, in a page saved from its site. */
export function yongledianHtml(): string {
  return renderHtml(generateReport(1805, '北京市通州区永乐店镇人民政府', 2021), { chrome: true });
}

/** The ZIP of "supplementary material": one report misfiled, two entries whose names escape, macOS clutter. */
export async function supplementZip(): Promise<Buffer> {
  const zip = new JSZip();
  const html = yongledianHtml();
  // Entries only, as archivers write them (no directory entries): jszip writes names as given, ../ and / included.
  const only = { createFolders: false };
  zip.file('../evil.html', html, only);
  zip.file('/etc/passwd.txt', 'root:x:0:0:root:/root:/bin/bash\n', only);
  zip.file('于家务回族乡/2021年报.html', html, only);
  zip.file('__MACOSX/于家务回族乡/._2021年报.html', Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]), only);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Writes the collection under `dir`/通州区年报 and returns that folder. */
export async function writeCollection(dir: string): Promise<string> {
  const root = path.join(dir, '通州区年报');
  const put = (rel: string, bytes: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), bytes);
  };
  const fixture = (name: string) => fs.readFileSync(path.join(FIXTURE_DIR, name));
  put('潞城镇/2021年报.docx', fixture('lucheng-2021.docx'));
  put('潞城镇/2021.html', fixture('lucheng-2021.html'));
  put('潞城镇/2020年报.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), Buffer.alloc(64, 0x1a)]));
  put('潞城镇/会议纪要.txt', '潞城镇党政办公室会议纪要\n\n会议研究了春季防火和环境整治工作，明确了责任分工。\n');
  put('2022/宋庄镇政府信息公开年报.doc', fixture('songzhuang-2022.doc'));
  put('马驹桥镇/2021年报.pdf', fixture('majuqiao-2021.pdf'));
  put('西集镇2020年报.txt', xijiText());
  put('密云区城市管理委员会/2019年报.xls', fs.readFileSync(path.join(REPORTS_DIR, 'local-rows-2019/source.xls')));
  put('潞城镇备份/2021年报(1).docx', fixture('lucheng-2021.docx'));
  put('Thumbs.db', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]));
  put('补充材料.zip', await supplementZip());
  return root;
}
