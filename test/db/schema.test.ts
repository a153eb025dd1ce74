// The schema keeps data honest: one current version per agency-year, facts only for existing reports, migrations rerun.
import { expect, it } from 'vitest';
import { migrateDb } from '../../db/client.js';
import { describeEachDb } from '../helpers/db.js';

describeEachDb('schema', (db) => {
  async function seedReport(version: number, isCurrent: boolean, sha: string) {
    const h = db();
    await h.query(`insert into documents (sha256, bytes, archive_path) values ($1, 1, $1) on conflict do nothing`, [sha]);
    const agency = await h.query<{ id: number }>(
      `insert into agencies (name) values ('北京市通州区潞城镇人民政府') on conflict (name) do update set name = excluded.name returning id`,
    );
    const r = await h.query<{ id: number }>(
      `insert into reports (agency_id, year, version, document_sha256, source_group, template, parser_version, grade, is_current)
       values ($1, 2021, $2, $3, $3, '2021', 'test', 'A', $4) returning id`,
      [agency.rows[0]!.id, version, sha, isCurrent],
    );
    return r.rows[0]!.id;
  }

  it('applies the migrations a second time without error', async () => {
    await migrateDb(db());
    await migrateDb(db());
    const { rows } = await db().query<{ n: number }>('select count(*)::int as n from regions');
    expect(rows[0]!.n).toBe(44700);
  });

  it('accepts two versions of one agency-year with one current', async () => {
    await seedReport(1, false, 'a'.repeat(64));
    await seedReport(2, true, 'b'.repeat(64));
    const { rows } = await db().query<{ version: number; is_current: boolean }>('select version, is_current from reports order by version');
    expect(rows).toEqual([
      { version: 1, is_current: false },
      { version: 2, is_current: true },
    ]);
  });

  it('rejects a second current version of the same agency-year', async () => {
    await expect(seedReport(3, true, 'c'.repeat(64))).rejects.toThrow(/reports_current_key/);
  });

  it('rejects the same version number twice', async () => {
    await expect(seedReport(2, false, 'd'.repeat(64))).rejects.toThrow(/reports_agency_id_year_version_key/);
  });

  it('rejects a fact whose report does not exist', async () => {
    await expect(db().query(`insert into report_facts (report_id, key, value) values (999999, 't3.total.total', 1)`)).rejects.toThrow(/foreign key/);
  });

  it('rejects a grade outside A-F and a finding with an unknown severity', async () => {
    const h = db();
    await expect(h.query(`update reports set grade = 'Z'`)).rejects.toThrow(/reports_grade_check/);
    const { rows } = await h.query<{ id: number }>('select id from reports limit 1');
    await expect(h.query(`insert into findings (report_id, rule, severity, message) values ($1, 'x', 'fatal', 'm')`, [rows[0]!.id])).rejects.toThrow(
      /findings_severity_check/,
    );
  });
});
