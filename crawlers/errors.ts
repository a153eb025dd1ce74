// Typed errors of the crawler.

/** A registry entry that does not validate: the message names the site and the field. */
export class SiteConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SiteConfigError';
  }
}

/** Why a fetch did not produce a usable body; `outcome` is what the fetches table records. */
export class FetchError extends Error {
  constructor(
    readonly outcome:
      | 'http_error'
      | 'blocked'
      | 'robots_disallowed'
      | 'too_large'
      | 'private_address'
      | 'off_site'
      | 'redirect_loop'
      | 'timeout'
      | 'network_error'
      | 'unsupported',
    message: string,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}
