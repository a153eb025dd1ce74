// Parses numeric command-line options strictly: commander hands every value (and a string default) over as text, and
// a silent Number() fallback turned `--port 5433` into 5432 and `--runs abc` into 5.
import { UsageError } from './errors.js';

/** A commander argParser for an integer flag within [min, max]; anything else is a usage error (exit 2). */
export function integerArg(flag: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(`${flag} wants a whole number${max === Number.MAX_SAFE_INTEGER ? ` of at least ${min}` : ` from ${min} to ${max}`}, got "${value}"`);
    }
    return n;
  };
}
