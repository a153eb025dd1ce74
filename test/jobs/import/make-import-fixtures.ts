// Writes the office files of the import test: generated reports whose documents do not name their agency (the title
// is only "2021年政府信息公开工作年度报告", as many printed reports are), so that the file's folder or name must; their
// HTML, then DOCX/DOC/PDF by LibreOffice 7.4 (Debian: libreoffice-writer-nogui, fonts-noto-cjk) as in
// ../../pipeline/reports/make-office-twins.sh. The files are committed; this is how they were made.
// Usage: npx tsx test/jobs/import/make-import-fixtures.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateReport } from '../../../replica/generate-report.js';
import { renderHtml } from '../../../replica/render-report.js';
import { FIXTURES } from './fixtures.js';

const DIR = import.meta.dirname;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-import-fixtures-'));
try {
  for (const f of FIXTURES) {
    const spec = generateReport(f.seed, f.agency, f.year);
    // The agency is left out of the document (heading, opening, signature): only the file's path names it.
    const html = renderHtml({ ...spec, agency: '' });
    fs.writeFileSync(path.join(DIR, `${f.name}.html`), html);
    fs.writeFileSync(path.join(work, 'source.html'), html);
    const convert = (to: string, from: string) => execFileSync('soffice', ['--headless', '--convert-to', to, from], { cwd: work, stdio: 'ignore' });
    convert('docx:MS Word 2007 XML', 'source.html');
    if (f.formats.includes('doc')) convert('doc:MS Word 97', 'source.docx');
    if (f.formats.includes('pdf')) convert('pdf', 'source.docx');
    for (const ext of f.formats) if (ext !== 'html') fs.copyFileSync(path.join(work, `source.${ext}`), path.join(DIR, `${f.name}.${ext}`));
    for (const x of fs.readdirSync(work)) fs.rmSync(path.join(work, x));
    console.log(f.name, f.formats.join(' '));
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
