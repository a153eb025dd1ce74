// Runs every rule over a parsed report, orders the findings and grades the report. Pure.
import type { Finding, ParsedReport, ParseOutcome, Reference } from '../types.js';
import { gradeReport } from './grade.js';
import { RULES } from './rules/index.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message),
  );
}

/** Runs the rules over one parse outcome with the reference data they read (the division table). */
export function validateReport({ report, ruleInput, readable }: ParseOutcome, reference: Reference): ParsedReport {
  const findings = [...report.findings];
  for (const rule of RULES) findings.push(...rule.check(ruleInput, reference));
  const sorted = sortFindings(findings);
  const grade = gradeReport({
    template: report.template,
    readable,
    hasAgencyAndYear: report.agency.name !== null && report.year !== null,
    tables: report.tables,
    factCount: Object.keys(report.facts).length,
    findings: sorted,
  });
  return { ...report, findings: sorted, grade };
}
