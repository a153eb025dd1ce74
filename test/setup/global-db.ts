// Builds the migrated database templates once per test run: a PGlite dump file and, with TEST_DATABASE_URL, a
// template database on the server. Each test then starts from a copy in about a second instead of migrating.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../db/client.js';
import { REGIONS_DATASET } from '../../domain/regions/read-regions.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

function schemaHash(): string {
  const dir = path.resolve('db/migrations');
  const h = crypto.createHash('sha256').update(REGIONS_DATASET);
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) h.update(f).update(fs.readFileSync(p));
  }
  h.update(fs.readFileSync(path.resolve('db/after-migrate.ts')));
  return h.digest('hex').slice(0, 12);
}

async function pgliteTemplate(hash: string): Promise<string> {
  const file = path.join(os.tmpdir(), `gongkai-test-template-${hash}.tar`);
  if (fs.existsSync(file)) return file;
  const handle = await openDb({ memory: true });
  const dump = await handle.pglite!.dumpDataDir('none');
  await handle.close();
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
  return file;
}

async function postgresTemplate(url: string, hash: string): Promise<string> {
  const name = `gongkai_test_tpl_${hash}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const exists = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists.length === 0) {
      const building = `${name}_${process.pid}`;
      await admin.unsafe(`create database "${building}"`);
      const u = new URL(url);
      u.pathname = `/${building}`;
      const handle = await openDb({ databaseUrl: u.toString() });
      await handle.close();
      await admin.unsafe(`alter database "${building}" rename to "${name}"`).catch(async () => {
        await admin.unsafe(`drop database if exists "${building}"`); // another run built it first
      });
    }
  } finally {
    await admin.end();
  }
  return name;
}

export default async function setup(project: TestProject): Promise<void> {
  const hash = schemaHash();
  project.provide('pgliteTemplate', await pgliteTemplate(hash));
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    project.provide('postgresTemplate', await postgresTemplate(url, hash));
  } else {
    project.provide('postgresTemplate', null);
    process.stderr.write('\n  TEST_DATABASE_URL is not set: database tests run on embedded PGlite only; their Postgres-server half is skipped.\n\n');
  }
}
