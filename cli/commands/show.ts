// `gongkai show REPORT | AGENCY YEAR`: one report in the terminal — its tables as printed, its findings, its versions,
// and the document with every URL it was found at (get its file with `gongkai archive get`).
import type { Command } from 'commander';
import type { ReportDetail } from '../../db/queries/report-detail.js';
import type { AgencyLevel, Grade, SourceFormat, TemplateId } from '../../domain/values.js';
import type { ParsedReport, Provenance } from '../../pipeline/types.js';
import { getContext, withDb } from '../context.js';
import { CommandError, UsageError } from '../errors.js';
import { formatTable } from '../format-table.js';
import { printReport } from '../print-report.js';
import { terminalSafe } from '../terminal-text.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('one report: its tables, findings, versions and document (by report id, or by agency and year)')
    .argument('<report-or-agency>', 'a report id (gongkai show 12), or an agency: its key (110112119:人民政府), id, name or part of its name')
    .argument('[year]', 'the report year, when an agency is given')
    .option('--json', 'print the report as JSON')
    .action(async (ref: string, yearArg: string | undefined, flags: { json?: boolean }, command: Command) => {
      const ctx = getContext(command);
      const { reportDetail, findAgencies, currentReportOf } = await import('../../db/queries/report-detail.js');
      await withDb(ctx, async (handle) => {
        let id: number;
        if (yearArg === undefined) {
          if (!/^\d+$/.test(ref)) throw new UsageError(`give a report id, or an agency and a year: gongkai show "${ref}" 2023`);
          id = Number(ref);
        } else {
          if (!/^\d{4}$/.test(yearArg)) throw new UsageError(`the year is four digits, got "${yearArg}"`);
          const agencies = await findAgencies(handle, ref);
          if (agencies.length === 0) throw new CommandError(`no agency matches "${ref}"`);
          if (agencies.length > 1) {
            throw new CommandError(
              `"${ref}" matches ${agencies.length} agencies; give its key: ${agencies
                .slice(0, 5)
                .map((a) => `${a.key} (${a.name})`)
                .join(', ')}${agencies.length > 5 ? ' …' : ''}`,
            );
          }
          const found = await currentReportOf(handle, agencies[0]!.id, Number(yearArg));
          if (found === undefined) throw new CommandError(`no report of ${agencies[0]!.name} for ${yearArg} was found (coverage: missing)`);
          id = found;
        }
        const detail = await reportDetail(handle, id);
        if (!detail) throw new CommandError(`no report ${id}`);
        process.stdout.write(flags.json ? `${JSON.stringify(detail, null, 2)}\n` : printDetail(detail));
      });
    });
}

/** The report as `gongkai parse` prints a document, with what the database adds: identity, versions, document. */
function printDetail(d: ReportDetail): string {
  const asParsed: ParsedReport = {
    agency: { name: d.agency.name, regionCode: d.agency.regionCode, level: d.agency.level as AgencyLevel | null, nameSource: null },
    year: d.year,
    template: d.template as TemplateId,
    title: d.title,
    publishedAt: d.publishedAt,
    facts: Object.fromEntries(d.facts.map((f) => [f.key, f.value])),
    raw: Object.fromEntries(d.facts.flatMap((f) => (f.raw === null ? [] : [[f.key, f.raw]]))),
    provenance: Object.fromEntries(d.facts.flatMap((f) => (f.provenance ? [[f.key, f.provenance as Provenance]] : []))),
    findings: d.findings.map((f) => ({ rule: f.rule, severity: f.severity as 'error' | 'warning' | 'info', message: f.message, keys: f.keys })),
    grade: d.grade as Grade,
    tables: { t2: true, t3: true, t4: true },
    source: { format: d.document.format as SourceFormat },
    parserVersion: d.parserVersion,
  };
  const head = [
    `report ${d.id}: ${d.agency.name} ${d.year}, version ${d.version}${d.isCurrent ? ' (current)' : ' (not current)'}${d.demo ? '  — DEMO: invented numbers' : ''}`,
    `  key       ${d.agency.key ?? ''}    agency id ${d.agency.id}    parser ${d.parserVersion}`,
    `  document  ${d.document.sha256} (${d.document.format}, ${d.document.bytes} bytes): gongkai archive get ${d.document.sha256.slice(0, 12)} --out FILE`,
    ...d.urls.map((u) => `  found at  ${u.url}${u.kind === 'attachment' && u.parentUrl ? ` (attached to ${u.parentUrl})` : ''}`),
    '',
  ];
  const versions = [
    `  versions of ${d.agency.name} ${d.year}`,
    formatTable(
      ['report', 'version', 'current', 'grade', 'format', 'parser', 'document'],
      d.versions.map((v) => [v.id, v.version, v.isCurrent ? 'yes' : '', v.grade, v.format, v.parserVersion, v.sha256.slice(0, 12)]),
    )
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n'),
    '',
  ];
  return terminalSafe(head.join('\n')) + printReport(`  ${d.title ?? ''}`, asParsed) + terminalSafe(`${versions.join('\n')}\n`);
}
