// The statement checker: every red-team statement refused for the right reason, every example a researcher is
// given (docs/querying.md) and the everyday shapes of SELECT accepted; the allowlist names real, non-writing functions.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../db/client.js';
import { StatementRefusedError } from '../../../db/errors.js';
import { ALLOWED_FUNCTIONS, VOLATILE_BUT_HARMLESS } from '../../../db/readonly/allowed-functions.js';
import { checkReadOnlyStatement } from '../../../db/readonly/check-statement.js';
import { freshDb } from '../../helpers/db.js';
import { RED_TEAM } from './red-team.js';

const CONTEXT = { documentsFile: '/pglite/data/base/5/16400', marker: '/tmp/gongkai-marker', victimPid: 4242 };

async function refusal(sql: string): Promise<string | null> {
  try {
    await checkReadOnlyStatement(sql);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(StatementRefusedError);
    return (err as Error).message;
  }
}

describe('checkReadOnlyStatement', () => {
  it.each(RED_TEAM.filter((a) => a.refusal !== 'database').map((a) => [a.name, a] as const))('refuses %s', async (_name, attack) => {
    expect(await refusal(attack.sql(CONTEXT))).toMatch(attack.refusal as RegExp);
  });

  it('accepts every SQL example in docs/querying.md', async () => {
    const doc = fs.readFileSync(path.resolve('docs/querying.md'), 'utf8');
    const blocks = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)]
      .flatMap((m) => m[1]!.split(/;\s*\n/))
      .map((s) => s.replace(/--.*$/gm, '').trim())
      .filter(Boolean);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const sql of blocks) expect({ sql, refused: await refusal(sql) }).toEqual({ sql, refused: null });
  });

  it.each([
    [`select 1`],
    [`table report_panel`],
    [`values (1, 'a'), (2, 'b')`],
    [`with recursive r(n) as (select 1 union all select n + 1 from r where n < 5) select sum(n) from r`],
    [`select year, count(*) filter (where grade = 'A'), rank() over (partition by year order by count(*) desc) from report_panel group by year`],
    [`select extract(year from now()), date_trunc('month', now()), now() at time zone 'Asia/Shanghai', current_date, current_user`],
    [`select substring(title from 1 for 10), trim(both ' ' from agency), position('区' in agency), overlay('abc' placing 'x' from 2) from report_panel`],
    [`select coalesce(a, 0), nullif(b, 0), greatest(a, b), least(a, b), a::numeric, cast(b as text) from (values (1, 2)) v(a, b)`],
    [`select k, v from jsonb_each('{"a": 1}'::jsonb) as e(k, v) cross join lateral unnest(array[1, 2]) u`],
    [`select "t3.new_received.total" from report_panel where region_code like '11%' and title ~ '年度报告' order by 1 nulls last limit 10 offset 5`],
    [`select percentile_cont(0.5) within group (order by "t3.total.total") from report_panel`],
    [`select * from report_panel r join findings f using (report_id) where exists (select 1 from coverage c where c.status = 'missing')`],
    [`select pg_catalog.lower(agency), c.relname, pg_catalog.pg_get_viewdef(c.oid) from pg_catalog.pg_class c, report_panel`],
    [`select current_setting('server_version')`],
    [`select x from generate_series(1, 3) as g(x) union select 4 except select 5 intersect select 6`],
  ])('accepts %s', async (sql) => {
    expect(await refusal(sql)).toBeNull();
  });

  it('says what does not parse', async () => {
    expect(await refusal('selec 1')).toMatch(/does not parse: syntax error at or near "selec"/);
    expect(await refusal('  -- only a comment')).toMatch(/there is no statement/);
  });
});

describe('ALLOWED_FUNCTIONS against the embedded database catalogue', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await freshDb('pglite');
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('names only built-in functions that exist and do not change anything (immutable or stable)', async () => {
    const { rows } = await handle.query<{ proname: string; volatile: boolean }>(
      `select proname, bool_or(provolatile = 'v') as volatile from pg_proc
        where pronamespace = 'pg_catalog'::regnamespace and proname = any($1::text[]) group by proname`,
      [[...ALLOWED_FUNCTIONS]],
    );
    const found = new Map(rows.map((r) => [r.proname, r.volatile]));
    // Names the SQL grammar turns into pg_catalog calls (extract, overlay …) exist as functions; a few are grammar only.
    const grammarOnly = [
      'coalesce',
      'nullif',
      'greatest',
      'least',
      'current_date',
      'localtime',
      'localtimestamp',
      'array_reverse',
      'array_sort',
      'casefold',
      'date_add',
      'date_subtract',
      'regclass',
    ];
    const missing = [...ALLOWED_FUNCTIONS].filter((f) => !found.has(f) && !grammarOnly.includes(f));
    expect(missing).toEqual([]);
    const volatile = [...found].filter(([name, v]) => v && !VOLATILE_BUT_HARMLESS.has(name)).map(([name]) => name);
    expect(volatile).toEqual([]);
  });
});
