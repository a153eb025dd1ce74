// `gongkai db migrate|serve`: create or update the schema, and expose the embedded database to psql and desktop tools.
import { type Command, Option } from 'commander';
import ipaddr from 'ipaddr.js';
import { getContext, withDb } from '../context.js';
import { UsageError } from '../errors.js';
import { integerArg } from '../number-option.js';

export function registerDb(program: Command): void {
  const db = program.command('db').description('database administration');

  db.command('migrate')
    .description('create or update the schema (embedded database under the data directory, or DATABASE_URL)')
    .action(async (_opts: unknown, command: Command) => {
      const ctx = getContext(command);
      await withDb(ctx, async (handle) => {
        const { countRegions } = await import('../../db/queries/runs.js');
        process.stdout.write(`schema is up to date on ${handle.location} (${await countRegions(handle)} regions loaded)\n`);
      });
    });

  registerGrantReadonly(db);

  db.command('serve')
    .description('serve the embedded database for psql, DBeaver, R or Python, read-only unless --write (Ctrl-C stops)')
    .addOption(new Option('--port <port>', 'TCP port').default(5433).argParser(integerArg('--port', 1, 65535)))
    .option('--host <host>', 'address to listen on; anything but loopback needs --password', '127.0.0.1')
    .option('--password <password>', 'clients must give this password (SCRAM-SHA-256); default: GONGKAI_SERVE_PASSWORD')
    .option('--write', 'let clients change data (default: SELECT only, checked like gongkai query)')
    .action(async (opts: { port: number; host: string; password?: string; write?: boolean }, command: Command) => {
      const ctx = getContext(command);
      if (ctx.config.databaseUrl) throw new UsageError('db serve exposes the embedded database; with DATABASE_URL set, connect to that server directly');
      const password = opts.password ?? ctx.config.servePassword;
      if (!isLoopback(opts.host) && !password) {
        throw new UsageError(
          `--host ${opts.host} is reachable from other machines: give --password (or GONGKAI_SERVE_PASSWORD) too, or keep the default 127.0.0.1`,
        );
      }
      const { serveEmbedded } = await import('../../db/serve/serve-embedded.js');
      const handle = await ctx.openDb();
      let server;
      try {
        server = await serveEmbedded({ pglite: handle.pglite!, host: opts.host, port: opts.port, password: password ?? null, write: Boolean(opts.write) });
      } catch (err) {
        await handle.close();
        throw new UsageError(`cannot listen on ${opts.host}:${opts.port}: ${(err as Error).message}`);
      }
      const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      const url = `postgresql://postgres${password ? ':…' : ''}@${host}:${server.port}/postgres?sslmode=disable`;
      process.stdout.write(
        `serving ${handle.location} ${opts.write ? 'READ-WRITE' : 'read-only'} on ${host}:${server.port}\n  psql "${url}"\n` +
          `  DATABASE_URL=${url} gongkai query "select …"\nCtrl-C stops.\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.stop();
      await handle.close();
    });
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  return ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback';
}

function registerGrantReadonly(db: Command): void {
  db.command('grant-readonly')
    .argument('<role>', 'role name (lower-case letters, digits, _)')
    .description('create or update a read-only role for researchers on the Postgres server (SELECT on every table and view)')
    .option(
      '--password <password>',
      'let the role log in with this password (default: GONGKAI_READONLY_PASSWORD; without either, a NOLOGIN role to grant to users)',
    )
    .action(async (role: string, opts: { password?: string }, command: Command) => {
      const ctx = getContext(command);
      if (!ctx.config.databaseUrl) {
        throw new UsageError('the embedded database has no roles: share the exports, or `gongkai db serve` on localhost; set DATABASE_URL for a server');
      }
      const { grantReadonly, ROLE_NAME } = await import('../../db/grant-readonly.js');
      if (!ROLE_NAME.test(role)) throw new UsageError(`role names are lower-case letters, digits and _ (got "${role}")`);
      const password = opts.password ?? process.env.GONGKAI_READONLY_PASSWORD;
      const r = await withDb(ctx, (handle) => grantReadonly(handle, role, password));
      const u = new URL(ctx.config.databaseUrl);
      process.stdout.write(
        `${r.created ? 'created' : 'updated'} role ${r.role}: SELECT on every table and view of ${u.pathname.slice(1)}, read-only sessions\n` +
          (r.login
            ? `  psql "postgres://${r.role}:…@${u.host}${u.pathname}"\n`
            : `  it cannot log in: give it to users with \`grant ${r.role} to alice\`, or run again with --password\n`),
      );
    });
}
