// Human-readable rendering of a ParsedReport (the three statutory tables as aligned tables, then the findings)
// and of a DocText (for --dump-doctext).
import { T2_ROWS, T3_COLUMNS, T3_ROWS, T3_SUBTOTAL_ROWS, T4_BLOCKS, T4_COLUMNS } from '../domain/codebook.js';
import { terminalSafe } from './terminal-text.js';
import type { DocText, ParsedReport } from '../pipeline/types.js';
import { formatTable } from './format-table.js';

const show = (r: ParsedReport, key: string): string => {
  if (!(key in r.facts)) return '';
  const v = r.facts[key];
  return v === null ? '∅' : String(v);
};

export function printReport(file: string, r: ParsedReport): string {
  const lines: string[] = [];
  lines.push(`${file}`);
  lines.push(
    `  agency    ${r.agency.name ?? '(unknown)'}${r.agency.regionCode ? `  [${r.agency.regionCode}]` : ''}${r.agency.level ? `  ${r.agency.level}` : ''}`,
  );
  lines.push(`  year      ${r.year ?? '(unknown)'}    template ${r.template}    grade ${r.grade}    format ${r.source.format}`);
  if (r.title) lines.push(`  title     ${r.title}`);
  if (r.publishedAt) lines.push(`  published ${r.publishedAt}`);
  lines.push('');

  const t2Cols = [
    ...new Set(
      T2_ROWS.flatMap((row) =>
        Object.values(row.columns)
          .flat()
          .map(([id]) => id),
      ),
    ),
  ].filter((c) => Object.keys(r.facts).some((k) => k.startsWith('t2.') && k.endsWith(`.${c}`)));
  const t2Rows = T2_ROWS.filter((row) => t2Cols.some((c) => `t2.${row.id}.${c}` in r.facts));
  lines.push('  表二 主动公开政府信息情况');
  lines.push(
    t2Rows.length
      ? indent(
          formatTable(
            ['', ...t2Cols],
            t2Rows.map((row) => [row.label, ...t2Cols.map((c) => show(r, `t2.${row.id}.${c}`))]),
          ),
        )
      : '    (not found)',
  );
  if (methods(r, 't2')) lines.push(methods(r, 't2'));
  lines.push('');

  const t3Rows = [...T3_ROWS, ...T3_SUBTOTAL_ROWS].filter((row) => T3_COLUMNS.some((c) => `t3.${row.id}.${c.id}` in r.facts));
  lines.push('  表三 收到和处理政府信息公开申请情况');
  lines.push(
    t3Rows.length
      ? indent(
          formatTable(
            ['', ...T3_COLUMNS.map((c) => c.label.split('/').at(-1)!)],
            t3Rows.map((row) => [row.label, ...T3_COLUMNS.map((c) => show(r, `t3.${row.id}.${c.id}`))]),
            { maxCellWidth: 30 },
          ),
        )
      : '    (not found)',
  );
  if (methods(r, 't3')) lines.push(methods(r, 't3'));
  lines.push('');

  lines.push('  表四 政府信息公开行政复议、行政诉讼情况');
  lines.push(
    T4_BLOCKS.some((b) => `t4.${b.id}.total` in r.facts)
      ? indent(
          formatTable(
            ['', ...T4_COLUMNS.map((c) => c.label)],
            T4_BLOCKS.map((b) => [b.label, ...T4_COLUMNS.map((c) => show(r, `t4.${b.id}.${c.id}`))]),
          ),
        )
      : '    (not found)',
  );
  if (methods(r, 't4')) lines.push(methods(r, 't4'));
  lines.push('');

  const other = Object.keys(r.facts)
    .filter((k) => !/^t[234]\./.test(k))
    .sort();
  if (other.length) {
    lines.push('  text figures');
    lines.push(
      indent(
        formatTable(
          ['key', 'value', 'from'],
          other.map((k) => [k, show(r, k), r.raw[k] ?? '']),
          { maxCellWidth: 50 },
        ),
      ),
    );
    lines.push('');
  }
  lines.push(`  findings (${r.findings.length})`);
  for (const f of r.findings) lines.push(`    ${f.severity.padEnd(7)} ${f.rule}: ${f.message}`);
  lines.push('');
  return terminalSafe(`${lines.join('\n')}\n`);
}

/** How the cells of one table were read (grid, aligned, split), e.g. "read: 170 grid, 5 split". */
function methods(r: ParsedReport, table: string): string {
  const counts = new Map<string, number>();
  for (const [key, p] of Object.entries(r.provenance)) {
    if (!key.startsWith(`${table}.`) || r.facts[key] === null || r.facts[key] === undefined) continue;
    counts.set(p.method, (counts.get(p.method) ?? 0) + 1);
  }
  return counts.size ? `    read: ${[...counts].map(([m, n]) => `${n} ${m}`).join(', ')}` : '';
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

export function printDocText(file: string, doc: DocText): string {
  const lines = [
    `${file}: ${doc.source.format}${doc.source.encoding ? ` (${doc.source.encoding})` : ''}, ${doc.blocks.length} blocks${doc.needsOcr ? ', NEEDS OCR' : ''}`,
  ];
  for (const w of doc.warnings) lines.push(`  warning: ${w}`);
  doc.blocks.forEach((b, i) => {
    const page = b.page !== undefined ? ` p${b.page}` : '';
    if (b.kind === 'para') lines.push(`[${i}] para${page}  ${b.text}`);
    else {
      lines.push(`[${i}] table${page} ${b.rows.length}×${Math.max(0, ...b.rows.map((r) => r.length))} (${b.geometry})`);
      b.rows.forEach((row, ri) => lines.push(`     ${String(ri).padStart(3)} | ${row.map((c) => c.replace(/\n/g, '⏎')).join(' | ')}`));
    }
  });
  return terminalSafe(`${lines.join('\n')}\n`);
}
