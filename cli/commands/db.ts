// `gongkai db migrate|serve`: create or update the schema, and expose the embedded database to psql and desktop tools.
import { type Command, Option } from 'commander';
import { getContext, withDb } from '../context.js';
import { UsageError } from '../errors.js';

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
    .description('serve the embedded database on a local port for psql, DBeaver, R or Python (Ctrl-C stops)')
    .addOption(new Option('--port <port>', 'TCP port on 127.0.0.1').default('5433').argParser(parsePort))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { port: number; host: string }, command: Command) => {
      const ctx = getContext(command);
      if (ctx.config.databaseUrl) throw new UsageError('db serve exposes the embedded database; with DATABASE_URL set, connect to that server directly');
      const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
      const handle = await ctx.openDb();
      const server = new PGLiteSocketServer({ db: handle.pglite!, port: opts.port, host: opts.host, maxConnections: 8 });
      try {
        await server.start();
      } catch (err) {
        await handle.close();
        throw new UsageError(`cannot listen on ${opts.host}:${opts.port}: ${(err as Error).message}`);
      }
      const url = `postgresql://postgres@${opts.host}:${opts.port}/postgres?sslmode=disable`;
      process.stdout.write(`serving ${handle.location}\n  psql "${url}"\n  DATABASE_URL=${url} gongkai query "select …"\nCtrl-C stops.\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.stop();
      await handle.close();
    });
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

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--port must be 1-65535, got "${value}"`);
  return n;
}
