// The raw archive: every fetched body stored once under its sha256 (<root>/ab/cd/<sha256>), written atomically
// before anything reads it, never overwritten.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ArchiveFullError } from '../errors.js';

export function sha256(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Path of a body relative to the archive root. */
export function archivePath(sha: string): string {
  return path.join(sha.slice(0, 2), sha.slice(2, 4), sha);
}

export class Archive {
  constructor(readonly root: string) {}

  /** Stores the bytes if they are not there yet; returns their sha256 and relative path. */
  put(bytes: Uint8Array): { sha256: string; path: string } {
    const sha = sha256(bytes);
    const rel = archivePath(sha);
    const abs = path.join(this.root, rel);
    if (!fs.existsSync(abs)) {
      const tmp = `${abs}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      try {
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(tmp, bytes);
        fs.renameSync(tmp, abs);
      } catch (err) {
        // A half-written .tmp is never read, but it holds the space the next write needs: remove it.
        fs.rmSync(tmp, { force: true });
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EDQUOT') throw new ArchiveFullError(this.root, code);
        throw err;
      }
    }
    return { sha256: sha, path: rel };
  }

  get(sha: string): Buffer | null {
    const abs = path.join(this.root, archivePath(sha));
    return fs.existsSync(abs) ? fs.readFileSync(abs) : null;
  }

  has(sha: string): boolean {
    return fs.existsSync(path.join(this.root, archivePath(sha)));
  }
}
