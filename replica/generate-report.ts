// Makes consistent annual reports (every identity of the form holds) from a seed: the ground truth for property
// tests, fixtures and the replica sites. Deterministic: the same seed gives the same report.
import { T2_ROWS, T3_COLUMNS, T3_ROWS, T4_BLOCKS } from '../domain/codebook.js';

export interface ReportSpec {
  agency: string;
  year: number;
  template: '2019' | '2021';
  facts: Record<string, number>;
  /** Date printed under the signature and used as the page's publication date. */
  publishedAt: string;
}

/** mulberry32: a small seeded PRNG, so that fixtures are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Scale {
  /** Typical number of applications (a township: ~10, a district: ~500). */
  applications: number;
  decisions: number;
}

export function generateReport(seed: number, agency: string, year: number, scale: Scale = { applications: 20, decisions: 500 }): ReportSpec {
  const r = rng(seed);
  const int = (max: number) => Math.floor(r() * (max + 1));
  const sparse = (max: number) => (r() < 0.6 ? 0 : int(max));
  const template: '2019' | '2021' = year <= 2020 ? '2019' : '2021';
  const facts: Record<string, number> = {};

  // Table 3, column by column: outcomes first, then the totals that make every identity hold.
  const outcomeRows = T3_ROWS.filter((row) => (row.id === 'granted' || row.id === 'partial' || row.group !== undefined) && row.templates.includes(template));
  const parts = T3_COLUMNS.filter((c) => c.id !== 'total');
  const a = scale.applications;
  for (const col of parts) {
    const weight = col.id === 'natural_person' ? 1 : col.id === 'org_commercial' ? 0.3 : 0.08;
    for (const row of outcomeRows) {
      const big = row.id === 'granted' || row.id === 'partial' || row.id === 'unable_not_held';
      facts[`t3.${row.id}.${col.id}`] = big ? int(Math.ceil(a * weight * 0.4)) : sparse(Math.ceil(a * weight * 0.05));
    }
    const total = outcomeRows.reduce((s, row) => s + facts[`t3.${row.id}.${col.id}`]!, 0);
    const forward = sparse(Math.ceil(a * weight * 0.1));
    const over = int(Math.min(total + forward, Math.ceil(a * weight * 0.1)));
    facts[`t3.total.${col.id}`] = total;
    facts[`t3.carried_forward.${col.id}`] = forward;
    facts[`t3.carried_over.${col.id}`] = over;
    facts[`t3.new_received.${col.id}`] = total + forward - over;
  }
  for (const row of [...outcomeRows.map((x) => x.id), 'total', 'carried_forward', 'carried_over', 'new_received']) {
    facts[`t3.${row}.total`] = parts.reduce((s, c) => s + facts[`t3.${row}.${c.id}`]!, 0);
  }

  // Table 4: parts, then totals.
  for (const b of T4_BLOCKS) {
    const max = Math.max(1, Math.ceil(a / 20));
    const v = ['upheld', 'corrected', 'other', 'pending'].map(() => sparse(max));
    ['upheld', 'corrected', 'other', 'pending'].forEach((c, i) => (facts[`t4.${b.id}.${c}`] = v[i]!));
    facts[`t4.${b.id}.total`] = v.reduce((s, x) => s + x, 0);
  }

  // Table 2: national rows only.
  const d = scale.decisions;
  for (const row of T2_ROWS.filter((x) => !x.local)) {
    for (const [col] of row.columns[template] ?? []) {
      const key = `t2.${row.id}.${col}`;
      if (col === 'amount_wan') facts[key] = Math.round(r() * 50000) / 100;
      else if (col === 'change') facts[key] = int(20) - 10;
      else if (col === 'decisions') facts[key] = int(d);
      else if (col === 'in_force' || col === 'total_published' || col === 'prev_items') facts[key] = 5 + int(80);
      else facts[key] = int(6);
    }
  }
  if (template === '2021') {
    // Repealed cannot exceed what was in force (t2.in_force rule).
    for (const row of ['regulations', 'normative_docs']) {
      facts[`t2.${row}.repealed`] = Math.min(facts[`t2.${row}.repealed`]!, facts[`t2.${row}.in_force`]!);
    }
    facts['s6.info_fee.notices'] = 0;
    facts['s6.info_fee.notice_amount_yuan'] = 0;
    facts['s6.info_fee.collected_yuan'] = 0;
  }
  const month = 1 + int(1);
  const day = 10 + int(18);
  return { agency, year, template, facts, publishedAt: `${year + 1}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}
