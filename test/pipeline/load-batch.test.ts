// Loading documents in batches (one transaction for many) leaves exactly the database that loading them one at a
// time does: agencies, versions, current choice, twins and their findings, facts, findings, document marks.
import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client.js';
import { type LoadItem, loadReport, loadReports } from '../../pipeline/load/load-report.js';
import { describeEachDb, freshDb } from '../helpers/db.js';
import { archiveCases } from '../helpers/load-cases.js';

/** Everything loading writes, keyed by document rather than by generated id. */
async function stateOf(handle: DbHandle) {
  const q = async (text: string) => (await handle.query<Record<string, unknown>>(text)).rows;
  return {
    agencies: await q(`select name, region_code, level from agencies order by name, region_code`),
    reports: await q(
      `select r.document_sha256, a.name as agency, r.year, r.version, r.is_current, r.grade, r.template, r.title, r.source_group, r.parser_version
       from reports r join agencies a on a.id = r.agency_id order by r.document_sha256`,
    ),
    facts: await q(
      `select r.document_sha256, f.key, f.value::text, f.raw, f.provenance from report_facts f join reports r on r.id = f.report_id
       order by r.document_sha256, f.key`,
    ),
    findings: await q(
      `select r.document_sha256, f.rule, f.severity, f.message, f.keys from findings f join reports r on r.id = f.report_id
       order by r.document_sha256, f.rule, f.message, f.keys`,
    ),
    documents: await q(`select sha256, parse_status, parse_error, parse_action, parser_version from documents order by sha256`),
  };
}

/** A copy of a case's document found `as` (its page's attachment: a twin; or a later detail page: a new version). */
async function copyOf(handle: DbHandle, of: LoadItem, as: 'attachment' | 'republished'): Promise<LoadItem> {
  const sha256 = crypto.createHash('sha256').update(of.ctx.sha256).update(as).digest('hex');
  const firstSeenAt = new Date(of.ctx.firstSeenAt.getTime() + (as === 'republished' ? 86_400_000 : 0));
  await handle.query(
    `insert into documents (sha256, content_type, bytes, format, archive_path, first_seen_at, last_seen_at) values ($1, 'application/pdf', 1, 'pdf', $2, $3, $3)`,
    [sha256, `${sha256.slice(0, 2)}/${sha256}`, firstSeenAt.toISOString()],
  );
  // One number read otherwise, so that twins disagree.
  const key = Object.keys(of.report.facts).find((k) => k.startsWith('t3.') && of.report.facts[k] !== null)!;
  const report = { ...of.report, facts: { ...of.report.facts, [key]: of.report.facts[key]! + 1 } };
  const ctx = { ...of.ctx, sha256, firstSeenAt, archivePath: `${sha256.slice(0, 2)}/${sha256}` };
  if (as === 'attachment') Object.assign(ctx, { kind: 'attachment', parentSha256: of.ctx.sha256 });
  return { ctx, report, status: 'parsed' };
}

const isReport = (item: LoadItem) => Boolean(item.report.agency.name) && item.report.year !== null;
const hasTables = (item: LoadItem) => isReport(item) && Object.entries(item.report.facts).some(([k, v]) => k.startsWith('t3.') && v !== null);

/** The cases, with the first report's twin attachment and a later re-publication of the second (a new version). */
async function documentsOf(handle: DbHandle): Promise<LoadItem[]> {
  const items = await archiveCases(handle);
  const [first, second] = items.filter(hasTables);
  return [...items, await copyOf(handle, first!, 'attachment'), await copyOf(handle, second!, 'republished')];
}

