// Typed errors of the database layer, so the CLI can print one clear line for each.

/** The embedded database directory is open in another process (PGlite allows one process at a time). */
export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid?: number,
  ) {
    super(
      `the embedded database ${dir} is in use by another gongkai process${pid ? ` (pid ${pid})` : ''}; ` +
        'stop it, or start `gongkai db serve` once and point DATABASE_URL at it',
    );
    this.name = 'DatabaseLockedError';
  }
}

/** Researcher SQL that is not one plain SELECT over allowed functions; `reason` says what was found. */
export class StatementRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`refused: ${reason} (gongkai query runs one read-only SELECT; use psql as the owner for changes)`);
    this.name = 'StatementRefusedError';
  }
}

/** No connection that cannot write is configured, so researcher SQL is not run at all. */
export class ReaderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReaderUnavailableError';
  }
}
