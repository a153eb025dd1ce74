// What every command needs: the configuration, the logger, and a way to open the database (loaded only when used).
import type { Command } from 'commander';
import type { DbHandle } from '../db/client.js';
import { readConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';

export interface CliContext {
  config: Config;
  log: Logger;
  verbose: boolean;
  /** Opens (and migrates) the configured database; the caller closes it. */
  openDb(options?: { skipMigrations?: boolean }): Promise<DbHandle>;
}

let cached: CliContext | undefined;

export function getContext(command: Command): CliContext {
  if (cached) return cached;
  const verbose = Boolean(command.optsWithGlobals().verbose);
  const config = readConfig();
  const log = createLogger(config.logLevel, verbose);
  cached = {
    config,
    log,
    verbose,
    async openDb(options = {}) {
      const { openDb } = await import('../db/client.js');
      return openDb({ databaseUrl: config.databaseUrl, readerUrl: config.readerUrl, dataDir: config.dataDir, ...options });
    },
  };
  return cached;
}

/** Runs `fn` with an open database and always closes it. */
export async function withDb<T>(ctx: CliContext, fn: (handle: DbHandle) => Promise<T>, options?: { skipMigrations?: boolean }): Promise<T> {
  const handle = await ctx.openDb(options);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}
