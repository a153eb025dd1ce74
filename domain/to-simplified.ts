// Traditional Chinese read as simplified: beijing.gov.cn's /gate/big5/ mirror serves every page converted to
// traditional characters, which no label, title or agency name of the codebook matches. Pure; converts only text
// that is traditional, so a simplified document is never touched.
import * as OpenCC from 'opencc-js';

/** OpenCC's Taiwan-standard → mainland conversion (phrase-aware: 乾坤 stays, 幹部 → 干部). */
const t2s: (text: string) => string = OpenCC.Converter({ from: 'tw', to: 'cn' });

const HAN = /\p{Script=Han}/gu;
const MIN_CHANGED = 5;
const MIN_SHARE = 0.03;

/**
 * Is this text written in traditional characters? True when converting it changes at least 5 characters and 3% of
 * its Han characters: a simplified report has next to none that OpenCC would change, a big5 mirror page has many
 * (開, 報, 區, 機, 關 …). The conversion runs only when a count of the characters it could change reaches both
 * thresholds (see changeBound): a simplified text is answered without converting it, with the very same answer.
 */
export function isTraditional(text: string): boolean {
  const bound = changeBound(text);
  if (bound < MIN_CHANGED) return false;
  const han = text.match(HAN)?.length ?? 0;
  if (han === 0) return false;
  if (bound / han < MIN_SHARE) return false;
  const converted = t2s(text);
  if (converted.length !== text.length) return true;
  let changed = 0;
  for (let i = 0; i < text.length; i++) if (text[i] !== converted[i]) changed++;
  return changed >= MIN_CHANGED && changed / han >= MIN_SHARE;
}

/** The text in simplified characters (unchanged when it is simplified already). */
export function toSimplified(text: string): string {
  return t2s(text);
}

/** Per character: 0 the conversion never changes it, 1 it may change it in place, 2 it may change the text's length. */
const KEEPS = 0;
const MAY_CHANGE = 1;
const MAY_RESIZE = 2;

/**
 * An upper bound of the UTF-16 units t2s(text) changes in place, or Infinity when the conversion might change the
 * text's length (the old count compares position by position, and calls any length change traditional).
 */
export function changeBound(text: string): number {
  const { bmp, astral } = changeClasses();
  let bound = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let cls: number;
    if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low < 0xdc00 || low >= 0xe000) cls = bmp[unit]!;
      else {
        cls = astral.get(((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000) ?? KEEPS;
        if (cls === MAY_CHANGE) bound++; // the pair's second unit may change too
        i++;
      }
    } else cls = bmp[unit]!;
    if (cls === MAY_CHANGE) bound++;
    else if (cls === MAY_RESIZE) return Number.POSITIVE_INFINITY;
  }
  return bound;
}

let classes: { bmp: Uint8Array; astral: Map<number, number> } | undefined;

/**
 * What the tw→cn conversion can do to each character, worked out once from opencc-js's own dictionaries (the very
 * ones `t2s` is built from), so that the gate and the conversion cannot disagree. The conversion is a chain of stages
 * (the normalisation of compatibility ideographs, then each group of the conversion chain); each stage replaces
 * dictionary keys by their values, longest key first. Within a stage, a character at some position of a key whose
 * value has the same shape (as many characters, each of the same UTF-16 length) can only become the value's character
 * at that position; it stays as it is only when it can be left unmatched, i.e. when it is not itself a one-character
 * key. Following every character through the stages gives the characters it can end as: when that is only itself,
 * the conversion never changes it. A key whose value has another shape, and an ideographic description character
 * (U+2FF0–2FFF, which makes the converter skip the characters it describes), make the character MAY_RESIZE: text
 * holding one is converted in full. Such a key is marked by one of its characters, since it matches only where all of
 * them are (marking all of them would mark 二 for 二噁英 → 二𫫇英, and every report would be converted in full).
 */
function changeClasses(): { bmp: Uint8Array; astral: Map<number, number> } {
  if (classes) return classes;
  const tw2s = (OpenCC.Locale.configs as Record<string, TwoStepConfig>).tw2s;
  if (!tw2s) throw new Error('opencc-js has no tw2s configuration');
  const stages = [...(tw2s.normalizationChain ?? []), ...tw2s.conversionChain].map(readStage);
  const seen = new Set<string>();
  for (const stage of stages) {
    for (const [ch, outs] of stage.outs) {
      seen.add(ch);
      for (const o of outs) seen.add(o);
    }
    for (const ch of stage.resizes) seen.add(ch);
  }
  const bmp = new Uint8Array(0x10000);
  const astral = new Map<number, number>();
  for (let cp = 0x2ff0; cp <= 0x2fff; cp++) bmp[cp] = MAY_RESIZE;
  for (const ch of seen) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x2ff0 && cp <= 0x2fff) continue;
    const cls = classOf(ch, stages);
    if (cp > 0xffff) {
      if (cls !== KEEPS) astral.set(cp, cls);
    } else bmp[cp] = cls;
  }
  classes = { bmp, astral };
  return classes;
}

interface TwoStepConfig {
  normalizationChain?: readonly (readonly Dict[])[];
  conversionChain: readonly (readonly Dict[])[];
}
type Dict = string | readonly (readonly [string, string])[];

interface Stage {
  /** Character → the characters it can become at its position of a key of the same shape as its value. */
  outs: Map<string, Set<string>>;
  /** One-character keys: such a character is always replaced (by its own or a longer key's value). */
  forced: Set<string>;
  /** For each key whose value has another shape, one of its characters (the key matches only where it is). */
  resizes: Set<string>;
}

function readStage(group: readonly Dict[]): Stage {
  const stage: Stage = { outs: new Map(), forced: new Set(), resizes: new Set() };
  for (const dict of group) {
    // opencc-js's own reading of a dictionary: 'key value|key value', or [key, value] pairs.
    const pairs = typeof dict === 'string' ? dict.split('|').map((line) => line.split(' ') as [string, string]) : dict;
    for (const [key, value] of pairs) {
      const k = [...key];
      const v = [...value];
      if (k.length === 0) continue;
      if (k.length === 1) stage.forced.add(k[0]!);
      if (k.length === v.length && k.every((c, j) => c.length === v[j]!.length)) {
        k.forEach((c, j) => {
          const outs = stage.outs.get(c) ?? new Set<string>();
          stage.outs.set(c, outs.add(v[j]!));
        });
      } else {
        // The key matches only where all its characters are; one of them marks it: the first that its value does
        // not keep (a traditional character, rare in simplified text), else its last.
        const j = k.findIndex((c, i) => c !== v[i]);
        stage.resizes.add(k[j === -1 ? k.length - 1 : j]!);
      }
    }
  }
  return stage;
}

function isDescription(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp >= 0x2ff0 && cp <= 0x2fff;
}

/** Follows one character through the stages (see changeClasses). */
function classOf(ch: string, stages: Stage[]): number {
  let possible = new Set([ch]);
  for (const stage of stages) {
    const next = new Set<string>();
    for (const c of possible) {
      if (stage.resizes.has(c) || isDescription(c)) return MAY_RESIZE;
      for (const o of stage.outs.get(c) ?? []) next.add(o);
      if (!stage.forced.has(c)) next.add(c);
    }
    possible = next;
  }
  for (const c of possible) if (isDescription(c)) return MAY_RESIZE;
  return possible.size === 1 && possible.has(ch) ? KEEPS : MAY_CHANGE;
}
