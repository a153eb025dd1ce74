// Where a number was read, for the frame beside the report: the archived HTML page with the cell highlighted, the PDF
// page rendered by pdf.js in the browser with the cell's box drawn, or the document as gongkai read it (its blocks)
// with the cell or the sentence marked.
import { normText } from '../../domain/normalize.js';
import type { DocText } from '../../pipeline/types.js';
import { type Html, html } from '../html.js';

/** What a fact's provenance points at: a table cell, a span of a paragraph, and on a page a box (top-left origin). */
export interface SourceTarget {
  block: number;
  row?: number;
  col?: number;
  span?: [number, number];
  page?: number;
  box?: [number, number, number, number];
}

const HIGHLIGHT = '<style>[data-gk-hl]{outline:4px solid #d0021b!important;outline-offset:-2px;background:#ffe066!important}</style>';

/** The annotated archived page with the cell at block:row:col marked and named gk-target (for #gk-target). */
export function highlightCell(annotated: string, target: { block: number; row: number; col: number }): { html: string; found: boolean } {
  const mark = `${target.block}:${target.row}:${target.col}`;
  const cell = new RegExp(`<(t[dh])(\\b[^>]*?\\bdata-gk="(?:[^"]* )?${mark}(?: [^"]*)?")`, 'i');
  const found = cell.test(annotated);
  const marked = annotated.replace(cell, '<$1 id="gk-target" data-gk-hl$2');
  const at = marked.search(/<head[^>]*>/i);
  const withStyle = at >= 0 ? marked.replace(/<head[^>]*>/i, (h) => h + HIGHLIGHT) : HIGHLIGHT + marked;
  return { html: withStyle, found };
}

/** The document as gongkai read it: every block, the target cell or sentence marked. */
export function readView(doc: DocText, t: SourceTarget, label: string): Html {
  const blocks = doc.blocks.map((b, i) => {
    if (b.kind === 'para') {
      if (i === t.block && t.span) {
        const text = normText(b.text);
        const [s, e] = t.span;
        return html`<p class="block target-block" data-block="${i}"><span class="bi">${i}</span>${text.slice(0, s)}<mark id="gk-target" data-gk-hl>${text.slice(s, e)}</mark>${text.slice(e)}</p>`;
      }
      return html`<p class="block${i === t.block ? ' target-block' : ''}" data-block="${i}"${i === t.block ? html` id="gk-target"` : ''}><span class="bi">${i}</span>${b.text}</p>`;
    }
    return html`<table class="block${i === t.block ? ' target-block' : ''}" data-block="${i}"><caption>block ${i}</caption><tbody>${b.rows.map(
      (row, r) =>
        html`<tr>${row.map((c, col) =>
          i === t.block && r === t.row && col === t.col ? html`<td id="gk-target" data-gk-hl>${c}</td>` : html`<td>${c}</td>`,
        )}</tr>`,
    )}</tbody></table>`;
  });
  return html`<p class="source-head">${label} — the document as gongkai read it (${doc.source.format}${doc.source.pages ? `, ${doc.source.pages} pages` : ''}).</p>${blocks}`;
}

/** The PDF page with the cell's box: pdf.js renders it in the browser (static/pdf-view.mjs). */
export function pdfView(sha: string, t: SourceTarget, label: string): Html {
  return html`<p class="source-head">${label} — page ${t.page} of the archived PDF, the box where it was read.</p>
<div id="pdf" class="pdf" data-src="/document/${sha}/raw" data-page="${t.page}" data-box="${(t.box ?? []).join(',')}"><canvas></canvas><div class="box" id="gk-target" hidden></div></div>`;
}

/** A bare page for the source frame. */
export function framePage(title: string, body: Html, scripts: string[] = []): string {
  return `<!DOCTYPE html>${html`<html lang="zh-Hans"><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/static/app.css"></head>
<body class="frame">${body}${scripts.map((s) => html`<script type="module" src="${s}"></script>`)}</body></html>`}`;
}
