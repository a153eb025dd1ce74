// Writes rows to CSV (or JSON lines) as they come, with csv-stringify: UTF-8, optionally with a BOM for Excel on
// Windows; text cells that a spreadsheet would run as a formula (= + - @, tab, CR) are prefixed with an apostrophe.
import fs from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';

export interface WriteOptions {
  format: 'csv' | 'jsonl';
  bom: boolean;
  /** Columns holding numbers or dates: never neutralised (a negative number is a number, not a formula). */
  numericColumns?: Set<string>;
}

const FORMULA = /^[=+\-@\t\r]/;

export function cellValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Numeric columns come from Postgres as strings (numeric keeps its precision that way); JSON wants numbers. */
function jsonValue(value: unknown, numeric: boolean): unknown {
  if (value === undefined || value === null) return null;
  if (numeric && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

export function neutralise(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

export async function writeRows(
  file: string,
  columns: readonly string[],
  batches: AsyncIterable<Record<string, unknown>[]>,
  options: WriteOptions,
): Promise<number> {
  const out = fs.createWriteStream(file);
  let count = 0;
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  if (options.bom) await write('\ufeff');
  if (options.format === 'jsonl') {
    for await (const rows of batches) {
      for (const row of rows) {
        await write(`${JSON.stringify(Object.fromEntries(columns.map((c) => [c, jsonValue(row[c], options.numericColumns?.has(c) ?? false)])))}\n`);
        count++;
      }
    }
  } else {
    const csv = stringify({ header: true, columns: [...columns] });
    csv.on('data', (chunk: Buffer) => {
      if (!out.write(chunk)) csv.pause();
    });
    out.on('drain', () => csv.resume());
    const done = once(csv, 'end');
    for await (const rows of batches) {
      for (const row of rows) {
        const record = columns.map((c) => {
          const text = cellValue(row[c]);
          return options.numericColumns?.has(c) ? text : neutralise(text);
        });
        if (!csv.write(record)) await once(csv, 'drain');
        count++;
      }
    }
    csv.end();
    await done;
  }
  out.end();
  await once(out, 'finish');
  return count;
}
