// A lock that keeps a second process from opening the same directory (the embedded database, a crawl queue).
// Takeover of a dead holder's lock is atomic: never check-then-remove, which let two starters both win.
//
// How: the lock is a series of generation files `.gongkai.lock.<n>`, each created (link(2), which fails when the
// name exists) by exactly one process. The holder is the process that wrote the highest generation and is alive. To take over from a dead or
// released holder of generation n, a process creates n + 1 — of several contenders only one can — and
// then checks that no higher generation exists (a contender that read an old listing may create a lower one, and
// gives it up). A released generation stays on disk, marked free, so generations only grow.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface DirLock {
  release(): void;
}

const PREFIX = '.gongkai.lock.';
/** The single lock file of earlier versions: honoured while its process lives, so an old and a new gongkai exclude each other. */
const LEGACY = '.gongkai.lock';
const FREE = 'free';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function generations(dir: string): number[] {
  return fs
    .readdirSync(dir)
    .map((f) => (f.startsWith(PREFIX) && /^\d+$/.test(f.slice(PREFIX.length)) ? Number(f.slice(PREFIX.length)) : -1))
    .filter((n) => n >= 0)
    .sort((a, b) => b - a);
}

/** The live pid written in a lock file; null when it is free, dead, unreadable or gone. */
function livePid(file: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
  const pid = Number(text);
  return text !== FREE && Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/** Takes the lock of `dir`, taking over from a holder that died or released it; null while a live process holds it. */
export function acquireDirLock(dir: string): DirLock | null {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (livePid(path.join(dir, LEGACY)) !== null) return null;
    const top = generations(dir)[0];
    if (top !== undefined && livePid(path.join(dir, `${PREFIX}${top}`)) !== null) return null;
    const mine = top === undefined ? 0 : top + 1;
    const file = path.join(dir, `${PREFIX}${mine}`);
    // link() publishes the file with its pid already in it (an O_EXCL create shows an empty file for a moment,
    // which another contender would read as free) and fails if the generation exists.
    const tmp = path.join(dir, `.gongkai.lock-new-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
    fs.writeFileSync(tmp, String(process.pid));
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue; // another contender took this generation
      throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    if (generations(dir)[0] !== mine) {
      // Made from an old listing, below the real holder: give it up and look again.
      fs.rmSync(file, { force: true });
      continue;
    }
    for (const old of generations(dir).filter((g) => g < mine)) fs.rmSync(path.join(dir, `${PREFIX}${old}`), { force: true });
    fs.rmSync(path.join(dir, LEGACY), { force: true });
    return holding(dir, file);
  }
  return null;
}

function holding(dir: string, file: string): DirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (fs.readFileSync(file, 'utf8').trim() !== String(process.pid)) return;
      // Marked free rather than removed, so that the next holder's generation is higher (see the top of the file).
      const tmp = path.join(dir, `.gongkai.lock-free-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
      fs.writeFileSync(tmp, FREE);
      fs.renameSync(tmp, file);
    } catch {
      // The directory is gone: nothing to release.
    }
  };
  process.on('exit', release);
  return { release };
}

/** The pid holding the lock of `dir`, for messages; undefined when nobody does. */
export function lockHolder(dir: string): number | undefined {
  try {
    const legacy = livePid(path.join(dir, LEGACY));
    if (legacy !== null) return legacy;
    const top = generations(dir)[0];
    return top === undefined ? undefined : (livePid(path.join(dir, `${PREFIX}${top}`)) ?? undefined);
  } catch {
    return undefined;
  }
}
