// Golden files: canonical JSON (sorted keys, 2-space indent, trailing newline) compared with what the code gives.
// A missing golden file is written and the test fails, asking for a review; UPDATE_GOLDEN=1 rewrites them all.
import fs from 'node:fs';
import { expect } from 'vitest';

export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

export function expectGolden(file: string, actual: unknown): void {
  const text = canonicalJson(actual);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.writeFileSync(file, text);
    return;
  }
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, text);
    throw new Error(`golden file ${file} did not exist: written now, review it and run the tests again`);
  }
  expect(text).toBe(fs.readFileSync(file, 'utf8'));
}
