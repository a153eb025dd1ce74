// The statutory tables as a reader sees them on the form: for a template, each table's columns and rows with the key
// of every cell, in the printed order. What `gongkai show` and the web app's report page lay the facts out by.
// Vocabulary only: built from the codebook, no reading here.
import { KEYS, T2_ROWS, T3_COLUMNS, T3_ROWS, T4_BLOCKS, T4_COLUMNS, t3Key, t4Key } from './codebook.js';
import type { TemplateId } from './values.js';

export interface FormTable {
  /** t2, t3 or t4, with a running letter when one printed table has several column sets (t2a, t2b …). */
  id: string;
  title: string;
  columns: { id: string; label: string }[];
  rows: { id: string; label: string; keys: (string | null)[] }[];
}

const TITLES = {
  t2: '二、主动公开政府信息情况',
  t3: '三、收到和处理政府信息公开申请情况',
  t4: '四、政府信息公开行政复议、行政诉讼情况',
};

/** Table 2: rows sharing a set of columns print as one block (2019's form has four such blocks, 2021's three). */
function table2(template: '2019' | '2021'): FormTable[] {
  const out: FormTable[] = [];
  for (const row of T2_ROWS) {
    const cols = row.columns[template];
    if (!cols) continue;
    const signature = cols.map((c) => c[0]).join(',');
    const last = out.at(-1);
    const entry = { id: row.id, label: row.label, keys: cols.map(([id]) => `t2.${row.id}.${id}`) };
    if (last && last.columns.map((c) => c.id).join(',') === signature) last.rows.push(entry);
    else
      out.push({
        id: `t2${String.fromCharCode(97 + out.length)}`,
        title: TITLES.t2,
        columns: cols.map(([id, label]) => ({ id, label })),
        rows: [entry],
      });
  }
  return out;
}

/** The statutory tables of a template as printed; none for pre-2019 and undecided reports. */
export function formTables(template: TemplateId): FormTable[] {
  if (template !== '2019' && template !== '2021') return [];
  return [
    ...table2(template),
    {
      id: 't3',
      title: TITLES.t3,
      columns: T3_COLUMNS.map((c) => ({ id: c.id, label: c.label })),
      rows: T3_ROWS.filter((r) => r.templates.includes(template)).map((r) => ({
        id: r.id,
        label: r.label,
        keys: T3_COLUMNS.map((c) => t3Key(r.id, c.id)),
      })),
    },
    {
      id: 't4',
      title: TITLES.t4,
      columns: T4_COLUMNS.map((c) => ({ id: c.id, label: c.label })),
      rows: T4_BLOCKS.map((b) => ({ id: b.id, label: b.label, keys: T4_COLUMNS.map((c) => t4Key(b.id, c.id)) })),
    },
  ];
}

/** Keys outside the printed tables (narrative figures, the fee statement, pre-2019 statistics), in codebook order. */
export const OTHER_KEYS: readonly string[] = KEYS.filter((k) => k.table === 'n' || k.table === 's6' || k.table === 'legacy').map((k) => k.key);
