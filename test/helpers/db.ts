// Fresh databases for tests, on PGlite and (with TEST_DATABASE_URL) on a Postgres server, from migrated templates.
import fs from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openDb, type DbHandle } from '../../db/client.js';

export type Backend = 'pglite' | 'postgres';

let counter = 0;

/** A new, migrated, empty database of the given kind; close() also drops it on the server. */
export async function freshDb(backend: Backend): Promise<DbHandle> {
  if (backend === 'pglite') {
    const dump = fs.readFileSync(inject('pgliteTemplate'));
    return openDb({ memory: true, loadDataDir: new Blob([dump]) });
  }
  const url = process.env.TEST_DATABASE_URL!;
  const template = inject('postgresTemplate')!;
  const name = `gongkai_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: u.toString() });
  urls.set(handle, u.toString());
  const close = handle.close.bind(handle);
  handle.close = async () => {
    await close();
    const a = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await a.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await a.end();
    }
  };
  return handle;
}

const urls = new WeakMap<DbHandle, string>();

/** The unredacted connection URL of a server test database (to hand to a child process), null for PGlite. */
export function databaseUrlOf(handle: DbHandle): string | null {
  return urls.get(handle) ?? null;
}

/**
 * Runs `body` once per backend with a database made fresh for the suite. Without TEST_DATABASE_URL the Postgres
 * suite is reported as skipped, with the reason in its title.
 */
export function describeEachDb(title: string, body: (db: () => DbHandle, backend: Backend) => void): void {
  for (const backend of ['pglite', 'postgres'] as const) {
    const available = backend === 'pglite' || Boolean(process.env.TEST_DATABASE_URL);
    const name = available ? `${title} [${backend}]` : `${title} [postgres: skipped, TEST_DATABASE_URL not set]`;
    describe.skipIf(!available)(name, () => {
      let handle: DbHandle | undefined;
      beforeAll(async () => {
        handle = await freshDb(backend);
      });
      afterAll(async () => {
        await handle?.close();
      });
      body(() => handle!, backend);
    });
  }
}

/**
 * A suite that needs a Postgres server (several processes or connections on one database); without
 * TEST_DATABASE_URL it is reported as skipped, with the reason in its title.
 */
export function describeOnPostgres(title: string, body: () => void): void {
  const available = Boolean(process.env.TEST_DATABASE_URL);
  describe.skipIf(!available)(available ? `${title} [postgres]` : `${title} [postgres: skipped, TEST_DATABASE_URL not set]`, body);
}
