// What `gongkai import` prints: one row per file (what became of it: loaded with its agency, year and grade, a
// duplicate, left out with the reason, passed over) and a summary; the same table for a dry run, in the conditional.
import type { ImportedFile } from '../domain/run-report.js';
import { formatTable } from './format-table.js';
import { terminalSafe } from './terminal-text.js';

const OUTCOME = {
  loaded: ['loaded', 'would load'],
  duplicate: ['duplicate', 'duplicate'],
  left_out: ['LEFT OUT', 'LEFT OUT'],
  skipped: ['skipped', 'skipped'],
} as const;

function note(f: ImportedFile): string {
  if (f.outcome !== 'loaded') return f.reason ?? '';
  const action = f.action === 'earlier' ? 'loaded by an earlier import' : f.action === 'inserted' ? 'new report' : f.action;
  return [action, f.reason].filter(Boolean).join('; ');
}

export function importTable(files: readonly ImportedFile[], dryRun: boolean): string {
  return formatTable(
    ['file', 'outcome', 'agency', 'year', 'grade', 'note'],
    files.map((f) => [f.path, OUTCOME[f.outcome][dryRun ? 1 : 0], f.agency, f.year, f.grade, note(f)]),
    { maxCellWidth: 80 },
  );
}

export function countOutcomes(files: readonly ImportedFile[]): Record<ImportedFile['outcome'], number> {
  const n = { loaded: 0, duplicate: 0, left_out: 0, skipped: 0 };
  for (const f of files) n[f.outcome]++;
  return n;
}

/** The table and a closing summary; `head` is the first line (the run, or "dry run"). */
export function printImport(head: string, files: readonly ImportedFile[], dryRun: boolean): string {
  const n = countOutcomes(files);
  const lines = [
    head,
    '',
    importTable(files, dryRun),
    '',
    `${files.length} ${files.length === 1 ? 'file' : 'files'}: ${n.loaded} ${dryRun ? 'would be loaded' : 'loaded'}, ${n.duplicate} duplicates, ${n.left_out} left out, ${n.skipped} skipped`,
  ];
  // The table cuts long notes; why a file was left out is what the user must act on, so it is printed whole.
  const leftOut = files.filter((f) => f.outcome === 'left_out');
  if (leftOut.length > 0) lines.push('', 'left out:', ...leftOut.map((f) => `  ${f.path}: ${f.reason ?? 'not loaded'}`), '');
  if (n.left_out > 0)
    lines.push(
      dryRun
        ? 'Files left out would not be loaded: give the agency or year in the file or folder name, or with --agency/--year.'
        : 'Files left out are not in the dataset (each with its reason above); what was imported stays. Fix them and import again.',
    );
  return terminalSafe(`${lines.join('\n')}\n`);
}
