// Reading a researcher's ZIP archives (crawlers/local): what each entry becomes — a file with its path inside the
// collection, a refusal with its reason, clutter passed over — for names in GBK, links, encrypted entries, bombs,
// entries over the size limit, archives inside archives, other archive formats; and archives refused as a whole
// (too many entries, too large, not a ZIP). Nothing is ever written to disk: the entries are read in memory.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import { type CollectionItem, type CollectionLimits, collectionLimits, readCollection } from '../../crawlers/local/read-collection.js';
import { tempDir } from '../helpers/replica-crawl.js';

const DOCX = fs.readFileSync('test/jobs/import/lucheng-2021.docx');
const MiB = 1024 * 1024;

/** Sets an entry's "encrypted" bit in its local and central headers, as a password-protecting archiver does. */
function markEncrypted(zip: Buffer, name: string): Buffer {
  const out = Buffer.from(zip);
  const needle = Buffer.from(name);
  for (let at = out.indexOf(needle); at >= 0; at = out.indexOf(needle, at + 1)) {
    if (out.readUInt32LE(at - 30) === 0x04034b50) out[at - 30 + 6]! |= 1;
    else if (out.readUInt32LE(at - 46) === 0x02014b50) out[at - 46 + 8]! |= 1;
  }
  return out;
}

async function zipOf(entries: Record<string, string | Buffer>, options: { unixLink?: string } = {}): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, bytes] of Object.entries(entries)) zip.file(name, bytes, { createFolders: false });
  if (options.unixLink) zip.file(options.unixLink, '/etc/passwd', { createFolders: false, unixPermissions: 0o120777 });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
}

async function read(files: Record<string, Buffer>, limits: CollectionLimits = collectionLimits(50 * MiB)) {
  // The folder imported is 收集/, so the paths inside the collection are 收集/a.zip/….
  const dir = path.join(tempDir('gongkai-local-zip-'), '收集');
  fs.mkdirSync(dir);
  const inputs = Object.entries(files).map(([name, bytes]) => {
    fs.writeFileSync(path.join(dir, name), bytes);
    return { file: path.join(dir, name), root: dir, bytes: bytes.length, problem: null };
  });
  const out: [string, string][] = [];
  for await (const item of readCollection(inputs, limits)) out.push([item.path.replace(/^收集\//, ''), describe(item)]);
  // Only what was given is in the folder: no entry was unpacked beside it.
  expect(fs.readdirSync(dir).sort()).toEqual(Object.keys(files).sort());
  return out;
}

const short = (b: Buffer) => `${b.length} bytes ${crypto.createHash('sha256').update(b).digest('hex').slice(0, 8)}`;

function describe(item: CollectionItem): string {
  if ('bytes' in item) return short(item.bytes);
  return 'problem' in item ? `problem: ${item.problem}` : `skipped: ${item.skipped}`;
}

it('reads each entry of an archive in memory, refusing the ones it must with their reasons', async () => {
  const report = Buffer.from('<html><body>2021年政府信息公开工作年度报告</body></html>');
  // A name as Chinese Windows writes it: GBK bytes, no UTF-8 flag (placed over an ASCII name of the same length).
  const gbkName = iconv.encode('潞城镇/2021年报.html', 'gbk');
  const placeholder = `${'X'.repeat(gbkName.length - 5)}.html`;
  const inner = await zipOf({ 'x.txt': 'inner file', 'deeper.zip': await zipOf({ 'y.txt': 'too deep' }) });
  let zip = await zipOf(
    {
      [placeholder]: report,
      'bomb.txt': Buffer.alloc(20 * MiB),
      'secret.txt': 'locked',
      'report.docx': DOCX,
      'inner.zip': inner,
      'old.rar': Buffer.concat([Buffer.from('Rar!\x1a\x07\x00', 'latin1'), Buffer.alloc(32, 7)]),
      '__MACOSX/._report.docx': Buffer.from([0, 5, 22, 7]),
      '报告_files/style.css': 'body{}',
    },
    { unixLink: 'link.html' },
  );
  zip = markEncrypted(zip, 'secret.txt');
  for (let at = zip.indexOf(placeholder); at >= 0; at = zip.indexOf(placeholder, at + 1)) gbkName.copy(zip, at);

  expect(await read({ 'a.zip': zip })).toEqual([
    ['a.zip/潞城镇/2021年报.html', short(report)],
    [
      'a.zip/bomb.txt',
      `problem: inflates ${Math.round((20 * MiB) / zipEntrySize(zip, 'bomb.txt'))} times (${20 * MiB} bytes from ${zipEntrySize(zip, 'bomb.txt')}): a ZIP bomb, not read`,
    ],
    ['a.zip/secret.txt', 'problem: encrypted (password-protected) in the archive: not read'],
    // A Word file is a ZIP too: it is a document of the collection, never unpacked.
    ['a.zip/report.docx', short(DOCX)],
    ['a.zip/inner.zip/x.txt', short(Buffer.from('inner file'))],
    ['a.zip/inner.zip/deeper.zip', 'problem: an archive nested deeper than 2 levels: not opened'],
    ['a.zip/old.rar', 'problem: a RAR archive: gongkai opens ZIP archives only; unpack it and import the folder'],
    ['a.zip/__MACOSX/._report.docx', 'skipped: system file (__MACOSX), not a document'],
    ['a.zip/报告_files/style.css', 'skipped: part of a saved web page (报告_files/), not a document'],
    ['a.zip/link.html', 'problem: a symbolic link inside the archive: not followed'],
  ]);
}, 60_000);

/** The compressed size the archive's central directory declares for an entry. */
function zipEntrySize(zip: Buffer, name: string): number {
  const needle = Buffer.from(name);
  for (let at = zip.indexOf(needle); at >= 0; at = zip.indexOf(needle, at + 1))
    if (zip.readUInt32LE(at - 46) === 0x02014b50) return zip.readUInt32LE(at - 46 + 20);
  throw new Error(`no entry ${name}`);
}

it('refuses an entry over the size limit, and an archive over its entry count or total size as a whole', async () => {
  const entries = { 'a.txt': crypto.randomBytes(3000), 'b.txt': crypto.randomBytes(3000), 'c.txt': crypto.randomBytes(3000) };
  const zip = await zipOf(entries);
  expect(await read({ 'small.zip': zip }, collectionLimits(2000, { maxBytes: 2000 }))).toEqual(
    ['a', 'b', 'c'].map((n) => [`small.zip/${n}.txt`, 'problem: 3000 bytes, over the limit of 2000 (GONGKAI_MAX_DOCUMENT_BYTES): not read']),
  );
  expect(await read({ 'many.zip': zip }, collectionLimits(50 * MiB, { maxEntries: 2 }))).toEqual([
    ['many.zip', 'problem: 3 entries, over the limit of 2: not read'],
  ]);
  expect(await read({ 'large.zip': zip }, collectionLimits(50 * MiB, { maxTotalBytes: 8000 }))).toEqual([
    ['large.zip', 'problem: its files inflate to 9000 bytes, over the limit of 8000: not read'],
  ]);
  const broken = Buffer.concat([zip.subarray(0, 40), Buffer.alloc(200, 0x41)]);
  const [[name, problem]] = (await read({ 'broken.zip': broken })) as [[string, string]];
  expect([name, problem.startsWith('problem: not a readable ZIP archive: ')]).toEqual(['broken.zip', true]);
}, 60_000);
