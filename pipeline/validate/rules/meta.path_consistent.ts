// An imported report's agency and year agree with its file and folder names and with what the import was given
// (--agency, --year): a report filed under another agency's folder, or a 2020 report in 2021年报.pdf, is worth a look.
import { compact } from '../../../domain/normalize.js';
import type { RegionIndex } from '../../../domain/regions/resolve-region.js';
import { defineRule } from '../rule.js';

/** The name without the organ a government is: 潞城镇人民政府 and 潞城镇 name one agency. */
const core = (name: string) => compact(name).replace(/(人民政府|政府|街道办事处|办事处)$/, '');

/** One name inside the other, or both exactly the same division (with the report's region as context). */
function sameAgency(a: string, b: string, context: string | null, regions: RegionIndex): boolean {
  const ca = core(a);
  const cb = core(b);
  if (ca.includes(cb) || cb.includes(ca)) return true;
  const ra = regions.resolve(a, context);
  const rb = regions.resolve(b, context);
  return ra.status === 'exact' && rb.status === 'exact' && ra.rest === '' && rb.rest === '' && ra.region.code === rb.region.code;
}

export default defineRule({
  id: 'meta.path_consistent',
  severity: 'warning',
  description: 'an imported report’s agency and year agree with its file and folder names and the import’s --agency and --year',
  check: (input, reference) => {
    const local = input.meta.local;
    if (!local) return [];
    const problems: string[] = [];
    const name = input.agency.name;
    const source = input.meta.nameSource;
    if (name) {
      const context = input.agency.regionCode;
      if (local.pathAgency && source !== 'path' && !sameAgency(name, local.pathAgency.value, context, reference.regions))
        problems.push(`the ${source} names ${name} but the name "${local.pathAgency.part}" says ${local.pathAgency.value}`);
      if (local.givenAgency && source !== 'given' && !sameAgency(name, local.givenAgency, context, reference.regions))
        problems.push(`the ${source} names ${name} but the import was given --agency ${local.givenAgency}`);
    }
    const year = input.year;
    const yearSource = input.meta.yearSource;
    if (year !== null) {
      if (local.pathYear && yearSource !== 'path' && local.pathYear.value !== year)
        problems.push(`the ${yearSource} says ${year} but the name "${local.pathYear.part}" says ${local.pathYear.value}`);
      if (local.givenYear !== null && yearSource !== 'given' && local.givenYear !== year)
        problems.push(`the ${yearSource} says ${year} but the import was given --year ${local.givenYear}`);
    }
    if (problems.length === 0) return [];
    return [{ rule: 'meta.path_consistent', severity: 'warning', message: problems.join('; '), keys: [] }];
  },
});
