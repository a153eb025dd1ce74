// Is a list entry an agency's annual disclosure report for a year? Decided on its full title (the title attribute,
// not truncated link text). Notices about reports, work plans and other annual reports are look-alikes. Pure.

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/**
 * {year}年(度) … 政府信息公开/政务公开/信息公开 … 工作年度报告/年度报告/年报, ending the title (with the file's
 * extension when the link names the file: a document, a page, or the report as a scanned image).
 */
const REPORT =
  /(?:19|20)\d{2}年度?.*(?:政府信息公开|政务公开|信息公开).*(?:年度报告|年报|工作报告)(?:\((?:全文|正文|修订版?|更正版?|附件)\))?(?:\.(?:pdf|docx?|wps|xlsx?|html?|jpe?g|png|gif|tiff?))?$/;

/** Annual documents that are not the report: instructions to write it, guides, plans, other annual reports. */
const NOT_REPORT =
  /编制|通知|的函|工作要点|要点|法治政府|依法行政|预算|决算|统计公报|工作总结|考核|指南|目录|方案|解读|图解|意见|办法|规定|实施细则|评议|抽查|通报|征集/;

/** Looks like a report at a glance (a year and 年报/年度报告) — worth recording when it is not one. */
const LOOKS_LIKE = /(?:19|20)\d{2}.*(?:年报|年度报告|报告)/;

export type TitleVerdict = 'report' | 'look-alike' | 'other';

export function judgeTitle(title: string): TitleVerdict {
  const t = norm(title);
  if (REPORT.test(t) && !NOT_REPORT.test(t)) return 'report';
  return LOOKS_LIKE.test(t) ? 'look-alike' : 'other';
}

export function isReportTitle(title: string): boolean {
  return judgeTitle(title) === 'report';
}

/** The report year a title names (the first 19xx/20xx followed by 年). */
export function titleYear(title: string): number | null {
  const m = /((?:19|20)\d{2})年/.exec(norm(title));
  return m ? Number(m[1]) : null;
}
