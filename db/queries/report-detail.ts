// One report with everything a person needs to check it: the agency, the document and where it was found, every
// fact with its raw text and provenance, the findings, and the other versions of the agency-year. Also finds the
// report a person means by an agency (key, id, name or part of a name) and a year. Read-only.
import type { DbHandle } from '../client.js';
import { isDemoDocumentSql } from './demo-sql.js';

export interface ReportDetail {
  id: number;
  year: number;
  version: number;
  isCurrent: boolean;
  template: string;
  grade: string;
  title: string | null;
  publishedAt: string | null;
  parserVersion: string;
  agency: { id: number; key: string | null; name: string; level: string | null; regionCode: string | null };
  document: { sha256: string; format: string; bytes: number; contentType: string | null; archivePath: string; parseStatus: string };
  /** Every URL the document was found at, first found first. */
  urls: { url: string; kind: string; siteId: string | null; linkText: string | null; parentUrl: string | null }[];
  facts: { key: string; value: number | null; raw: string | null; provenance: Record<string, unknown> | null }[];
  findings: { id: number; rule: string; severity: string; message: string; keys: string[] }[];
  versions: { id: number; version: number; isCurrent: boolean; grade: string; format: string; parserVersion: string; sha256: string }[];
  demo: boolean;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function reportDetail(handle: DbHandle, id: number): Promise<ReportDetail | undefined> {
  const { rows } = await handle.query<Record<string, unknown>>(
    `select r.id, r.year, r.version, r.is_current, r.template, r.grade, r.title, r.published_at::text as published_at, r.parser_version,
            a.id as agency_id, a.key as agency_key, a.name as agency, a.level, a.region_code,
            d.sha256, d.format, d.bytes, d.content_type, d.archive_path, d.parse_status,
            ${isDemoDocumentSql('d.sha256')} as demo
       from reports r join agencies a on a.id = r.agency_id join documents d on d.sha256 = r.document_sha256
      where r.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return undefined;
  const sha = String(r.sha256);
  const [urls, facts, findings, versions] = await Promise.all([
    handle.query<{ url: string; kind: string; site_id: string | null; link_text: string | null; parent_url: string | null }>(
      'select url, kind, site_id, link_text, parent_url from document_sources where sha256 = $1 order by first_seen_at, id',
      [sha],
    ),
    handle.query<{ key: string; value: unknown; raw: string | null; provenance: Record<string, unknown> | null }>(
      'select key, value, raw, provenance from report_facts where report_id = $1 order by key collate "C"',
      [id],
    ),
    handle.query<{ id: unknown; rule: string; severity: string; message: string; keys: string[] }>(
      `select id, rule, severity, message, keys from findings where report_id = $1
        order by case severity when 'error' then 0 when 'warning' then 1 else 2 end, id`,
      [id],
    ),
    handle.query<{ id: number; version: number; is_current: boolean; grade: string; format: string; parser_version: string; sha256: string }>(
      `select v.id, v.version, v.is_current, v.grade, d.format, v.parser_version, d.sha256
         from reports v join documents d on d.sha256 = v.document_sha256
        where v.agency_id = $1 and v.year = $2 order by v.version`,
      [r.agency_id, r.year],
    ),
  ]);
  return {
    id: Number(r.id),
    year: Number(r.year),
    version: Number(r.version),
    isCurrent: Boolean(r.is_current),
    template: String(r.template),
    grade: String(r.grade),
    title: (r.title as string | null) ?? null,
    publishedAt: (r.published_at as string | null) ?? null,
    parserVersion: String(r.parser_version),
    agency: {
      id: Number(r.agency_id),
      key: (r.agency_key as string | null) ?? null,
      name: String(r.agency),
      level: (r.level as string | null) ?? null,
      regionCode: (r.region_code as string | null) ?? null,
    },
    document: {
      sha256: sha,
      format: String(r.format),
      bytes: Number(r.bytes),
      contentType: (r.content_type as string | null) ?? null,
      archivePath: String(r.archive_path),
      parseStatus: String(r.parse_status),
    },
    urls: urls.rows.map((u) => ({ url: u.url, kind: u.kind, siteId: u.site_id, linkText: u.link_text, parentUrl: u.parent_url })),
    facts: facts.rows.map((f) => ({ key: f.key, value: num(f.value), raw: f.raw, provenance: f.provenance })),
    findings: findings.rows.map((f) => ({ id: Number(f.id), rule: f.rule, severity: f.severity, message: f.message, keys: f.keys })),
    versions: versions.rows.map((v) => ({
      id: v.id,
      version: v.version,
      isCurrent: v.is_current,
      grade: v.grade,
      format: v.format,
      parserVersion: v.parser_version,
      sha256: v.sha256,
    })),
    demo: Boolean(r.demo),
  };
}

export interface AgencyMatch {
  id: number;
  key: string | null;
  name: string;
}

/**
 * The agencies a person may mean: by key (110112119:人民政府), by id, by exact name or alias, else every agency whose
 * name contains the text. More than one is the caller's to report, never a guess.
 */
export async function findAgencies(handle: DbHandle, ref: string): Promise<AgencyMatch[]> {
  const exact = await handle.query<AgencyMatch>(
    `select distinct a.id, a.key, a.name from agencies a left join agency_aliases al on al.agency_id = a.id
      where a.key = $1 or a.name = $1 or al.alias = $1 or ($1 ~ '^[0-9]{1,9}$' and a.id = ($1)::int) order by a.id`,
    [ref],
  );
  if (exact.rows.length) return exact.rows;
  const { rows } = await handle.query<AgencyMatch>(`select id, key, name from agencies where strpos(name, $1) > 0 order by name collate "C" limit 20`, [ref]);
  return rows;
}

/** The current report of an agency-year, if one was found. */
export async function currentReportOf(handle: DbHandle, agencyId: number, year: number): Promise<number | undefined> {
  const { rows } = await handle.query<{ id: number }>('select id from reports where agency_id = $1 and year = $2 and is_current', [agencyId, year]);
  return rows[0]?.id;
}

/** An archived document by its sha256 (or a unique prefix of at least 8 hex digits). */
export async function documentBySha(
  handle: DbHandle,
  sha: string,
): Promise<{ matches: number; document?: { sha256: string; format: string; archivePath: string; bytes: number; demo: boolean } }> {
  const { rows } = await handle.query<{ sha256: string; format: string; archive_path: string; bytes: unknown; demo: boolean }>(
    `select d.sha256, d.format, d.archive_path, d.bytes,
            ${isDemoDocumentSql('d.sha256')} as demo
       from documents d where d.sha256 like $1 || '%' order by d.sha256 limit 2`,
    [sha.toLowerCase()],
  );
  const d = rows[0];
  return {
    matches: rows.length,
    document: rows.length === 1 && d ? { sha256: d.sha256, format: d.format, archivePath: d.archive_path, bytes: Number(d.bytes), demo: d.demo } : undefined,
  };
}
