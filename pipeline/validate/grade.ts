// A report's grade from what was found in it, as GRADE_MEANINGS (domain/values.ts) defines them: A complete and
// consistent, B warnings only, C errors, D incomplete, F unreadable.
import type { Finding } from '../types.js';
import type { Grade, TemplateId } from '../../domain/values.js';

export interface GradeInput {
  template: TemplateId;
  readable: boolean;
  hasAgencyAndYear: boolean;
  tables: { t2: boolean; t3: boolean; t4: boolean };
  factCount: number;
  findings: Finding[];
}

export function gradeReport(g: GradeInput): Grade {
  if (!g.readable || !g.hasAgencyAndYear) return 'F';
  const errors = g.findings.some((f) => f.severity === 'error');
  const warnings = g.findings.some((f) => f.severity === 'warning');
  if (g.template === '2019' || g.template === '2021') {
    if (!g.tables.t2 || !g.tables.t3 || !g.tables.t4) return 'D';
    if (errors) return 'C';
    return warnings ? 'B' : 'A';
  }
  // Pre-2019 reports have no statutory tables to check, so the best they can be is B.
  if (g.template === 'pre2019' && g.factCount > 0) return errors ? 'C' : 'B';
  return 'D';
}
