// documents.csv: one row per document and URL it was found at — every archived document, whether or not it was read
// as a report (unfiltered: documents have no year or agency until they are read).
import type { Dataset } from './dataset.js';

const columns = [
  { name: 'url', label: '网址', description: 'where the document was found' },
  { name: 'final_url', label: '最终网址', description: 'after redirects' },
  { name: 'sha256', label: '文件哈希', description: 'sha256 of the bytes, the archive’s file name' },
  { name: 'content_type', label: '内容类型', description: 'Content-Type as served (sites get it wrong)' },
  { name: 'format', label: '文件格式', description: 'the format the bytes really are' },
  { name: 'bytes', label: '字节数', description: 'size in bytes', numeric: true },
  {
    name: 'kind',
    label: '类型',
    description: 'detail (a report page), attachment, file (linked straight from a list) or fragment (a report delivered as HTML in a list API record)',
  },
  { name: 'site_id', label: '站点', description: 'registry id of the site' },
  { name: 'list_url', label: '列表页', description: 'the list page the link was on' },
  { name: 'link_text', label: '链接文字', description: 'the link’s full title' },
  { name: 'parent_url', label: '所属页面', description: 'for an attachment, the page (or API record) that links to it' },
  { name: 'first_seen', label: '首次发现', description: 'first time the crawler saw it (UTC)', numeric: true },
  { name: 'last_seen', label: '最近发现', description: 'last time the crawler saw it (UTC)', numeric: true },
  { name: 'parse_status', label: '解析状态', description: 'pending, parsed, needs_ocr, not_report, failed' },
  { name: 'parse_error', label: '解析错误', description: 'why it could not be read, when it could not' },
];

const FROM = `(select s.id, s.url, s.final_url, s.sha256, d.content_type, d.format, d.bytes, s.kind, s.site_id, s.list_url,
                  s.link_text, s.parent_url, s.first_seen_at as first_seen, s.last_seen_at as last_seen, d.parse_status, d.parse_error
             from document_sources s join documents d on d.sha256 = s.sha256) x`;

export const documents: Dataset = {
  name: 'documents',
  columns,
  query: { from: FROM, select: `id, ${columns.map((c) => c.name).join(', ')}`, keyset: ['id'], filters: null, batch: 5000 },
};
