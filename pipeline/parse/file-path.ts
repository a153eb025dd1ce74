// What the path of an imported file says about the report in it: an agency (the nearest file or folder name that
// reads as one), a year, the names of the folders around it, and whether a name calls it an annual report. Pure: a
// path string in, names out; which of them the report takes is decided by the parser (parse-report.ts).
import { norm } from '../../domain/normalize.js';

/** One name read from one part of the path, with the part it was read from (for findings). */
export interface PathName<T> {
  value: T;
  /** The file or folder name as it appears in the path. */
  part: string;
  /** 'file' for the file's own name, 'folder' for a folder (or archive) around it. */
  kind: 'file' | 'folder';
}

export interface FilePathReading {
  /** The agency named by the file name, else by the nearest folder that names one. */
  agency: PathName<string> | null;
  /** The year named by the file name, else by the nearest folder that names exactly one. */
  year: PathName<number> | null;
  /** Agency-like names of the folders outside the one that gave `agency`, outermost first (context for place names). */
  outer: string[];
  /**
   * True when the file itself is named as an annual report (年报, 年度报告, 信息公开…报告). A folder's name does not
   * count: a collection kept under 年报/ holds meeting notes and notices too.
   */
  namesReport: boolean;
}

/** 年报 / 年度报告 / 政府信息公开工作报告: a name that says "annual disclosure report". */
const REPORT_NAME = /年报|年度报告|信息公开.{0,6}报告/;
/** The report words around an agency in a name: 政府信息公开工作年度报告, 政务公开年报, 年度报告, 年报 … */
const REPORT_WORDS = /(?:政府信息公开|政务公开|信息公开)?(?:工作)?(?:年度)?(?:报告|年报)(?:全文|正文|定稿|终稿|最终版|修订版|公示|附件)?/g;
/** Words that qualify a copy, not an agency: 关于 (about), 附件 (attachment), 副本 (copy), and 的副本 (…'s copy) stacked at the end. */
const NOISE = /^(?:关于|附件\d*|副本)|(?:的|副本|复件|拷贝|copy)+$/i;
/** Bracketed remarks: (1), （定稿）, 【公示】, [2]. */
const BRACKETED = /[（(【[][^）)】\]]{0,12}[）)】\]]/g;
/** Separators people put between the parts of a file name. */
const SEPARATORS = /[-_—–·.、,，:;+＋~～#\s]+/g;
/** A year in a name: four digits not inside a longer number, optionally followed by 年 / 年度. */
const YEAR = /(?<!\d)((?:19|20)\d{2})(?!\d)/g;
/** A year that starts a date (2022年1月20日, 2022-01-20, 2022.1.20): a publication date, not the report's year. */
const DATE_AFTER = /^(?:年\d{1,2}月|[-/.]\d{1,2}[-/.]\d{1,2})/;
/** The endings of an organ's or a division's name: 人民政府, 办事处, 街道, 镇, 乡, 区, 县, 委员会, 局, 中心 … */
const AGENCY_END =
  /(人民政府|政府|办事处|街道|镇|乡|区|县|市|旗|盟|州|苏木|地区|委员会|管委会|委|局|办公室|办公厅|办|中心|院|署|所|队|站|厅|馆|公司|集团|协会|联合会)$/;
/** What stands before an ending in a generic name (区政府, 本镇, 我局): no place. */
const GENERIC_PLACE = /^(?:区|县|市|镇|乡|街道|本|我|本级)$/;
/** File extensions, and the archive extensions of folder-like parts (通州区.zip/…). */
const EXTENSION = /\.[A-Za-z0-9]{1,5}$/;

/** The reports' years the law has existed for (the Regulations took effect in 2008); other numbers are not years. */
function isReportYear(y: number): boolean {
  return y >= 2007 && y <= 2099;
}

/** The one year a name states (dates left out); null when it states none or several. */
export function yearOfName(name: string): number | null {
  const years = new Set<number>();
  for (const m of name.matchAll(YEAR)) {
    const y = Number(m[1]);
    if (isReportYear(y) && !DATE_AFTER.test(name.slice(m.index + 4))) years.add(y);
  }
  return years.size === 1 ? [...years][0]! : null;
}

/** The agency a name states once its years, report words and remarks are taken away; null when what is left is no agency. */
export function agencyOfName(name: string): string | null {
  // Report words first: in 潞城镇2021年报 the 年 belongs to 年报, not to the year.
  const rest = name
    .replace(BRACKETED, '')
    .replace(REPORT_WORDS, '')
    .replace(/(?<!\d)(?:19|20)\d{2}(?!\d)(?:年度|年)?/g, '')
    .replace(SEPARATORS, '')
    .replace(/^\d+/, '')
    .replace(NOISE, '')
    .replace(NOISE, '');
  // Only Chinese characters: an English or numbered folder (reports, 01, backup) names no agency.
  if (rest.length < 2 || rest.length > 40 || !/^[\u3400-\u9fff]+$/.test(rest)) return null;
  const ending = AGENCY_END.exec(rest);
  if (!ending) return null;
  // 政府, 区政府, 镇人民政府: an organ's kind without its place names no agency.
  const place = rest.slice(0, ending.index);
  return place.length > 0 && !GENERIC_PLACE.test(place) ? rest : null;
}

/** Reads a path inside an imported collection (`潞城镇/2021年报.pdf`, `通州区.zip/2021/潞城镇政府信息公开年报.docx`). */
export function readFilePath(filePath: string): FilePathReading {
  const parts = filePath.split(/[/\\]+/).filter((p) => p !== '' && p !== '.');
  const names = parts.map((p, i) => {
    const isFile = i === parts.length - 1;
    // The file's extension and an archive's (.zip) are not part of the name; a folder keeps its dots otherwise.
    const bare = isFile || /\.zip$/i.test(p) ? p.replace(EXTENSION, '') : p;
    return { part: p, name: norm(bare), kind: isFile ? ('file' as const) : ('folder' as const) };
  });
  let agency: PathName<string> | null = null;
  let agencyAt = -1;
  let year: PathName<number> | null = null;
  for (let i = names.length - 1; i >= 0; i--) {
    const { part, name, kind } = names[i]!;
    const a = agencyOfName(name);
    if (a && !agency) {
      agency = { value: a, part, kind };
      agencyAt = i;
    }
    const y = yearOfName(name);
    if (y !== null && !year) year = { value: y, part, kind };
  }
  const outer = names
    .slice(0, Math.max(0, agencyAt))
    .map((n) => agencyOfName(n.name))
    .filter((a): a is string => a !== null);
  return { agency, year, outer, namesReport: REPORT_NAME.test(names.at(-1)?.name ?? '') };
}
