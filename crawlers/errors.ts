// Typed errors of the crawler.
import type { FetchFailure } from '../domain/values.js';

/** A registry entry that does not validate: the message names the site and the field. */
export class SiteConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SiteConfigError';
  }
}

/** The archive's disk is full (or over quota): nothing more can be kept, so the crawl stops instead of fetching on. */
export class ArchiveFullError extends Error {
  constructor(
    readonly root: string,
    readonly code: string,
  ) {
    super(`disk full: the archive ${root} cannot take more (${code}); free space and run again, nothing was half-written`);
    this.name = 'ArchiveFullError';
  }
}

/** Why a fetch did not produce a usable body; `outcome` is what the fetches table records. */
export class FetchError extends Error {
  constructor(
    readonly outcome: FetchFailure,
    message: string,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}
