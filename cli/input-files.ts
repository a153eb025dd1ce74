// The files a command reads from the paths a user gives (`gongkai parse FILE|DIR`): directories walked without
// following symbolic links to directories (a loop would never end), and every path that cannot be read — a dangling
// link, a link loop, a file over the size limit — returned as a problem for that path alone. Reads no file's bytes.
import fs from 'node:fs';
import path from 'node:path';

export interface InputFile {
  file: string;
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

function entry(file: string, maxBytes: number): InputFile | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    return { file, bytes: 0, problem: describe(file, err as NodeJS.ErrnoException) };
  }
  if (stat.isDirectory()) return null;
  if (!stat.isFile()) return { file, bytes: 0, problem: 'not a regular file' };
  const problem = stat.size > maxBytes ? `${stat.size} bytes, over the limit of ${maxBytes} (GONGKAI_MAX_DOCUMENT_BYTES): not read` : null;
  return { file, bytes: stat.size, problem };
}

function walk(dir: string, maxBytes: number, out: InputFile[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    out.push({ file: dir, bytes: 0, problem: describe(dir, err as NodeJS.ErrnoException) });
    return;
  }
  for (const d of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (d.name.startsWith('.')) continue;
    const full = path.join(dir, d.name);
    if (d.isDirectory()) walk(full, maxBytes, out);
    else if (d.isSymbolicLink()) {
      const e = entry(full, maxBytes);
      if (e) out.push(e); // a link to a file is read; a link to a directory is not followed
    } else {
      const e = entry(full, maxBytes);
      if (e) out.push(e);
    }
  }
}

/** Every file under `paths` in a stable order, each with its size or the problem that keeps it from being read. */
export function listInputFiles(paths: string[], maxBytes: number): InputFile[] {
  const out: InputFile[] = [];
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (stat?.isDirectory()) walk(p, maxBytes, out);
    else out.push(entry(p, maxBytes) ?? { file: p, bytes: 0, problem: 'a directory' });
  }
  return out;
}
