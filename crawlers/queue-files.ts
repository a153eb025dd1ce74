// crawlee keeps each site's request queue as JSON files (one per request). A request being handled is "locked" by
// a future orderNo; when the process that held it was killed, the lock outlives it for minutes. Before a site's
// crawl resumes, those locks are released, so the interrupted requests run at once. Only the process holding the
// site's queue lock does this.
import fs from 'node:fs';
import path from 'node:path';

export function queueDirOf(queueRoot: string, name: string): string {
  return path.join(queueRoot, 'request_queues', name);
}

/** Returns how many requests were unlocked. */
export function releaseStaleLocks(dir: string, now: number): number {
  if (!fs.existsSync(dir)) return 0;
  let released = 0;
  for (const file of fs.readdirSync(dir)) {
    // proper-lockfile's lock directories outlive a killed process; the caller holds the site, so they are stale.
    if (file.endsWith('.lock')) {
      fs.rmSync(path.join(dir, file), { recursive: true, force: true });
      continue;
    }
    if (!file.endsWith('.json') || file.startsWith('__')) continue;
    const full = path.join(dir, file);
    let entry: { orderNo?: number | null };
    try {
      entry = JSON.parse(fs.readFileSync(full, 'utf8')) as { orderNo?: number | null };
    } catch {
      continue; // a file cut off by the kill: crawlee ignores it too
    }
    if (typeof entry.orderNo === 'number' && Math.abs(entry.orderNo) > now) {
      entry.orderNo = Math.sign(entry.orderNo) * (now - 1);
      fs.writeFileSync(full, JSON.stringify(entry, null, '\t'));
      released++;
    }
  }
  return released;
}
