// Property: isTraditional's cheap gate never changes its answer. changeBound(text) is at least the number of UTF-16
// units OpenCC's tw→cn conversion changes (Infinity whenever it changes the length), so the gated isTraditional equals
// the full conversion's count on random mixes of the dictionaries' own keys, the report fixtures and their big5 forms.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../domain/decode-text.js';
import { changeBound, isTraditional } from '../../domain/to-simplified.js';

const t2s = OpenCC.Converter({ from: 'tw', to: 'cn' });
const s2t = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** The answer before the gate: convert, then count the units changed. */
function isTraditionalByConversion(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (han === 0) return false;
  const converted = t2s(text);
  if (converted.length !== text.length) return true;
  return changedUnits(text, converted) >= 5 && changedUnits(text, converted) / han >= 0.03;
}

function changedUnits(text: string, converted: string): number {
  let changed = 0;
  for (let i = 0; i < text.length; i++) if (text[i] !== converted[i]) changed++;
  return changed;
}

/** The bound holds for this text: the conversion changes no more units than it says, and no length unless Infinity. */
function boundHolds(text: string): boolean {
  const converted = t2s(text);
  const bound = changeBound(text);
  if (converted.length !== text.length) return bound === Number.POSITIVE_INFINITY;
  return changedUnits(text, converted) <= bound;
}

// Tokens from the very dictionaries of the conversion chain: whole keys (phrases, variants, the compatibility
// ideographs, keys whose value is longer or shorter), their values, and single characters of both, beside plain
// simplified text, ASCII and ideographic description characters.
const tw2s = (OpenCC.Locale.configs as Record<string, { normalizationChain?: string[][]; conversionChain: string[][] }>).tw2s!;
const pairs = [...(tw2s.normalizationChain ?? []), ...tw2s.conversionChain].flat().flatMap((dict) => dict.split('|').map((line) => line.split(' ')));
const keys = pairs.map(([k]) => k!).filter(Boolean);
const values = pairs.map(([, v]) => v!).filter(Boolean);
const resizing = pairs.filter(([k, v]) => k!.length !== v!.length || [...k!].length !== [...v!].length).map(([k]) => k!);
const chars = [...new Set([...keys, ...values].flatMap((s) => [...s]))];
const plain = '北京市人民政府信息公开工作年度报告收到申请件数行政复议诉讼情况主动公开依申请第二十条规定本年新收';
const tokens = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...plain) },
  { weight: 2, arbitrary: fc.constantFrom(...chars) },
  { weight: 2, arbitrary: fc.constantFrom(...keys) },
  { weight: 1, arbitrary: fc.constantFrom(...values) },
  { weight: 1, arbitrary: fc.constantFrom(...resizing) },
  { weight: 1, arbitrary: fc.constantFrom('a', '1', ' ', '\n', '（', '⿰', '⿱', '𠀀', '𫫇', '\ud840') },
);
const texts = fc.array(tokens, { maxLength: 120 }).map((parts) => parts.join(''));
/** Simplified text with a few traditional tokens: near the 5-character and 3% thresholds. */
const nearThreshold = fc
  .tuple(fc.array(fc.constantFrom(...plain), { minLength: 20, maxLength: 300 }), fc.array(fc.constantFrom(...keys), { maxLength: 12 }))
  .map(([base, inserted]) => {
    const out = [...base];
    inserted.forEach((k, i) => out.splice((i * 37) % (out.length + 1), 0, k));
    return out.join('');
  });

const reports = path.join(path.dirname(fileURLToPath(import.meta.url)), '../pipeline/reports');
const fixtureTexts = fs
  .readdirSync(reports)
  .flatMap((c) => ['html', 'txt'].map((ext) => path.join(reports, c, `source.${ext}`)))
  .filter((f) => fs.existsSync(f))
  .map((f) => decodeText(fs.readFileSync(f), null).text);

describe('isTraditional: the gate before the conversion', () => {
  it('bounds the units the conversion changes, on random mixes of its dictionaries', () => {
    fc.assert(fc.property(texts, boundHolds), { numRuns: 3000, seed: 20261130 });
    fc.assert(fc.property(nearThreshold, boundHolds), { numRuns: 1000, seed: 20261131 });
  });

  it('answers as the full conversion does, on random mixes and near the thresholds', () => {
    const same = (text: string) => isTraditional(text) === isTraditionalByConversion(text);
    fc.assert(fc.property(texts, same), { numRuns: 3000, seed: 20261132 });
    fc.assert(fc.property(nearThreshold, same), { numRuns: 1000, seed: 20261133 });
  });

  it('answers as the full conversion does on every report fixture and its big5 form, and converts none simplified', () => {
    expect(fixtureTexts.length).toBeGreaterThan(30);
    for (const text of fixtureTexts) {
      for (const t of [text, s2t(text)]) {
        expect(boundHolds(t)).toBe(true);
        expect(isTraditional(t)).toBe(isTraditionalByConversion(t));
      }
      expect(isTraditional(s2t(text))).toBe(true);
    }
    // The gate's point: simplified reports are answered without a conversion (a bound under the thresholds).
    const gated = fixtureTexts.filter((t) => changeBound(t) < 5 || changeBound(t) / (t.match(/\p{Script=Han}/gu)?.length ?? 1) < 0.03);
    expect(gated.length).toBe(fixtureTexts.length);
  });

  it.each([
    ['empty', '', 0],
    ['ASCII', 'Report 2024', 0],
    ['simplified', '北京市房山区人民政府2013年政府信息公开工作年度报告', 0],
    ['traditional, one unit each', '開報區機關', 5],
    ['a compatibility ideograph that becomes a shorter one (U+2F800 → 丽)', '\u{2F800}', Number.POSITIVE_INFINITY],
    ['a compatibility ideograph changed in place (U+F900 → 岂)', '\uF900', 1],
    ['an ideographic description character', '⿰木木', Number.POSITIVE_INFINITY],
  ])('%s: bound %s', (_name, text, bound) => {
    expect(changeBound(text)).toBe(bound);
  });
});
