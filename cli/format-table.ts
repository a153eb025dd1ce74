// Renders rows as an aligned text table; CJK characters take two columns on a terminal, so widths use string-width.
import stringWidth from 'string-width';

/** One cell as text: null → empty, dates as ISO, objects as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function formatTable(columns: string[], rows: unknown[][], options: { maxCellWidth?: number } = {}): string {
  const max = options.maxCellWidth ?? 60;
  const clip = (s: string) => {
    const flat = s.replace(/\s*\n\s*/g, ' ');
    if (stringWidth(flat) <= max) return flat;
    let out = '';
    for (const ch of flat) {
      if (stringWidth(out + ch) > max - 1) break;
      out += ch;
    }
    return `${out}…`;
  };
  const text = rows.map((r) => r.map((v) => clip(cellText(v))));
  const widths = columns.map((c, i) => Math.max(stringWidth(c), ...text.map((r) => stringWidth(r[i] ?? ''))));
  // Right-align columns whose values are numbers in the result (not digit strings such as region codes).
  const numericCol = columns.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === null || typeof r[i] === 'number' || typeof r[i] === 'bigint'));
  const pad = (s: string, i: number) => {
    const gap = ' '.repeat(Math.max(0, widths[i]! - stringWidth(s)));
    return numericCol[i] ? gap + s : s + gap;
  };
  const lines = [
    columns
      .map((c, i) => pad(c, i))
      .join('  ')
      .trimEnd(),
    widths.map((w) => '─'.repeat(w)).join('  '),
  ];
  for (const r of text)
    lines.push(
      r
        .map((c, i) => pad(c, i))
        .join('  ')
        .trimEnd(),
    );
  return lines.join('\n');
}
