// The archived page with its cells marked: every position of every table block the extractor reads is marked on the
// cell it came from (the text of that cell is the block's text there), across the replica's pages and the report
// cases, GBK pages included; scripts and event handlers are gone.
import fs from 'node:fs';
import path from 'node:path';
import render from 'dom-serializer';
import { parseDocument } from 'htmlparser2';
import { expect, it } from 'vitest';
import { annotateHtmlCells, extractHtml } from '../../pipeline/extract/html.js';

const pages = (dir: string) =>
  fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(s?html)$/.test(f))
    .map((f) => path.join(dir, f));

const PAGES = [
  ...pages('replica/sites/replica-trs/zwgk/zfxxgk/zfxxgknb/gknb2021'),
  ...pages('replica/sites/replica-trs-gbk/tzzfxxgk/c100002n'),
  ...pages('test/pipeline/reports').filter((f) => f.endsWith('source.html')),
];

/** Every element of a parsed page, depth first. */
function elements(node: { children?: unknown[] }): { name: string; attribs: Record<string, string>; children?: unknown[] }[] {
  const out: { name: string; attribs: Record<string, string>; children?: unknown[] }[] = [];
  for (const c of (node.children ?? []) as { type: string; name: string; attribs: Record<string, string>; children?: unknown[] }[]) {
    if (c.type === 'tag' || c.type === 'script' || c.type === 'style') {
      out.push(c);
      out.push(...elements(c));
    }
  }
  return out;
}

it('marks every table position on the cell it came from', () => {
  expect(PAGES.length).toBeGreaterThan(10);
  let checked = 0;
  for (const file of PAGES) {
    const bytes = fs.readFileSync(file);
    const doc = extractHtml(bytes);
    const marked = parseDocument(annotateHtmlCells(bytes));
    const byMark = new Map<string, { attribs: Record<string, string>; children?: unknown[] }>();
    for (const el of elements(marked)) for (const m of (el.attribs['data-gk'] ?? '').split(' ').filter(Boolean)) byMark.set(m, el);
    // Annotated again, the page reads exactly as before: the marks add nothing a reader sees.
    expect(extractHtml(Buffer.from(annotateHtmlCells(bytes))).blocks, file).toEqual(doc.blocks);
    doc.blocks.forEach((b, i) => {
      if (b.kind !== 'table') return;
      b.rows.forEach((row, r) =>
        row.forEach((text, c) => {
          const el = byMark.get(`${i}:${r}:${c}`);
          if (text === '') return; // a short row's padding has no cell
          expect(el, `${file} ${i}:${r}:${c}`).toBeDefined();
          // The marked cell, alone in a table, reads as the text the block has at that position.
          const alone = extractHtml(Buffer.from(`<table><tr>${render(el as never)}</tr></table>`)).blocks[0];
          expect(alone?.kind === 'table' ? alone.rows[0]![0] : null, `${file} ${i}:${r}:${c}`).toBe(text);
          checked++;
        }),
      );
    });
    expect(
      elements(marked).filter((e) => e.name === 'script' || Object.keys(e.attribs).some((a) => /^on/i.test(a))),
      file,
    ).toEqual([]);
  }
  expect(checked).toBeGreaterThan(1000);
});
