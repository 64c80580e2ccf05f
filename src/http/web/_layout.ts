import { escapeHtml } from '../api/entities/account.js';

/** Tagged template that escapes every interpolated value unless it is already trusted Html. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string { return this.value; }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  values.forEach((v, i) => { out += render(v) + strings[i + 1]; });
  return new Html(out);
}

function render(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

/** A complete page: no inline script or style (the CSP forbids them), one self-hosted stylesheet. */
export function page(opts: { title: string; instanceName: string; body: Html }): string {
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · ${opts.instanceName}</title><link rel="stylesheet" href="/static/publius.css"></head>
<body><header class="site"><a href="/" class="brand">${opts.instanceName}</a></header><main id="main">${opts.body}</main></body></html>`}`;
}
