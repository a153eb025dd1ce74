// Recognises the section headings of a report (一、总体情况 … 六、其他需要报告的事项, and the pre-2019 ones),
// numbered or not, with the variants seen on real sites.
import { norm } from '../../domain/normalize.js';

export type SectionId = 'overview' | 'proactive' | 'applications' | 'review' | 'problems' | 'other' | 'fees_pre2019';

/** The statutory table that follows a section heading. */
export const SECTION_TABLE: Partial<Record<SectionId, 't2' | 't3' | 't4'>> = { proactive: 't2', applications: 't3', review: 't4' };

export interface Heading {
  section: SectionId;
  /** The numeral printed in front (二, 2, （二）…), null when unnumbered. */
  numeral: string | null;
  /** True for the 2007-era wordings (概述, 依申请公开政府信息情况, 收费及减免). */
  pre2019Wording: boolean;
}

const NUMERAL = /^(?:第?([一二三四五六七八九十]{1,3}|\d{1,2})[、.．,:：]|\(([一二三四五六七八九十]{1,3}|\d{1,2})\)|([一二三四五六七八九十]{1,3}|\d{1,2})\s)/;

const PATTERNS: [SectionId, RegExp, boolean][] = [
  ['overview', /^(总体情况|总体概述|基本情况|政府信息公开(总体)?工作(总体)?情况|政府信息公开总体工作情况)$/, false],
  ['overview', /^概述$/, true],
  ['proactive', /^主动公开(政府)?(信息)?(的)?情况$/, false],
  ['applications', /^收到和处理政府信息公开申请(的)?情况$/, false],
  ['applications', /^依申请公开(政府)?信息(的)?(情况|和不予公开情况)$/, true],
  ['review', /^(因)?政府信息公开(工作)?(被申请|申请)?行政复议[、,和及]?(提起)?行政诉讼(的)?情况$/, false],
  ['review', /^因政府信息公开申请(提起)?行政复议[、,和及]?(提起)?行政诉讼(的)?情况$/, true],
  ['problems', /^(政府信息公开工作)?存在的?主要问题(及|和)改进(情况|措施)$/, false],
  ['problems', /^存在(的)?问题(及|和)改进(措施|情况)$/, false],
  ['other', /^其[他它]需要报告的?事项$/, false],
  ['fees_pre2019', /^(政府信息公开的?)?收费及减免(情况)?$/, true],
];

export function detectHeading(text: string): Heading | null {
  const n = norm(text).replace(/[:：。]$/, '');
  if (n.length > 40) return null;
  const m = NUMERAL.exec(n);
  const numeral = m ? (m[1] ?? m[2] ?? m[3] ?? null) : null;
  const body = m ? n.slice(m[0].length).replace(/^[、.．]/, '') : n;
  for (const [section, re, pre2019] of PATTERNS) {
    if (re.test(body)) return { section, numeral, pre2019Wording: pre2019 };
  }
  return null;
}

const PREFIX_PATTERNS: [SectionId, RegExp][] = PATTERNS.map(([section, re]) => [section, new RegExp(re.source.replace(/\$$/, ''))]);

/**
 * A section heading at the start of a longer run of text (flattened pages glue the heading to what follows):
 * the heading and how many characters of the normalized text it takes. Numbered headings only, so that a row
 * label such as 主动公开 inside a sentence is not taken for one.
 */
export function detectHeadingPrefix(normalized: string): { section: SectionId; length: number } | null {
  const m = NUMERAL.exec(normalized);
  if (!m) return null;
  const body = normalized.slice(m[0].length);
  let best: { section: SectionId; length: number } | null = null;
  for (const [section, re] of PREFIX_PATTERNS) {
    const hit = re.exec(body);
    if (hit && (!best || hit[0].length + m[0].length > best.length)) best = { section, length: m[0].length + hit[0].length };
  }
  return best;
}
