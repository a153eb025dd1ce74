// HTML written safely: every value put into a page is escaped unless it is already Html (made by `html` itself), and
// the common frame of every page (title, navigation, the demo warning). Strings only; no I/O.

/** Markup that is already safe to insert. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function piece(v: unknown): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(piece).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(v);
}

/** A template literal whose values are escaped (Html and arrays of Html go in as they are). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += piece(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Data for a page's script, as JSON inside a non-executable script element (no inline code: the CSP forbids it). */
export function jsonData(id: string, data: unknown): Html {
  return new Html(`<script type="application/json" id="${escapeHtml(id)}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`);
}

/** A query string from parameters, leaving out empty ones. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const NAV: [string, string][] = [
  ['/coverage', 'Coverage'],
  ['/trends', 'Trends'],
  ['/findings', 'Findings'],
  ['/sites', 'Sites and runs'],
  ['/sql', 'SQL'],
];

/** The whole page: head with the app's stylesheet (and any extra), navigation, the demo warning, the body. */
export function layout(options: { title: string; active?: string; demo: boolean; body: Html; head?: Html; scripts?: string[] }): string {
  return `<!DOCTYPE html>${html`<html lang="zh-Hans"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · gongkai</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/static/app.css">${options.head ?? ''}</head>
<body><header class="top"><a class="brand" href="/">gongkai</a><nav>${NAV.map(
    ([href, label]) => html`<a href="${href}"${options.active === href ? new Html(' aria-current="page"') : ''}>${label}</a>`,
  )}</nav></header>
${options.demo ? html`<p class="demo-banner" role="alert"><strong>Demo data.</strong> This database holds the reports <code>gongkai demo</code> collects from local replicas: real Beijing district names with invented numbers. Never use them as data.</p>` : ''}
<main>${options.body}</main>
${(options.scripts ?? []).map((s) => html`<script src="${s}" type="${s.endsWith('.mjs') ? 'module' : 'text/javascript'}"></script>`)}
</body></html>`}`;
}
