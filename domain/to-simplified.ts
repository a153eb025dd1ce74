// Traditional Chinese read as simplified: beijing.gov.cn's /gate/big5/ mirror serves every page converted to
// traditional characters, which no label, title or agency name of the codebook matches. Pure; converts only text
// that is traditional, so a simplified document is never touched.
import * as OpenCC from 'opencc-js';

/** OpenCC's Taiwan-standard → mainland conversion (phrase-aware: 乾坤 stays, 幹部 → 干部). */
const t2s: (text: string) => string = OpenCC.Converter({ from: 'tw', to: 'cn' });

const HAN = /\p{Script=Han}/gu;

/**
 * Is this text written in traditional characters? True when converting it changes at least 5 characters and 3% of
 * its Han characters: a simplified report has next to none that OpenCC would change, a big5 mirror page has many
 * (開, 報, 區, 機, 關 …).
 */
export function isTraditional(text: string): boolean {
  const han = text.match(HAN)?.length ?? 0;
  if (han === 0) return false;
  const converted = t2s(text);
  if (converted.length !== text.length) return true;
  let changed = 0;
  for (let i = 0; i < text.length; i++) if (text[i] !== converted[i]) changed++;
  return changed >= 5 && changed / han >= 0.03;
}

/** The text in simplified characters (unchanged when it is simplified already). */
export function toSimplified(text: string): string {
  return t2s(text);
}
