// The files a command reads from the paths a user gives (`gongkai parse FILE|DIR`, `gongkai import PATH…`): directories walked without
// following symbolic links to directories (a loop would never end), and every path that cannot be read — a dangling
// link, a link loop, a file over the size limit — returned as a problem for that path alone; and the images an HTML
// file shows that were saved beside it.
import fs from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { decodeText } from '../domain/decode-text.js';
import { detectFormat } from '../domain/detect-format.js';

export interface InputFile {
  file: string;
  /** The path argument it was found under (a directory, or the file itself). */
  root: string;
  /** Size from stat, so that a file over the limit is refused before a byte of it is read. */
  bytes: number;
  /** Why the file is not read; the command reports it for this file and goes on with the others. */
  problem: string | null;
}

function describe(file: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'ELOOP') return 'a loop of symbolic links';
  if (err.code === 'ENOENT') return fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ? 'a symbolic link to nothing' : 'no such file';
  if (err.code === 'EACCES') return 'not readable (permission denied)';
  return err.message;
}

function entry(file: string, root: string, maxBytes: number): InputFile | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    return { file, root, bytes: 0, problem: describe(file, err as NodeJS.ErrnoException) };
  }
  if (stat.isDirectory()) return null;
  if (!stat.isFile()) return { file, root, bytes: 0, problem: 'not a regular file' };
  const problem = stat.size > maxBytes ? `${stat.size} bytes, over the limit of ${maxBytes} (GONGKAI_MAX_DOCUMENT_BYTES): not read` : null;
  return { file, root, bytes: stat.size, problem };
}

function walk(dir: string, root: string, maxBytes: number, out: InputFile[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    out.push({ file: dir, root, bytes: 0, problem: describe(dir, err as NodeJS.ErrnoException) });
    return;
  }
  for (const d of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (d.name.startsWith('.')) continue;
    const full = path.join(dir, d.name);
    if (d.isDirectory()) walk(full, root, maxBytes, out);
    else {
      // A link to a file is read; a link to a directory is not followed (entry() returns null for it).
      const e = entry(full, root, maxBytes);
      if (e) out.push(e);
    }
  }
}

/**
 * Every file under `paths` in a stable order, each with its size or the problem that keeps it from being read;
 * `maxBytes` is the size over which a file is refused unread (Infinity leaves that to the caller).
 */
export function listInputFiles(paths: string[], maxBytes: number): InputFile[] {
  const out: InputFile[] = [];
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (stat?.isDirectory()) walk(p, p, maxBytes, out);
    else out.push(entry(p, p, maxBytes) ?? { file: p, root: p, bytes: 0, problem: 'a directory' });
  }
  return out;
}

/**
 * The images an HTML file shows that were saved beside it (a browser's "save page" keeps them in `NAME_files/`), by
 * their src as written: tables pasted as pictures are then read in place by OCR. Only relative srcs are looked up,
 * never a URL or a site-root path; a missing, oversized or non-image file is left out (the page is read without it).
 */
export function savedPageImages(file: string, html: Uint8Array, maxBytes: number): Map<string, Uint8Array> {
  const images = new Map<string, Uint8Array>();
  // The srcs as the HTML extractor will see them: the page decoded in its own encoding, entities decoded.
  const srcs: string[] = [];
  const parser = new Parser({ onopentag: (name, attrs) => name === 'img' && attrs.src && srcs.push(attrs.src.trim()) }, { decodeEntities: true });
  parser.end(decodeText(html).text);
  for (const src of srcs) {
    if (!src || images.has(src) || /^([a-z][a-z0-9+.-]*:|\/)/i.test(src)) continue;
    let rel: string;
    try {
      rel = decodeURIComponent(src.replace(/[?#].*$/, ''));
    } catch {
      continue;
    }
    const full = path.resolve(path.dirname(file), rel);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > maxBytes) continue;
    const bytes = fs.readFileSync(full);
    if (detectFormat(bytes) === 'image') images.set(src, bytes);
  }
  return images;
}
