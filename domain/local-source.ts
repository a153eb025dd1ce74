// What gongkai records of a file imported from a researcher's own collection (`gongkai import`): a document source of
// kind 'local' whose URL is `local:` and the file's path inside the imported folder or archive, and whose metadata
// keeps that path, the note given with the import and what the import was told (--agency, --year, --region).
// The recorder (crawlers/local), the loader's context (db/queries) and the hints (jobs) read this one shape.

export const LOCAL_URL_PREFIX = 'local:';

/** document_sources.meta of a local source: strings only, as every source's metadata. */
export interface LocalSourceMeta {
  /** The file's path inside the imported folder or archive, starting with that folder's or archive's own name. */
  path: string;
  /** --source-note: where the collection came from, in the importer's words. */
  note?: string;
  /** --agency, --year, --region as given to the import. */
  agency?: string;
  year?: string;
  regionCode?: string;
}

/** The URL a local source is recorded under: one row per document and path, so importing it again adds nothing. */
export function localUrl(path: string): string {
  return `${LOCAL_URL_PREFIX}${path}`;
}

/** The metadata of a local source read back from the database (unknown keys dropped, non-strings refused). */
export function readLocalSourceMeta(meta: Record<string, unknown>): LocalSourceMeta | null {
  if (typeof meta.path !== 'string') return null;
  const out: LocalSourceMeta = { path: meta.path };
  for (const key of ['note', 'agency', 'year', 'regionCode'] as const) {
    const v = meta[key];
    if (typeof v === 'string' && v !== '') out[key] = v;
  }
  return out;
}
