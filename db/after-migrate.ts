// Steps that follow the SQL migrations on every open: the regions seed, the agency keys of rows made before keys
// existed, and the read-only role's grants. Takes any handle that runs SQL (client.ts passes its own), so that it
// needs nothing from client.ts.
import { agencyKey } from '../domain/agency.js';
import { loadRegionIndex, readRegions, REGIONS_DATASET } from '../domain/regions/read-regions.js';
import { QUERY_ROLE } from './readonly/reader.js';

/** What these steps need of a database handle: one parameterised statement at a time. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export async function afterMigrate(handle: SqlRunner): Promise<void> {
  await seedRegions(handle);
  await fillAgencyKeys(handle);
  await grantQueryRole(handle);
}

/**
 * Gives every agency made before keys existed its key (the loader sets it on new rows). Two old rows with one key are
 * the same agency split by an earlier loader: the later keeps its name as key with its id, so nothing is refused or
 * merged silently — `gongkai status` readers see the id in the key.
 */
export async function fillAgencyKeys(handle: SqlRunner): Promise<void> {
  const { rows } = await handle.query<{ id: number; name: string; region_code: string | null }>(
    'select id, name, region_code from agencies where key is null order by id',
  );
  if (rows.length === 0) return;
  const regions = loadRegionIndex();
  const taken = new Set((await handle.query<{ key: string }>('select key from agencies where key is not null')).rows.map((r) => r.key));
  const ids: number[] = [];
  const keys: string[] = [];
  for (const r of rows) {
    let key = agencyKey(r.name, r.region_code, regions);
    if (taken.has(key)) key = `${key}#${r.id}`;
    taken.add(key);
    ids.push(r.id);
    keys.push(key);
  }
  await handle.query('update agencies a set key = k.key from unnest($1::int[], $2::text[]) as k(id, key) where a.id = k.id', [ids, keys]);
}

/** Loads the bundled divisions when the database holds another dataset version; upserts, never deletes (agencies refer to codes). */
export async function seedRegions(handle: SqlRunner): Promise<void> {
  const current = await handle.query<{ value: string }>(`select value from db_meta where key = 'regions_dataset'`);
  if (current.rows[0]?.value === REGIONS_DATASET) return;
  const rows = readRegions();
  const batch = 10_000;
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    await handle.query(
      `insert into regions (code, name, level, parent_code, full_name)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       on conflict (code) do update set name = excluded.name, level = excluded.level,
         parent_code = excluded.parent_code, full_name = excluded.full_name`,
      [part.map((r) => r.code), part.map((r) => r.name), part.map((r) => r.level), part.map((r) => r.parentCode), part.map((r) => r.fullName)],
    );
  }
  await handle.query(`insert into db_meta (key, value) values ('regions_dataset', $1) on conflict (key) do update set value = excluded.value`, [
    REGIONS_DATASET,
  ]);
}

/**
 * A read-only transaction alone does not stop a superuser's `COPY … TO PROGRAM`, so `gongkai query` also
 * switches to this role, which can only SELECT. Creating it needs CREATEROLE; without that, queries run as the
 * connecting user (still read-only) and this step is skipped.
 */
async function grantQueryRole(handle: SqlRunner): Promise<void> {
  try {
    await handle.query(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${QUERY_ROLE}') then
        create role ${QUERY_ROLE} nologin;
      end if;
    exception when insufficient_privilege or unique_violation or duplicate_object then null;
    end $$`);
    await handle.query(`grant usage on schema public to ${QUERY_ROLE}`);
    await handle.query(`grant select on all tables in schema public to ${QUERY_ROLE}`);
  } catch {
    // Not allowed to create or grant (a restricted server account): queries still run read-only.
  }
}
