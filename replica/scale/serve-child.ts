// Runs the scale replica in a process of its own (so that rendering its pages takes no CPU time or memory from the
// crawl being measured): started with fork() by the bench, it answers over IPC — 'hits', 'reset', 'close' — and
// exits when its parent goes away or its lifetime ends. Not for tests.
import { startScaleReplica } from './server.js';

const count = Number(process.env.SCALE_SITES ?? 300);
const delayMs = Number(process.env.SCALE_DELAY_MS ?? 1000);
const lifetimeMs = Number(process.env.SCALE_LIFETIME_MS ?? 3_600_000);

const replica = await startScaleReplica({ count, delayMs, lifetimeMs });
const stop = async () => {
  await replica.close();
  process.exit(0);
};
setTimeout(() => void stop(), lifetimeMs).unref();
process.on('disconnect', () => void stop());
process.on('message', (m: { op: 'hits' | 'reset' | 'close' }) => {
  if (m.op === 'hits') process.send?.({ op: 'hits', hits: replica.hits() });
  else if (m.op === 'reset') {
    replica.resetHits();
    process.send?.({ op: 'reset' });
  } else void stop();
});
process.send?.({ op: 'ready', sites: replica.sites });
