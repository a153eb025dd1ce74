// SIGTERM during a command that crawls in this process (crawl, run): the fetch log's held rows are written (those of
// requests answered before the signal, and of those answered while they are written), then the process dies of the
// signal as it did before. It must not keep the process alive nor stop it cleanly: the next run marks the run
// interrupted, and a killed crawl resumes, as after any kill. Ctrl-C is left alone: crawlee's own listener stops each
// site's crawler (its "pause"), each site's end writes its rows, and the command ends with its report as before.
import type { DbHandle } from '../db/client.js';

/** How long the rows may take to be written before the process dies anyway (a database that does not answer). */
const FLUSH_TIMEOUT_MS = 5000;

/** Listens for SIGTERM until the returned function is called. A second one kills at once. */
export function flushOnSignal(handle: DbHandle): () => void {
  let stopping = false;
  const stop = () => {
    process.off('SIGTERM', onSignal);
  };
  const die = (signal: NodeJS.Signals) => {
    stop();
    // Delivered again with no listener of ours: the default action, or signal-exit's (crawlee's file locks), which
    // cleans up and raises it once more when no other listener is left.
    process.kill(process.pid, signal);
  };
  function onSignal(signal: NodeJS.Signals): void {
    if (stopping) {
      die(signal);
      return;
    }
    stopping = true;
    const timer = setTimeout(() => die(signal), FLUSH_TIMEOUT_MS);
    // Loaded already by the crawl (imported here lazily so that the CLI's start does not load the database code).
    void import('../db/queries/fetch-log.js')
      .then(async ({ flushFetchLog, heldFetchRows }) => {
        // The crawl goes on while rows are written: those its requests recorded meanwhile are written in turn.
        do await flushFetchLog(handle.db);
        while (heldFetchRows(handle.db) > 0);
      })
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        die(signal);
      });
  }
  process.on('SIGTERM', onSignal);
  return stop;
}