describeEachDb('batched loading', (db, backend) => {
  let oneByOne: DbHandle;
  let items: LoadItem[];
  beforeAll(async () => {
    oneByOne = await freshDb(backend);
    for (const item of await documentsOf(oneByOne)) await loadReport(oneByOne.db, item.ctx, item.report, item.status);
    items = await documentsOf(db());
  });
  afterAll(async () => {
    await oneByOne.close();
  });

  it('leaves exactly the database that loading one document at a time does', async () => {
    const results = await loadReports(db().db, items);
    // Cases that are the same report in another form (same agency, year, title and numbers) are folded in as copies.
    expect(results.filter((r) => r.action === 'inserted' || r.action === 'copy').length).toBeGreaterThan(40);
    expect(results.filter((r) => r.action === 'copy').length).toBeGreaterThan(0);
    expect(results.filter((r) => r.action === 'failed')).toEqual([]);
    const batched = await stateOf(db());
    expect(batched).toEqual(await stateOf(oneByOne));
    expect(batched.facts.length).toBeGreaterThan(2000);
    // The twin pair: one current, and the twins' disagreement recorded on it.
    const [first, second] = items.filter(hasTables);
    const twins = batched.reports.filter((r) => r.source_group === first!.ctx.sha256);
    expect(twins.map((r) => [r.version, r.is_current]).sort()).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(batched.findings.filter((f) => f.rule === 'twins.facts_disagree').map((f) => f.document_sha256)).toEqual([first!.ctx.sha256]);
    // The re-publication: a second version, current.
    const versions = batched.reports.filter((r) => r.agency === second!.report.agency.name && r.year === second!.report.year);
    expect(versions.map((r) => [r.document_sha256, r.version, r.is_current])).toEqual(
      [
        [second!.ctx.sha256, 1, false],
        [items.at(-1)!.ctx.sha256, 2, true],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('changes nothing when the same batch is loaded again', async () => {
    const before = await stateOf(db());
    const results = await loadReports(db().db, items);
    expect(new Set(results.map((r) => r.action))).toEqual(new Set(['unchanged']));
    const after = await stateOf(db());
    // Only the documents' last load action says so.
    expect({ ...after, documents: [] }).toEqual({ ...before, documents: [] });
    expect(after.documents).toEqual(before.documents.map((d) => ({ ...d, parse_action: 'unchanged' })));
  });

  it('loads the others when one document of a batch cannot be loaded, and says why for that one', async () => {
    const fresh = await freshDb(backend);
    try {
      const cases = await archiveCases(fresh);
      const loadable = cases.filter(isReport).slice(0, 3);
      // A NUL character cannot be stored in a text column: the batch fails and is loaded again document by document.
      const broken = { ...loadable[1]!, report: { ...loadable[1]!.report, title: 'bad\u0000title' } };
      const results = await loadReports(fresh.db, [loadable[0]!, broken, loadable[2]!]);
      expect(results.map((r) => r.action)).toEqual(['inserted', 'failed', 'inserted']);
      expect((results[1] as { reason: string }).reason).toMatch(/^\w+: invalid byte sequence for encoding "UTF8": 0x00$/);
      const { rows } = await fresh.query<{ sha256: string }>(`select document_sha256 as sha256 from reports order by id`);
      expect(rows.map((r) => r.sha256)).toEqual([loadable[0]!.ctx.sha256, loadable[2]!.ctx.sha256]);
    } finally {
      await fresh.close();
    }
  });

  it('stores a broken character (a lone surrogate) in a raw value as U+FFFD, as a single insert does', async () => {
    const fresh = await freshDb(backend);
    try {
      const item = (await archiveCases(fresh)).find((c) => Object.keys(c.report.facts).length > 100);
      const key = Object.keys(item!.report.facts)[0]!;
      const report = { ...item!.report, raw: { ...item!.report.raw, [key]: `12\ud800` } };
      expect((await loadReports(fresh.db, [{ ...item!, report }])).map((r) => r.action)).toEqual(['inserted']);
      const { rows } = await fresh.query<{ raw: string }>(`select raw from report_facts where key = $1`, [key]);
      expect(rows).toEqual([{ raw: '12\ufffd' }]);
    } finally {
      await fresh.close();
    }
  });
});
