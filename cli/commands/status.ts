// `gongkai status`: the state of the collection at a glance — last runs, sites needing attention, coverage by year
// and level, the most frequent findings.
import type { Command } from 'commander';
import { getContext, withDb } from '../context.js';
import { formatTable } from '../format-table.js';
import { integerArg } from '../number-option.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('last runs, sites needing attention, coverage by year and level, most frequent findings')
    .option('--runs <n>', 'how many runs to list', integerArg('--runs', 1), 5)
    .option('--json', 'print as JSON')
    .action(async (flags: { runs: number; json?: boolean }, command: Command) => {
      const ctx = getContext(command);
      const { readStatus } = await import('../../db/queries/status.js');
      const s = await withDb(ctx, (handle) => readStatus(handle, { runs: flags.runs }));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        return;
      }
      const t = s.totals;
      const out = [
        `${t.currentReports} agency-years from ${t.agencies} agencies (${t.versions} report versions, ${t.facts} facts); ` +
          `${t.documents} documents archived, ${t.pending} waiting to be read, ${t.unreadable} unreadable, ${t.quarantined} quarantined`,
        '',
        'last runs',
        s.runs.length
          ? formatTable(
              ['run', 'kind', 'trigger', 'started (UTC)', 'min', 'status', 'docs new', 'changed', 'reports loaded', 'site errors'],
              s.runs.map((r) => [
                r.id,
                r.kind,
                r.trigger,
                r.startedAt.slice(0, 16).replace('T', ' '),
                r.minutes,
                r.status,
                r.documentsNew,
                r.documentsChanged,
                r.reportsLoaded,
                r.errors,
              ]),
            )
          : '(no runs yet: `gongkai run`, or `gongkai demo` to try it on the replica)',
        '',
        'sites needing attention',
        s.attention.length
          ? formatTable(
              ['site', 'problem', 'last crawl'],
              s.attention.map((a) => [a.siteId, a.problem, a.lastCrawl]),
            )
          : '(none)',
        '',
        'quarantined documents (not read again until `gongkai reparse --force` or `--document SHA`)',
        s.quarantined.length
          ? formatTable(
              ['document', 'found at', 'why'],
              s.quarantined.map((q) => [q.sha256.slice(0, 12), q.url ?? '', q.reason]),
            )
          : '(none)',
        '',
        'coverage (roster agency-years: found / unreadable = found but unreadable / missing = none found)',
        s.coverage.length
          ? formatTable(
              ['year', 'level', 'found', 'unreadable', 'missing'],
              s.coverage.map((c) => [c.year, c.level, c.found, c.unreadable, c.missing]),
            )
          : '(no reports yet)',
        '',
        'most frequent findings (current reports, errors and warnings)',
        s.findings.length
          ? formatTable(
              ['rule', 'severity', 'reports'],
              s.findings.map((f) => [f.rule, f.severity, f.reports]),
            )
          : '(none)',
      ];
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
