// documents.csv: one row per archived document, with every URL it was found at (an imported file's is local: and its
// path) — whether or not it was read as a report (unfiltered: a document has no year or agency until it is read). Sorted like the other files by the report
// read from it (region code, agency, year); documents that are no report come last, oldest first.
import { reportOfDocumentSql } from '../db/queries/report-of-document-sql.js';
import { type Dataset, demoOf, REPORT_COLUMNS as R } from './dataset.js';

const columns = [
  { name: 'sha256', label: '文件哈希', description: 'sha256 of the bytes, the archive’s file name (`gongkai archive get SHA256 --out FILE`)' },
  { name: 'format', label: '文件格式', description: 'the format the bytes really are (html, pdf, docx, doc, wps, xls, xlsx, txt, image, zip, unknown)' },
  { name: 'bytes', label: '字节数', description: 'size in bytes', numeric: true },
  { name: 'content_type', label: '内容类型', description: 'Content-Type as first served (sites get it wrong)' },
  { name: 'url', label: '网址', description: 'where the document was first found; for an imported file, local: and its path' },
  { name: 'urls', label: '全部网址', description: 'every URL it was found at, first found first, separated by spaces (a URL holds no raw space)' },
  { name: 'url_count', label: '网址数', description: 'how many URLs it was found at', numeric: true },
  {
    name: 'kind',
    label: '类型',
    description:
      'how it was first found: detail (a report page), attachment (a file a report page or API record links), file (linked from a list), fragment (a report delivered as HTML in a list API record), local (a file brought in with gongkai import), image (a picture of a report page: a table pasted as an image or a scanned page it links, read with that page, never a report of its own)',
  },
  {
    name: 'local_path',
    label: '导入路径',
    description:
      'for a document brought in with gongkai import: its first path inside the imported folder or ZIP, starting with that folder’s or archive’s own name',
  },
  { name: 'source_note', label: '导入说明', description: 'for an imported document: the note the import was given (--note), e.g. where the files came from' },
  { name: 'site_id', label: '站点', description: 'registry id of the site it was first found on' },
  { name: 'list_url', label: '列表页', description: 'the list page the first link was on' },
  { name: 'link_text', label: '链接文字', description: 'the first link’s full title' },
  { name: 'parent_url', label: '所属页面', description: 'for an attachment, the page that first linked to it' },
  {
    name: 'first_seen',
    label: '首次发现',
    description: 'first time the crawler saw it or an import brought it (UTC)',
    numeric: true,
    type: 'timestamp' as const,
  },
  {
    name: 'last_seen',
    label: '最近发现',
    description: 'last time the crawler saw it at any URL or an import brought it (UTC)',
    numeric: true,
    type: 'timestamp' as const,
  },
  { name: 'parse_status', label: '解析状态', description: 'pending, parsed, needs_ocr, not_report, failed, quarantined (set aside until a forced reparse)' },
  { name: 'parse_error', label: '解析错误', description: 'why it could not be read, when it could not' },
  {
    name: 'report_id',
    label: '报告编号',
    description: 'the report version read from it, or the report it is another copy of (same report found elsewhere), if any (panel.csv, facts.csv)',
    numeric: true,
  },
  { ...R.agency_key, description: 'the agency of that report' },
  { name: 'year', label: '年度', description: 'the year of that report', numeric: true },
  { ...R.demo, description: 'true for a document of a `gongkai demo` replica site (an invented report)' },
];

const FROM = `(select d.sha256, d.format, d.bytes, d.content_type, s.url, u.urls, u.url_count, s.kind, l.local_path, l.source_note, s.site_id, s.list_url, s.link_text,
                  s.parent_url, coalesce(u.first_seen, d.first_seen_at) as first_seen, coalesce(u.last_seen, d.last_seen_at) as last_seen, d.parse_status, d.parse_error, r.id as report_id, a.key as agency_key, r.year,
                  ${demoOf('d.sha256')} as demo
             from documents d
             left join lateral (select x.url, x.kind, x.site_id, x.list_url, x.link_text, x.parent_url from document_sources x
                                 where x.sha256 = d.sha256 order by x.first_seen_at, x.id limit 1) s on true
             left join lateral (select string_agg(x.url, ' ' order by x.first_seen_at, x.id) as urls, count(*)::int as url_count,
                                       min(x.first_seen_at) as first_seen, max(x.last_seen_at) as last_seen
                                  from document_sources x where x.sha256 = d.sha256) u on true
             left join lateral (select x.meta->>'path' as local_path, x.meta->>'note' as source_note from document_sources x
                                 where x.sha256 = d.sha256 and x.kind = 'local' order by x.first_seen_at, x.id limit 1) l on true
             left join reports r on r.id = ${reportOfDocumentSql('d.sha256')}
             left join agencies a on a.id = r.agency_id) x`;

export const documents: Dataset = {
  name: 'documents',
  description: 'one row per archived document, report or not, with every URL it was found at and what reading it came to',
  columns,
  query: {
    groups: {
      from: `(select d.sha256, a.region_code, a.name as agency, r.year, d.first_seen_at
                from documents d left join reports r on r.id = ${reportOfDocumentSql('d.sha256')} left join agencies a on a.id = r.agency_id) o`,
      id: 'sha256',
      idType: 'text',
      orderBy: 'region_code nulls last, agency collate "C" nulls last, year nulls last, first_seen_at, sha256',
      filters: null,
    },
    rows: { from: FROM, select: columns.map((c) => c.name).join(', '), id: 'sha256', within: [] },
    batch: 2000,
  },
};
