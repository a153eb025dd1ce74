// Waits for Ctrl-C or SIGTERM, for the commands that run until stopped (schedule, worker, replica serve).

/**
 * Resolves on the first SIGINT or SIGTERM. The listeners stay registered while the signal is delivered (not
 * `process.once`): libraries that loaded later (signal-exit, through crawlee's file locks) re-raise a signal when they
 * see no other listener, which would kill the process before it stops cleanly.
 */
export function waitForStop(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      // Removed on the next tick, after every listener of this delivery has run.
      setImmediate(() => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      });
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
