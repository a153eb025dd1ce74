// Compares a figure stated in the text with the tables: a mismatch is a warning, or info when the sentence
// speaks for a wider scope (全区…, 含垂管部门) than the agency's own tables.
import type { Finding, RuleInput } from '../types.js';

export function compareNarrative(input: RuleInput, rule: string, narrativeKey: string, tableKeys: string[], what: string): Finding[] {
  const stated = input.facts[narrativeKey];
  if (stated === null || stated === undefined) return [];
  const values = tableKeys.map((k) => input.facts[k]);
  if (values.some((v) => v === null || v === undefined)) return [];
  const table = values.reduce<number>((a, v) => a + (v as number), 0);
  if (table === stated) return [];
  const wide = input.scopes[narrativeKey] === 'wide';
  const quote = input.raw[narrativeKey] ? `"${input.raw[narrativeKey]}"` : narrativeKey;
  return [
    {
      rule,
      severity: wide ? 'info' : 'warning',
      message: `the text says ${stated} ${what} (${quote}) but table ${tableKeys.length > 1 ? tableKeys.join(' + ') : tableKeys[0]} = ${table}${
        wide ? '; the sentence covers a wider scope than the agency itself' : ''
      }`,
      keys: [narrativeKey, ...tableKeys],
    },
  ];
}
