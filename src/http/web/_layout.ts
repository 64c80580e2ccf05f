import type { FastifyReply } from 'fastify';
import type { Config } from '../../config/config.js';
import { escapeHtml } from '../api/entities/account.js';

export { escapeHtml };

/** Markup that is already safe: built by `html` from escaped parts. Anything else gets escaped. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string { return this.value; }
}

/**
 * Tagged template for pages: every interpolated value is escaped unless it is Html; arrays are joined;
 * null, undefined and false render nothing. The only way to put markup into a page is to build it with `html`.
 */
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

export interface PageOptions {
  title: string;
  body: Html;
}

/**
 * A complete page. No inline script or style anywhere (the global CSP forbids both): one self-hosted stylesheet,
 * and forms that work without JavaScript.
 */
export function renderPage(config: Config, opts: PageOptions): string {
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${opts.title} · ${config.instanceName}</title>
<link rel="stylesheet" href="/static/publius.css">
</head>
<body><header class="site"><a href="/" class="brand">${config.instanceName}</a></header>
<main id="main">${opts.body}</main></body></html>`}`;
}

/**
 * Sends a page. Pages are personal (forms carry CSRF tokens, some show codes): never stored by a cache.
 */
export function sendPage(reply: FastifyReply, config: Config, opts: PageOptions & { status?: number }) {
  return reply.status(opts.status ?? 200).type('text/html; charset=utf-8').header('Cache-Control', 'no-store')
    .send(renderPage(config, opts));
}

/** A page that only says what went wrong. */
export function sendErrorPage(reply: FastifyReply, config: Config, status: number, title: string, message: string) {
  return sendPage(reply, config, { status, title, body: html`<h1>${title}</h1><p class="error" role="alert">${message}</p>` });
}
