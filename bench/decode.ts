// bench/decode: reads generated reports in every form of shared/domain/forms-in-the-wild.md and counts, per form,
// the cells read wrong (must be 0), the cells left null and whether each null has a finding naming it. Prints a
// table; asserts nothing (test/pipeline/decode-forms.property.test.ts asserts on a smaller run).
// Run: npm run bench -- decode  (DECODE_CASES=10000 by default; the same seeds give the same table)
import { readDocText, readReport } from '../pipeline/read-report.js';
import type { ParsedReport } from '../pipeline/types.js';
import { generateReport } from '../replica/generate-report.js';
import { FORMS, type Form, renderForm, type Rendered } from '../replica/render-forms.js';

const AGENCIES = ['北京市通州区潞城镇人民政府', '北京市密云区发展和改革委员会', '北京市密云区人民政府', '平昌关镇人民政府', '北京市朝阳区小红门地区办事处'];

export interface CaseResult {
  form: Form;
  cells: number;
  wrong: string[];
  /** Printed numbers left null (cells printed blank are not counted: null is their right reading). */
  nulls: number;
  nullsWithoutFinding: string[];
}

/** A report's statutory cells against what was printed: cells read wrong, printed numbers left null, nulls unexplained. */
export function compareWithTruth(
  report: ParsedReport,
  truth: Record<string, number | null>,
): { wrong: string[]; nulls: number; nullsWithoutFinding: string[] } {
  const named = new Set(report.findings.flatMap((f) => f.keys));
  const wrong: string[] = [];
  const nullsWithoutFinding: string[] = [];
  let nulls = 0;
  for (const [key, printed] of Object.entries(truth)) {
    const read = report.facts[key];
    if (read === undefined || read === null) {
      // A cell printed blank is right as null (with its finding); a number read as null is a loss.
      if (printed !== null) nulls++;
      if (!named.has(key)) nullsWithoutFinding.push(key);
      continue;
    }
    if (read !== printed) wrong.push(`${key}: read ${read}, printed ${printed}`);
  }
  // A statutory cell read that the form did not print at all is wrong too.
  for (const [key, v] of Object.entries(report.facts)) {
    if (/^t[234]\./.test(key) && !(key in truth) && v !== null) wrong.push(`${key}: read ${v}, not printed`);
  }
  return { wrong, nulls, nullsWithoutFinding };
}

/** One generated case: the report read back, compared cell by cell with what its form printed. */
export async function runCase(seed: number, form: Form): Promise<CaseResult & { report: ParsedReport; rendered: Rendered }> {
  const year = 2019 + (seed % 7);
  const applications = [3, 20, 60, 400][seed % 4]!;
  const spec = generateReport(seed, AGENCIES[seed % AGENCIES.length]!, year, { applications, decisions: applications * 30 });
  const rendered = renderForm(spec, form, seed);
  const report = rendered.doc ? readDocText(rendered.doc) : (await readReport(rendered.bytes!)).report;
  const { wrong, nulls, nullsWithoutFinding } = compareWithTruth(report, rendered.truth);
  return { form, cells: Object.keys(rendered.truth).length, wrong, nulls, nullsWithoutFinding, report, rendered };
}

export async function benchDecode(): Promise<Record<string, number | string>> {
  const total = Number(process.env.DECODE_CASES ?? 10_000);
  const perForm = Math.ceil(total / FORMS.length);
  const figures: Record<string, number | string> = {};
  let allWrong = 0;
  for (const form of FORMS) {
    let cells = 0;
    let wrong = 0;
    let nulls = 0;
    let unexplained = 0;
    const examples: string[] = [];
    for (let i = 0; i < perForm; i++) {
      const seed = 1 + i * 7919 + FORMS.indexOf(form);
      const res = await runCase(seed, form);
      cells += res.cells;
      wrong += res.wrong.length;
      nulls += res.nulls;
      unexplained += res.nullsWithoutFinding.length;
      if ((res.wrong.length || res.nullsWithoutFinding.length) && examples.length < 3)
        examples.push(`seed ${seed}: ${[...res.wrong, ...res.nullsWithoutFinding.map((k) => `${k} null without finding`)].slice(0, 3).join('; ')}`);
    }
    allWrong += wrong;
    figures[`${form}: cases`] = perForm;
    figures[`${form}: cells`] = cells;
    figures[`${form}: wrong`] = wrong;
    figures[`${form}: null rate (printed numbers left null)`] = `${((nulls / cells) * 100).toFixed(2)}%`;
    figures[`${form}: nulls without a finding`] = unexplained;
    examples.forEach((e, i) => (figures[`${form}: example ${i + 1}`] = e));
  }
  figures['wrong numbers, all forms'] = allWrong;
  return figures;
}
