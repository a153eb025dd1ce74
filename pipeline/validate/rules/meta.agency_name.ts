// The agency name reads like the name of a Chinese government body: not a spreadsheet formula (=HYPERLINK(…), +, -,
// @), no link, markup, quotes or control characters, no run of Latin letters. A name that fails is kept as read but
// the report cannot pass as clean: this name is the row's identity in every export.
import { defineRule } from '../rule.js';

const PROBLEMS: [RegExp, string][] = [
  [/^[=+\-@]/, 'starts like a spreadsheet formula'],
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
  [/[\u0000-\u001f\u007f-\u009f]/, 'holds control characters'],
  [/:\/\/|www\./i, 'holds a link'],
  [/[<>"'{}|;\\]/, 'holds markup or quoting characters'],
  [/[A-Za-z]{5,}/, 'holds a run of Latin letters'],
];

export default defineRule({
  id: 'meta.agency_name',
  severity: 'error',
  description: 'the agency name reads like the name of a government body (no formula, link, markup or control characters)',
  check: (input) => {
    const name = input.agency.name;
    if (!name) return [];
    const why = PROBLEMS.filter(([re]) => re.test(name)).map(([, what]) => what);
    if (why.length === 0) return [];
    return [
      { rule: 'meta.agency_name', severity: 'error', message: `the agency name ${JSON.stringify(name)} ${why.join(', ')}: not a name to trust`, keys: [] },
    ];
  },
});
