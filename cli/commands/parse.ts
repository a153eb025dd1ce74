// `gongkai parse FILE|DIR`: read annual reports from files and print what was found, or the ParsedReport JSON.
import fs from 'node:fs';
import type { Command } from 'commander';
import { detectFormat } from '../../domain/detect-format.js';
import { getContext } from '../context.js';
import { UsageError } from '../errors.js';
import { listInputFiles, savedPageImages } from '../input-files.js';
import { terminalSafe } from '../terminal-text.js';

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description(
      "read annual reports from files (html, txt, pdf, docx, doc, wps, xls, xlsx; scans and images by OCR) and print their facts and findings; an HTML file's images saved beside it are read in place",
    )
    .argument('<paths...>', 'files or directories (every file inside is read)')
    .option('--json', 'print the ParsedReport JSON (one line per file when several), see docs/parsed-report.md')
    .option('--dump-doctext', 'print the blocks the extractor saw instead (for debugging a layout)')
    .option('--url <url>', 'the URL the file came from (helps agency and region resolution)')
    .option('--link-text <text>', 'the list entry title the file was linked with')
    .option('--region <code>', 'region code of the site the file came from (settles shared place names)')
    .action(async (paths: string[], opts: { json?: boolean; dumpDoctext?: boolean; url?: string; linkText?: string; region?: string }, command: Command) => {
      const ctx = getContext(command);
      const inputs = listInputFiles(paths, ctx.config.maxDocumentBytes);
      if (inputs.length === 1 && inputs[0]!.problem === 'no such file') throw new UsageError(`no such file or directory: ${inputs[0]!.file}`);
      if (inputs.length === 0) throw new UsageError('no files to parse');
      const files = inputs.map((i) => i.file);
      // Read in the parse pool's threads: a hostile file is ended at its deadline or memory cap and the others go on.
      const { createParsePool } = await import('../../jobs/parse-pool.js');
      const pool = createParsePool({
        threads: 1,
        limits: { maxBytes: ctx.config.maxDocumentBytes, maxPages: ctx.config.maxPdfPages, timeoutMs: ctx.config.parseTimeoutMs },
      });
      const { printReport, printDocText } = await import('../print-report.js');
      let failures = 0;
      for (const input of inputs) {
        const { file } = input;
        try {
          if (input.problem) throw new Error(input.problem);
          const bytes = fs.readFileSync(file);
          const hints = {
            ...(opts.url ? { url: opts.url } : {}),
            ...(opts.linkText ? { linkText: opts.linkText } : {}),
            ...(opts.region ? { regionCode: opts.region } : {}),
          };
          const images = detectFormat(bytes) === 'html' ? savedPageImages(file, bytes, ctx.config.maxDocumentBytes) : new Map<string, Uint8Array>();
          const read = await pool.read(bytes, { hints, ...(images.size ? { images } : {}) });
          if (!read.ok) throw new Error(`${read.code ?? read.reason}: ${read.message}`);
          const { doc, report } = read;
          // The pool sends the DocText back unless told not to (docText: false): here it always has it.
          if (opts.dumpDoctext && doc) process.stdout.write(printDocText(file, doc));
          else if (opts.json) process.stdout.write(`${JSON.stringify(files.length > 1 ? { file, ...report } : report, null, files.length > 1 ? 0 : 2)}\n`);
          else process.stdout.write(printReport(file, report));
        } catch (err) {
          failures++;
          const message = `${file}: ${(err as Error).message}`;
          if (opts.json) process.stdout.write(`${JSON.stringify({ file, error: (err as Error).message })}\n`);
          else process.stderr.write(`gongkai: ${terminalSafe(message)}\n`);
          if (ctx.verbose) process.stderr.write(`${(err as Error).stack}\n`);
        }
      }
      await pool.close();
      if (failures > 0) process.exitCode = 1;
    });
}
