// Why a document could not be turned into text: each is recorded with the document, and the run goes on.

export type ExtractErrorCode = 'unsupported_format' | 'too_large' | 'too_many_pages' | 'corrupt' | 'encrypted' | 'timeout';

export class ExtractError extends Error {
  constructor(
    readonly code: ExtractErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExtractError';
  }
}
