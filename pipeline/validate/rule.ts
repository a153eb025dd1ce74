// What a validation rule is: a stable id, a severity, the keys it involves, and a pure check over a parsed report.
import type { Metadata } from '../parse/metadata.js';
import type { CellStatus } from '../parse/read-cell.js';
import type { AgencyLevel, Finding, Severity, TemplateId } from '../types.js';

/** Everything a rule may look at: the parsed facts plus what the parser noticed on the way. */
export interface RuleInput {
  template: TemplateId;
  year: number | null;
  agency: { name: string | null; regionCode: string | null; level: AgencyLevel | null };
  facts: Readonly<Record<string, number | null>>;
  raw: Readonly<Record<string, string>>;
  scopes: Readonly<Record<string, 'own' | 'wide'>>;
  nullReason: Readonly<Record<string, CellStatus | 'shape' | 'ambiguous'>>;
  tables: { t2: boolean; t3: boolean; t4: boolean };
  meta: Metadata;
  /** All paragraph text (NFKC), for rules about what the narrative says. */
  text: string;
  images: number;
  publishedAt: string | null;
}

export interface Rule {
  id: string;
  severity: Severity;
  description: string;
  check(input: RuleInput): Finding[];
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
