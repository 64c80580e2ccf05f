import type { FastifyReply } from 'fastify';
import type { Config } from '../../config/config.js';
import type { Account } from '../../db/schema.js';
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
  /** The signed-in account, for the navigation; absent or null on public pages seen anonymously. */
  viewer?: Account | null;
  /** The CSRF token for the log-out form in the navigation (only needed when a viewer is given). */
  csrfToken?: string;
  /** The path of the page, so the navigation can mark where the reader is. */
  path?: string;
  /** The wide measure, for work pages full of tables (desk, moderation, admin, portal, insights). */
  wide?: boolean;
  /** Extra self-hosted scripts (progressive enhancement only: the page must work without them). */
  scripts?: string[];
}

interface NavLink { href: string; label: string }

/** Pages people work at rather than read: their tables need more than a reading measure. */
const WIDE_PAGES = /^\/(legal|moderation|admin|portal)(\/|$)|^\/@[^/]+\/insights$/;

function navLinks(viewer: Account | null | undefined): NavLink[] {
  if (!viewer) {
    return [
      { href: '/public', label: 'Local' }, { href: '/search', label: 'Search' },
      { href: '/login', label: 'Log in' }, { href: '/signup', label: 'Sign up' },
    ];
  }
  const links: NavLink[] = [
    { href: '/home', label: 'Home' }, { href: '/public', label: 'Local' }, { href: '/search', label: 'Search' },
    { href: '/notifications', label: 'Notifications' }, { href: `/@${viewer.handle}`, label: 'Profile' },
    { href: '/settings', label: 'Settings' },
  ];
  if (viewer.role === 'moderator' || viewer.role === 'admin') links.push({ href: '/moderation', label: 'Moderation' });
  if (viewer.role === 'legal' || viewer.role === 'admin') links.push({ href: '/legal', label: 'Legal desk' });
  if (viewer.role === 'admin') links.push({ href: '/admin', label: 'Admin' });
  return links;
}

/**
 * A complete page: landmarks (header, nav, main, footer), a skip link, one self-hosted stylesheet. No inline
 * script or style anywhere (the global CSP forbids both), and forms that work without JavaScript.
 */
export function renderPage(config: Config, opts: PageOptions): string {
  const current = opts.path ?? '';
  const nav = navLinks(opts.viewer).map((l) => html`<li><a href="${l.href}"${current === l.href ? new Html(' aria-current="page"') : ''}>${l.label}</a></li>`);
  const logout = opts.viewer && opts.csrfToken
    ? html`<li><form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${opts.csrfToken}"><button type="submit" class="link">Log out</button></form></li>`
    : '';
  const scripts = (opts.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`);
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${opts.title} · ${config.instanceName}</title>
<link rel="stylesheet" href="/static/publius.css">
${scripts}
</head>
<body><a class="skip" href="#main">Skip to content</a>
<header class="site"><a href="/" class="brand">${config.instanceName}</a>
<nav aria-label="Main"><ul>${nav}${logout}</ul></nav></header>
<main id="main" tabindex="-1"${(opts.wide ?? WIDE_PAGES.test(current)) ? new Html(' class="wide"') : ''}>${opts.body}</main>
<footer class="site"><nav aria-label="About this server"><ul>
<li><a href="/about/privacy">What this server holds</a></li><li><a href="/about/rules">Rules</a></li>
<li><a href="/transparency">Transparency report</a></li><li><a href="/canary">Warrant canary</a></li>
</ul></nav></footer></body></html>`}`;
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
