import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { PubliusError } from '../../../errors.js';
import { describeZod } from '../../plugins/errors.js';
import { html, type Html } from '../_layout.js';
import { requireWebViewer, sendWebPage, verifyForm } from '../_session.js';

/**
 * Runs a page handler for a signed-in account. A domain error (not found, not allowed, validation) becomes a
 * page with that error's status; the global handler would answer JSON, which a person's browser cannot use.
 * Anything else is a bug and still goes to the global handler (a 500 that logs no request details).
 */
export async function asPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, fn: (me: Account) => Promise<unknown>): Promise<unknown> {
  const me = requireWebViewer(request, reply);
  if (!me) return reply;
  try {
    return await fn(me);
  } catch (err) {
    return sendDomainError(ctx, request, reply, err);
  }
}

/** Like asPage, for a posted form: the CSRF token is checked before anything else happens. */
export async function asForm(ctx: Context, request: FastifyRequest, reply: FastifyReply, fn: (me: Account) => Promise<unknown>): Promise<unknown> {
  const me = requireWebViewer(request, reply);
  if (!me) return reply;
  if (!(await verifyForm(ctx, request, reply))) return reply;
  try {
    return await fn(me);
  } catch (err) {
    return sendDomainError(ctx, request, reply, err);
  }
}

/** The page for a refused request; rethrows what is not a refusal (a bug) so it is logged as one. */
export async function sendDomainError(ctx: Context, request: FastifyRequest, reply: FastifyReply, err: unknown): Promise<unknown> {
  let status: number;
  let message: string;
  if (err instanceof PubliusError) ({ status, message } = err);
  else if (err instanceof ZodError) { status = 422; message = `Validation failed: ${describeZod(err)}`; }
  else throw err;
  const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 429 ? 'Slow down' : 'That did not work';
  return sendWebPage(ctx, request, reply, {
    status, title,
    body: html`<h1>${title}</h1><p class="error" role="alert">${message}</p><p><a href="/home">Back to your home timeline</a></p>`,
  });
}

/** A form field that is a string, or '' (a missing field, a repeated one, a file where text was expected). */
export function field(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

/** The settings pages, listed on each of them so every one is a link away without a script-driven menu. */
const SETTINGS: Array<{ href: string; label: string }> = [
  { href: '/settings/profile', label: 'Profile' },
  { href: '/settings/passphrase', label: 'Passphrase' },
  { href: '/settings/recovery-codes', label: 'Recovery codes' },
  { href: '/settings/sessions', label: 'Sessions' },
  { href: '/settings/data', label: 'Your data' },
  { href: '/legal-notices', label: 'Legal notices' },
  { href: '/settings/moderation', label: 'Moderation decisions' },
  { href: '/settings/delete', label: 'Delete account' },
];

export function settingsNav(current: string): Html {
  return html`<nav aria-label="Settings" class="subnav"><ul>${SETTINGS.map((s) => html`<li><a href="${s.href}"${current === s.href ? html` aria-current="page"` : ''}>${s.label}</a></li>`)}</ul></nav>`;
}

export function settingsLinks(): Array<{ href: string; label: string }> {
  return SETTINGS;
}

/** A message shown after a form did what it was asked (the `done` query parameter of the redirect). */
export function flash(text: string | null | undefined): Html | '' {
  return text ? html`<p class="notice" role="status">${text}</p>` : '';
}

/** Dates as the reader's eye expects them on a page: UTC, to the minute, with a machine-readable <time>. */
export function timeTag(iso: string | Date | null | undefined): Html | '' {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return html`<time datetime="${d.toISOString()}">${d.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`;
}
