// Rows of the documents dataset (one per document and URL it was found at), read in keyset pages so that memory
// stays flat however large the archive.
import type { DbHandle } from '../client.js';

export const DOCUMENT_COLUMNS = [
  'url',
  'final_url',
  'sha256',
  'content_type',
  'format',
  'bytes',
  'kind',
  'site_id',
  'list_url',
  'link_text',
  'parent_url',
  'first_seen',
  'last_seen',
  'parse_status',
  'parse_error',
] as const;

export async function* documentRows(handle: DbHandle, batch = 5000): AsyncGenerator<Record<string, unknown>[]> {
  let after = 0;
  for (;;) {
    const { rows } = await handle.query<Record<string, unknown> & { id: number }>(
      `select s.id, s.url, s.final_url, s.sha256, d.content_type, d.format, d.bytes, s.kind, s.site_id, s.list_url,
              s.link_text, s.parent_url, s.first_seen_at as first_seen, s.last_seen_at as last_seen,
              d.parse_status, d.parse_error
         from document_sources s join documents d on d.sha256 = s.sha256
        where s.id > $1 order by s.id limit $2`,
      [after, batch],
    );
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    yield rows;
  }
}
