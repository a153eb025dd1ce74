// Why a document could not be turned into text: each is recorded with the document, and the run goes on.

/** too_complex: over one of the work bounds of limits.ts (cells, depth, merged ranges, inflated bytes, text items …). */
export type ExtractErrorCode = 'unsupported_format' | 'too_large' | 'too_many_pages' | 'too_complex' | 'corrupt' | 'encrypted' | 'timeout';

export class ExtractError extends Error {
  constructor(
    readonly code: ExtractErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExtractError';
  }
}
