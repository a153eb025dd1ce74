// `gongkai serve`: the read-only web app for researchers (web/server.ts) on the configured database, embedded or
// Postgres, bound to 127.0.0.1 unless --host says otherwise. It hands the app the document readers; it writes nothing.
import path from 'node:path';
import { type Command, Option } from 'commander';
import { getContext } from '../context.js';
import { UsageError } from '../errors.js';
import { integerArg } from '../number-option.js';
import { waitForStop } from '../wait-for-stop.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('browse the dataset in a web browser: coverage, reports with the source of every number, trends, sites, read-only SQL (Ctrl-C stops)')
    .addOption(new Option('--port <port>', 'TCP port (0: any free port)').default(8080).argParser(integerArg('--port', 0, 65535)))
    .option('--host <host>', 'address to listen on (the app has no login: keep it on loopback unless the data is public)', '127.0.0.1')
    .action(async (opts: { port: number; host: string }, command: Command) => {
      const ctx = getContext(command);
      const { startWebServer } = await import('../../web/server.js');
      const { annotateHtmlCells } = await import('../../pipeline/extract/html.js');
      const { extractDocument } = await import('../../pipeline/extract/index.js');
      const handle = await ctx.openDb();
      let server: Awaited<ReturnType<typeof startWebServer>>;
      try {
        server = await startWebServer({
          handle,
          host: opts.host,
          port: opts.port,
          archiveDir: path.join(ctx.config.dataDir, 'archive'),
          readers: {
            annotateHtml: (bytes, contentType) => annotateHtmlCells(bytes, contentType),
            readDocText: (bytes, contentType) => extractDocument(bytes, { contentType }),
          },
          onError: (err, url) => ctx.log.error({ err, url }, 'web page failed'),
        });
      } catch (err) {
        await handle.close();
        throw new UsageError(`cannot listen on ${opts.host}:${opts.port}: ${(err as Error).message}`);
      }
      process.stdout.write(`serving ${handle.location} read-only at ${server.url}\nCtrl-C stops.\n`);
      await waitForStop();
      await server.close();
      await handle.close();
    });
}
