// `gongkai <verb>`: parses argv, dispatches to one command file, turns errors into one line and an exit code.
import { terminalSafe } from './terminal-text.js';
import { Command, CommanderError } from 'commander';
import { registerArchive } from './commands/archive.js';
import { registerCrawl } from './commands/crawl.js';
import { registerDb } from './commands/db.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerParse } from './commands/parse.js';
import { registerQuery } from './commands/query.js';
import { registerReparse } from './commands/reparse.js';
import { registerReplica } from './commands/replica.js';
import { registerRun } from './commands/run.js';
import { registerSchedule } from './commands/schedule.js';
import { registerServe } from './commands/serve.js';
import { registerShow } from './commands/show.js';
import { registerSites } from './commands/sites.js';
import { registerStatus } from './commands/status.js';
import { registerWorker } from './commands/worker.js';
import { GONGKAI_VERSION } from './version.js';

export function buildProgram(): Command {
  const program = new Command('gongkai')
    .description('collect China’s government information disclosure annual reports (政府信息公开工作年度报告) into a research dataset')
    .version(GONGKAI_VERSION)
    .option('-v, --verbose', 'debug logging and stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerDemo(program);
  registerRun(program);
  registerStatus(program);
  registerSchedule(program);
  registerReparse(program);
  registerWorker(program);
  registerDb(program);
  registerQuery(program);
  registerParse(program);
  registerImport(program);
  registerCrawl(program);
  registerSites(program);
  registerShow(program);
  registerServe(program);
  registerArchive(program);
  registerExport(program);
  registerReplica(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const verbose = argv.includes('-v') || argv.includes('--verbose');
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version "errors" are normal exits; everything else commander reports is a usage mistake.
      return err.exitCode === 0 ? 0 : 2;
    }
    const e = err as Error & { exitCode?: number };
    const exitCode = typeof e.exitCode === 'number' ? e.exitCode : 1;
    process.stderr.write(`gongkai: ${terminalSafe(oneLine(e.message || String(err)))}\n`);
    if (verbose && e.stack) process.stderr.write(`${e.stack}\n`);
    return exitCode;
  }
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

process.exit(await main(process.argv));
