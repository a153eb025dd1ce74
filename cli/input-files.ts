// The files a command reads from the paths a user gives (`gongkai parse FILE|DIR`, `gongkai import PATH…`): directories walked without
// following symbolic links to directories (a loop would never end), and every path that cannot be read — a dangling
// link, a link loop, a file over the size limit — returned as a problem for that path alone. Reads no file's bytes.
import fs from 'node:fs';
import path from 'node:path';

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
