// The archiving half of `gongkai import`: every readable file of the collection archived by its sha256 and recorded
// with its local source, in the order given; files that cannot be read and clutter passed over are kept in the list
// with their reasons. Reading and loading are the orchestrator's (jobs/collect.ts), as for crawled documents.
import type { Database } from '../../db/client.js';
import type { LocalSourceMeta } from '../../domain/local-source.js';
import type { RecordedFile } from '../../domain/run-report.js';
import type { Archive } from '../fetch/archive.js';
import { recordLocalFile } from '../record-document.js';
import type { CollectionItem } from './read-collection.js';

/** What the import says of every file besides its path: --source-note, --agency, --year, --region. */
export type ImportStatement = Omit<LocalSourceMeta, 'path'>;

export interface ImportDeps {
  db: Database;
  archive: Archive;
  /** The import's time: every file of one import is first seen at the same moment (one publication, for versions). */
  seenAt: Date;
  statement: ImportStatement;
  /** Called after each file is recorded (progress). */
  onFile?: (file: RecordedFile) => void;
}

/** A recorded file and whether its local source is new or says something new (then it must be read again). */
export type RecordedLocalFile = RecordedFile & { source?: 'new' | 'changed' | 'same' };

export async function importCollection(items: AsyncIterable<CollectionItem>, deps: ImportDeps): Promise<RecordedLocalFile[]> {
  const out: RecordedLocalFile[] = [];
  const firstPath = new Map<string, string>();
  for await (const item of items) {
    let recorded: RecordedLocalFile;
    if ('skipped' in item) recorded = { path: item.path, sha256: null, skipped: item.skipped, isNewDocument: false };
    else if ('problem' in item) recorded = { path: item.path, sha256: null, problem: item.problem, isNewDocument: false };
    else {
      const meta: LocalSourceMeta = { path: item.path, ...deps.statement };
      const { sha256, isNew, source } = await recordLocalFile({ db: deps.db, archive: deps.archive }, { bytes: item.bytes, meta }, deps.seenAt);
      const duplicateOf = firstPath.get(sha256);
      if (!duplicateOf) firstPath.set(sha256, item.path);
      recorded = { path: item.path, sha256, isNewDocument: isNew, source, ...(duplicateOf ? { duplicateOf } : {}) };
    }
    out.push(recorded);
    deps.onFile?.(recorded);
  }
  return out;
}
