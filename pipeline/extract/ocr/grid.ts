// Finds ruled tables on a straightened, binarised page image: horizontal and vertical ruling lines from run
// lengths, then cells (with row/column spans) by merging the fine grid across missing borders. Reads no text.

export interface GridCell {
  /** Box inside the ruling lines, straightened-image pixels. */
  box: [number, number, number, number];
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export interface GridTable {
  box: [number, number, number, number];
  rows: number;
  cols: number;
  cells: GridCell[];
}

interface HLine {
  y0: number;
  y1: number;
  /** Ink coverage of the line, per x (1 = ink in some row of the line). */
  segs: [number, number][];
}

/** Runs of ink along a row, closing gaps of up to `gap` pixels (noise breaks printed lines). */
function rowRuns(bin: Uint8Array, w: number, y: number, minLen: number, gap: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  let last = -1;
  const base = y * w;
  for (let x = 0; x < w; x++) {
    if (bin[base + x]) {
      if (start < 0) start = x;
      else if (x - last > gap + 1) {
        if (last - start + 1 >= minLen) runs.push([start, last]);
        start = x;
      }
      last = x;
    }
  }
  if (start >= 0 && last - start + 1 >= minLen) runs.push([start, last]);
  return runs;
}

function mergeIntervals(iv: [number, number][], gap: number): [number, number][] {
  const s = [...iv].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of s) {
    const l = out.at(-1);
    if (l && a <= l[1] + gap) l[1] = Math.max(l[1], b);
    else out.push([a, b]);
  }
  return out;
}

function coverage(segs: [number, number][], a: number, b: number): number {
  let c = 0;
  for (const [s, e] of segs) c += Math.max(0, Math.min(e, b) - Math.max(s, a) + 1);
  return c / Math.max(1, b - a + 1);
}

/**
 * `bin` is ink at the text threshold (Otsu); `faint` also keeps light pixels: thin ruling lines at low dpi are
 * anti-aliased grey, and the vertical test (ink over most of a band's height) is strict enough to use it safely.
 */
export function findTables(bin: Uint8Array, w: number, h: number, faint: Uint8Array = bin): GridTable[] {
  // A ruling line is longer than a row of aligned strokes: 5% of the page width (text rows gave runs of ≤ 4%).
  const minH = Math.max(25, Math.round(w * 0.05));
  const rows: { y: number; runs: [number, number][] }[] = [];
  for (let y = 0; y < h; y++) {
    const r = rowRuns(bin, w, y, minH, 2);
    if (r.length) rows.push({ y, runs: r });
  }
  // Consecutive rows with long runs are one line (lines are 1–4 px thick depending on dpi).
  const hlines: HLine[] = [];
  for (const r of rows) {
    const l = hlines.at(-1);
    if (l && r.y - l.y1 <= 1) {
      l.y1 = r.y;
      l.segs = mergeIntervals([...l.segs, ...r.runs], 2);
    } else hlines.push({ y0: r.y, y1: r.y, segs: mergeIntervals(r.runs, 2) });
  }
  // Group lines into tables: lines whose extents overlap and that follow each other closely.
  const tables: HLine[][] = [];
  for (const l of hlines) {
    const x0 = l.segs[0]![0];
    const x1 = l.segs.at(-1)![1];
    const t = tables.find((g) => {
      const p = g.at(-1)!;
      const px0 = p.segs[0]![0];
      const px1 = p.segs.at(-1)![1];
      return l.y0 - p.y1 < h * 0.12 && Math.min(x1, px1) - Math.max(x0, px0) > 0.5 * Math.min(x1 - x0, px1 - px0);
    });
    if (t) t.push(l);
    else tables.push([l]);
  }
  const out: GridTable[] = [];
  for (const lines of tables) {
    if (lines.length < 2) continue;
    const t = buildTable(faint, w, lines);
    if (t) out.push(t);
  }
  return out;
}

