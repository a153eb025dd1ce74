// One contender for test/db/dir-lock.test.ts: waits for the agreed start instant, takes the lock of DIR, prints
// "won" or "lost", and holds a won lock for HOLD ms before releasing it.
import { acquireDirLock } from '../../db/dir-lock.js';

const [dir, startAt, hold] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {
  // spin: a timer's granularity would spread the contenders apart
}
const lock = acquireDirLock(dir!);
process.stdout.write(lock ? 'won\n' : 'lost\n');
if (lock) {
  await new Promise((r) => setTimeout(r, Number(hold)));
  lock.release();
}
