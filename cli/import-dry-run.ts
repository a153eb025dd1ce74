// `gongkai import --dry-run`: reads every file of the collection as the import would — the same paths in the
// collection, the same hints from them and from the flags — and says what would be loaded (agency, year, grade) and
// what would be left out and why. Writes nothing: no archive, no database.
import { sha256 } from '../crawlers/fetch/archive.js';
import type { ImportStatement } from '../crawlers/local/import-collection.js';
import type { CollectionItem } from '../crawlers/local/read-collection.js';
import { agencyIdentity } from '../domain/agency.js';
import type { ImportedFile } from '../domain/run-report.js';
import { createParsePool, type ParsePool, type ReadLimits } from '../jobs/parse-pool.js';
import { hintsOfLocal } from '../jobs/process-documents.js';
import { defaultReference } from '../pipeline/read-report.js';
import { unloadableReason } from '../pipeline/types.js';

/** What an import of these files would do with each, in the shape of the import's own summary (nothing has a report id). */
export async function dryRunImport(
  items: AsyncIterable<CollectionItem>,
  statement: ImportStatement,
  limits: Partial<ReadLimits>,
  onFile?: (done: number) => void,
): Promise<ImportedFile[]> {
  const reference = defaultReference();
  // Read in the parse pool's thread as the import reads them: a hostile file is ended at its deadline or memory cap.
  const pool = createParsePool({ threads: 1, limits });
  try {
    return await dryRun(items, statement, pool, reference, onFile);
  } finally {
    await pool.close();
  }
}

async function dryRun(
  items: AsyncIterable<CollectionItem>,
  statement: ImportStatement,
  pool: ParsePool,
  reference: ReturnType<typeof defaultReference>,
  onFile?: (done: number) => void,
): Promise<ImportedFile[]> {
  const seen = new Map<string, ImportedFile>();
  const out: ImportedFile[] = [];
  for await (const item of items) {
    const base = { path: item.path, sha256: null, action: null, agency: null, year: null, grade: null, reportId: null };
    let file: ImportedFile;
    if ('skipped' in item) file = { ...base, outcome: 'skipped', reason: item.skipped };
    else if ('problem' in item) file = { ...base, outcome: 'left_out', reason: item.problem };
    else {
      const sha = sha256(item.bytes);
      const first = seen.get(sha);
      if (first) file = { ...first, path: item.path, outcome: 'duplicate', reason: `the same bytes as ${first.path}` };
      else {
        file = await readOne(item.bytes, { ...base, sha256: sha }, { path: item.path, ...statement }, pool, reference);
        seen.set(sha, file);
      }
    }
    out.push(file);
    onFile?.(out.length);
  }
  return out;
}

async function readOne(
  bytes: Buffer,
  base: Omit<ImportedFile, 'outcome' | 'reason'>,
  meta: Parameters<typeof hintsOfLocal>[0],
  pool: ParsePool,
  reference: ReturnType<typeof defaultReference>,
): Promise<ImportedFile> {
  const read = await pool.read(bytes, { hints: hintsOfLocal(meta), docText: false });
  if (!read.ok) return { ...base, outcome: 'left_out', reason: `${read.code ?? read.reason}: ${read.message}` };
  const { needsOcr, report } = read;
  const unloadable = unloadableReason(report);
  if (unloadable !== null || !report.agency.name || report.year === null) return { ...base, outcome: 'left_out', reason: unloadable };
  // The name the agency row would have; an alias already in the database may map it to an existing agency.
  const identity = agencyIdentity(
    { name: report.agency.name, regionCode: report.agency.regionCode, level: report.agency.level },
    meta.regionCode ?? null,
    reference.regions,
  );
  return {
    ...base,
    outcome: 'loaded',
    agency: identity.name,
    year: report.year,
    grade: report.grade,
    reason: needsOcr ? 'no text layer (a scan): it needs OCR, nothing would be read from it' : null,
  };
}