function buildTable(bin: Uint8Array, w: number, lines: HLine[]): GridTable | null {
  const tx0 = Math.min(...lines.map((l) => l.segs[0]![0]));
  const tx1 = Math.max(...lines.map((l) => l.segs.at(-1)![1]));
  // Vertical lines per band between consecutive horizontal lines: a column of ink over ≥ 85% of the band's height.
  const bands: { y0: number; y1: number; xs: [number, number][] }[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const y0 = lines[i]!.y1 + 1;
    const y1 = lines[i + 1]!.y0 - 1;
    if (y1 - y0 < 3) continue;
    const need = Math.ceil((y1 - y0 + 1) * 0.85);
    const hits: [number, number][] = [];
    for (let x = Math.max(0, tx0 - 3); x <= Math.min(w - 1, tx1 + 3); x++) {
      let c = 0;
      for (let y = y0; y <= y1; y++) {
        // A pixel counts if it or a horizontal neighbour is ink: residual skew shifts a line by a pixel.
        const i2 = y * w + x;
        if (bin[i2] || (x > 0 && bin[i2 - 1]) || (x + 1 < w && bin[i2 + 1])) c++;
      }
      if (c >= need) hits.push([x, x]);
    }
    bands.push({ y0, y1, xs: mergeIntervals(hits, 1).map(([a, b]) => [a, b]) });
  }
  // A band above or below the table (a text row whose strokes looked like a line) has no vertical lines spanning
  // most of the table. (Not both borders: an outer border can be too faint to see at 100 dpi.)
  const framed = (b: { xs: [number, number][] }) => b.xs.length >= 2 && b.xs.at(-1)![1] - b.xs[0]![0] >= 0.6 * (tx1 - tx0);
  while (bands.length && !framed(bands[0]!)) bands.shift();
  while (bands.length && !framed(bands.at(-1)!)) bands.pop();
  if (!bands.length) return null;
  // Column positions: every vertical line seen in any band, clustered.
  const centres = mergeIntervals(
    bands.flatMap((b) => b.xs.map(([a, c]) => [a - 2, c + 2] as [number, number])),
    0,
  );
  // The outer border can be too faint to pass the vertical test (a 1-px grey line at 100 dpi) while the
  // horizontal lines still end there: their extent is the table's edge.
  if (centres.length && tx1 - centres.at(-1)![1] > 8) centres.push([tx1 - 2, tx1 + 2]);
  if (centres.length && centres[0]![0] - tx0 > 8) centres.unshift([tx0 - 2, tx0 + 2]);
  const edges = new Set([0, centres.length - 1]);
  const xs = centres.map(([a, b]) => (a + b) / 2);
  if (xs.length < 2) return null;
  const nR = bands.length;
  const nC = xs.length - 1;
  const hasV = (r: number, xi: number): boolean => edges.has(xi) || bands[r]!.xs.some(([a, b]) => Math.abs((a + b) / 2 - xs[xi]!) <= 4);
  // Horizontal border under band r between columns c and c+1: the line below the band covers the span.
  const lineBelow = (r: number) => lines.find((l) => l.y0 > bands[r]!.y1)!;
  const hasH = (r: number, c: number): boolean => coverage(lineBelow(r).segs, Math.round(xs[c]! + 3), Math.round(xs[c + 1]! - 3)) >= 0.8;
  const parent = Array.from({ length: nR * nC }, (_, i) => i);
  const find = (i: number): number => {
    if (parent[i] !== i) parent[i] = find(parent[i]!);
    return parent[i]!;
  };
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  for (let r = 0; r < nR; r++) {
    for (let c = 0; c < nC; c++) {
      if (c + 1 < nC && !hasV(r, c + 1)) union(r * nC + c, r * nC + c + 1);
      if (r + 1 < nR && !hasH(r, c)) union(r * nC + c, (r + 1) * nC + c);
    }
  }
  const groups = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
  for (let r = 0; r < nR; r++)
    for (let c = 0; c < nC; c++) {
      const k = find(r * nC + c);
      const g = groups.get(k);
      if (g) {
        g.r0 = Math.min(g.r0, r);
        g.r1 = Math.max(g.r1, r);
        g.c0 = Math.min(g.c0, c);
        g.c1 = Math.max(g.c1, c);
      } else groups.set(k, { r0: r, r1: r, c0: c, c1: c });
    }
  const cells: GridCell[] = [...groups.values()]
    .map((g) => ({
      box: [Math.round(centres[g.c0]![1] - 1), bands[g.r0]!.y0, Math.round(centres[g.c1 + 1]![0] + 1), bands[g.r1]!.y1] as [number, number, number, number],
      row: g.r0,
      col: g.c0,
      rowSpan: g.r1 - g.r0 + 1,
      colSpan: g.c1 - g.c0 + 1,
    }))
    .sort((a, b) => a.row - b.row || a.col - b.col);
  return { box: [Math.round(xs[0]!), bands[0]!.y0, Math.round(xs.at(-1)!), bands.at(-1)!.y1], rows: nR, cols: nC, cells };
}
