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
