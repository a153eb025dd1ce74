// What a validation rule is: a stable id, a severity, a description, and a pure check over the parse output
// (RuleInput, pipeline/types.ts) and the reference data it is handed. The twin rule checks a group of reports instead.
import type { Severity } from '../../domain/values.js';
import type { Finding, Reference, RuleInput } from '../types.js';

export interface Rule {
  id: string;
  severity: Severity;
  description: string;
  check(input: RuleInput, reference: Reference): Finding[];
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** A rule over the versions of one agency-year published together (twins), each with its facts. */
export interface TwinRule {
  id: string;
  severity: Severity;
  description: string;
  check(twins: readonly { reportId: number; facts: Readonly<Record<string, number | null>> }[]): Finding[];
}
