// Postgres test databases with real logins: one migrated by a superuser or by a non-superuser owner role, and a
// grant-readonly reader on it. Roles are cluster-wide, so every one made here is dropped by cleanup().
import postgres from 'postgres';
import { openDb, type DbHandle } from '../../db/client.js';
import { grantReadonly } from '../../db/grant-readonly.js';
import { databaseUrlOf, freshDb } from './db.js';

export interface RoleSetup {
  /** The connection gongkai itself uses (DATABASE_URL): a superuser, or the tables' owner. */
  handle: DbHandle;
  databaseUrl: string;
  /** A grant-readonly login on the same database. */
  readerUrl: string;
  readerRole: string;
  /** A superuser connection to the same database (for checks the roles under test may not run). */
  adminUrl: string;
  cleanup(): Promise<void>;
}

let counter = 0;

function withLogin(url: string, user: string, password: string, database?: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

/** A migrated database whose tables belong to `as` ('superuser': the TEST_DATABASE_URL login; 'owner': a new role). */
export async function roleSetup(as: 'superuser' | 'owner'): Promise<RoleSetup> {
  const root = process.env.TEST_DATABASE_URL!;
  const tag = `${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const readerRole = `gk_reader_${tag}`;
  const ownerRole = `gk_owner_${tag}`;
  const admin = postgres(root, { max: 1, onnotice: () => {} });
  let handle: DbHandle;
  let databaseUrl: string;
  let dbName: string;
  try {
    if (as === 'superuser') {
      handle = await freshDb('postgres');
      databaseUrl = databaseUrlOf(handle)!;
      dbName = new URL(databaseUrl).pathname.slice(1);
    } else {
      dbName = `gk_owned_${tag}`;
      await admin.unsafe(`create role ${ownerRole} login password 'owner pw'`);
      await admin.unsafe(`create database ${dbName} owner ${ownerRole}`);
      databaseUrl = withLogin(root, ownerRole, 'owner pw', dbName);
      handle = await openDb({ databaseUrl });
    }
  } finally {
    await admin.end();
  }
  const adminUrl = withLogin(root, new URL(root).username, decodeURIComponent(new URL(root).password), dbName);
  const adminHandle = await openDb({ databaseUrl: adminUrl, skipMigrations: true });
  try {
    await grantReadonly(adminHandle, readerRole, 'reader pw');
  } finally {
    await adminHandle.close();
  }
  return {
    handle,
    databaseUrl,
    readerUrl: withLogin(root, readerRole, 'reader pw', dbName),
    readerRole,
    adminUrl,
    async cleanup() {
      await handle.close();
      const a = postgres(root, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${dbName} with (force)`);
        await a.unsafe(`drop role if exists ${readerRole}`);
        await a.unsafe(`drop role if exists ${ownerRole}`);
      } finally {
        await a.end();
      }
    },
  };
}
