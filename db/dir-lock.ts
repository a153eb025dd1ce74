// A lock file that keeps a second process from opening the same embedded database directory.
import fs from 'node:fs';
import path from 'node:path';

export interface DirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<dir>/.gongkai.lock`, replacing it when the process that wrote it is gone; null when it is held. */
export function acquireDirLock(dir: string): DirLock | null {
  const file = path.join(dir, '.gongkai.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
        process.off('exit', release);
      };
      process.on('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return null;
      fs.rmSync(file, { force: true }); // stale: its process died (e.g. SIGKILL)
    }
  }
  return null;
}

export function lockHolder(dir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dir, '.gongkai.lock'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
