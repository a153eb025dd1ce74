// Recording what a crawl archived: the document (by sha256, new or seen again) and the place it was found (URL, list
// page, link text, parent page, page metadata), counted as new, changed (the URL served other bytes before) or
// unchanged; and a file of a researcher's collection (`gongkai import`), archived the same way with a 'local' source.
// The one module of the crawler that writes documents and their sources.
import type { Database } from '../db/client.js';
import {
  type NewDocumentSource,
  recordDocumentAt,
  touchAttachmentsOf,
  upsertDocument,
  upsertDocumentSources,
  upsertLocalSource,
} from '../db/queries/documents.js';
import { detectFormat } from '../domain/detect-format.js';
import { type LocalSourceMeta, localUrl } from '../domain/local-source.js';
import { type Archive, archivePath } from './fetch/archive.js';
import type { Fetched } from './fetch/fetcher.js';

export type SourceFields = Omit<NewDocumentSource, 'sha256' | 'seenAt' | 'url' | 'finalUrl' | 'siteId'>;

export interface RecordCounts {
  documentsNew: number;
  documentsChanged: number;
  documentsUnchanged: number;
}

export interface DocumentRecorder {
  /** A fetched document and where it was found; new and changed documents are handed to `onDocument`. */
  fetched(page: Fetched, source: SourceFields): Promise<void>;
  /**
   * Report pages fetched recently and not asked for again (a list page's known reports, in one go): each, its mirror
   * addresses and its attachments were seen again now.
   */
  seenAgain(pages: readonly SeenAgain[]): Promise<void>;
  /**
   * Mirror URLs that serve a copy of the page fetched from `finalUrl` (a /gate/big5/ gateway): recorded as further
   * sources of the same document, without fetching the converted copy.
   */
  alsoAt(sha256: string, finalUrl: string, urls: readonly string[], source: SourceFields): Promise<void>;
}

/** A known report page seen again: its document, its address and mirrors (`alsoAt`), and where it was listed. */
export interface SeenAgain {
  sha256: string;
  url: string;
  alsoAt: readonly string[];
  source: SourceFields;
}

export function documentRecorder(deps: {
  db: Database;
  siteId: string;
  counts: RecordCounts;
  now: () => Date;
  onDocument?: (sha256: string) => Promise<void>;
  onChange?: () => void;
}): DocumentRecorder {
  const { db, siteId, counts } = deps;
  /** The sources of a document at its mirror addresses, each pointing at the address that served it. */
  const mirrors = (sha256: string, finalUrl: string, urls: readonly string[], source: SourceFields, seenAt: Date): NewDocumentSource[] =>
    urls.map((url) => ({ sha256, url, finalUrl, siteId, seenAt, ...source }));
  return {
    async fetched(page, source) {
      const seenAt = deps.now();
      const { isNew, urlServedOther } = await recordDocumentAt(
        db,
        {
          sha256: page.sha256,
          bytes: page.body.length,
          contentType: page.contentType,
          format: detectFormat(page.body),
          encoding: null,
          archivePath: page.archivePath || archivePath(page.sha256),
          seenAt,
        },
        { sha256: page.sha256, url: page.url, finalUrl: page.finalUrl, siteId, seenAt, ...source },
      );
      if (isNew && urlServedOther) counts.documentsChanged++;
      else if (isNew) counts.documentsNew++;
      else counts.documentsUnchanged++;
      if (isNew) await deps.onDocument?.(page.sha256);
      deps.onChange?.();
    },
    async seenAgain(pages) {
      if (pages.length === 0) return;
      const seenAt = deps.now();
      await upsertDocumentSources(
        db,
        pages.flatMap(({ sha256, url, alsoAt, source }) => [{ sha256, url, siteId, seenAt, ...source }, ...mirrors(sha256, url, alsoAt, source, seenAt)]),
      );
      await touchAttachmentsOf(
        db,
        pages.map((p) => p.sha256),
        seenAt,
      );
      counts.documentsUnchanged += pages.length;
      deps.onChange?.();
    },
    async alsoAt(sha256, finalUrl, urls, source) {
      if (urls.length) await upsertDocumentSources(db, mirrors(sha256, finalUrl, urls, source, deps.now()));
    },
  };
}

/**
 * Archives a file of a researcher's collection by its sha256 (before anything reads it) and records it: the document,
 * new or already known (crawled, or imported before), and its local source (path, note, flags).
 */
export async function recordLocalFile(
  deps: { db: Database; archive: Archive },
  file: { bytes: Buffer; meta: LocalSourceMeta },
  seenAt: Date,
): Promise<{ sha256: string; isNew: boolean; source: 'new' | 'changed' | 'same' }> {
  const stored = deps.archive.put(file.bytes);
  const { isNew } = await upsertDocument(deps.db, {
    sha256: stored.sha256,
    bytes: file.bytes.length,
    // Files on disk come with no Content-Type: the format is sniffed from the bytes, as for everything else.
    contentType: null,
    format: detectFormat(file.bytes),
    archivePath: stored.path,
    seenAt,
  });
  const source = await upsertLocalSource(deps.db, { sha256: stored.sha256, url: localUrl(file.meta.path), meta: { ...file.meta }, seenAt });
  return { sha256: stored.sha256, isNew, source };
}
