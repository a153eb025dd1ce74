// The environment read into the configuration (cli/config.ts): values checked strictly, a bad one named.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../cli/config.js';
import { UsageError } from '../../cli/errors.js';

describe('GONGKAI_PARSE_MEMORY_MB', () => {
  it('is left to the machine when unset or empty', () => {
    expect(readConfig({}).parseMemoryMb).toBeNull();
    expect(readConfig({ GONGKAI_PARSE_MEMORY_MB: '' }).parseMemoryMb).toBeNull();
  });

  it('is a whole number of megabytes', () => {
    expect(readConfig({ GONGKAI_PARSE_MEMORY_MB: '2048' }).parseMemoryMb).toBe(2048);
  });

  it.each(['1.5GB', '0', '-1', '1e3', '0x400', ' 512', 'abc'])('refuses %s, naming the variable', (value) => {
    expect(() => readConfig({ GONGKAI_PARSE_MEMORY_MB: value })).toThrow(UsageError);
    expect(() => readConfig({ GONGKAI_PARSE_MEMORY_MB: value })).toThrow(
      `environment variable GONGKAI_PARSE_MEMORY_MB: must be a positive integer, got "${value}"`,
    );
  });
});

describe('whole-number variables', () => {
  it.each(['1e3', '0x10', ' 12', '12.0'])('refuse %s where a person meant digits (GONGKAI_PARSE_TIMEOUT_MS)', (value) => {
    expect(() => readConfig({ GONGKAI_PARSE_TIMEOUT_MS: value })).toThrow(UsageError);
  });

  it('take digits', () => {
    expect(readConfig({ GONGKAI_PARSE_TIMEOUT_MS: '1500' }).parseTimeoutMs).toBe(1500);
  });
});
