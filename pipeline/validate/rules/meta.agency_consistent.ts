// The agency in the title is the one that signs the report.
import { norm } from '../../../domain/normalize.js';
import { defineRule } from '../rule.js';

const core = (name: string) => norm(name).replace(/(人民政府|政府|办事处)$/, '');

export default defineRule({
  id: 'meta.agency_consistent',
  severity: 'warning',
  description: 'the agency named in the title signs the report',
  check: (input) => {
    const a = input.agency.name;
    const b = input.meta.signatureName;
    if (!a || !b || input.meta.nameSource !== 'title') return [];
    const ca = core(a);
    const cb = core(b);
    if (ca.includes(cb) || cb.includes(ca)) return [];
    return [{ rule: 'meta.agency_consistent', severity: 'warning', message: `the title names ${a} but the report is signed by ${b}`, keys: [] }];
  },
});
