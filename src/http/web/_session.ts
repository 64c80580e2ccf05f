import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import type { Account } from '../../db/schema.js';
import { csrf } from '../plugins/csrf.js';
import { SESSION_COOKIE, sessionCookie } from '../plugins/auth.js';
import { PubliusError } from '../../errors.js';
import { html, sendPage, type Html } from './_layout.js';

/** The account signed in through the web (the session cookie); API tokens do not sign anyone in to pages. */
export function webViewer(request: FastifyRequest): Account | null {
  const auth = request.auth;
  return auth?.token.kind === 'web' && auth.account && !auth.account.suspended ? auth.account : null;
}

/**
 * The suspended account behind this browser's web session cookie, or null. A suspended account may log in
 * through the web only to read why it was suspended and to appeal: SessionService.authenticate refuses its
 * session, so `request.auth` is null and every page, form, API and stream treats the browser as anonymous.
 * Only the few pages that call this helper (through `requireAccountHolder`) see the account: deny by default.
 * Only the cookie counts (never a bearer header or `access_token` parameter), and only a web session.
 */
export async function suspendedWebViewer(ctx: Context, request: FastifyRequest): Promise<Account | null> {
  if (request.auth) return null;
  const token = sessionCookie(request);
  return token ? ctx.sessions.suspendedWebAccount(token) : null;
}

/**
 * For the pages a suspended account may still reach (its moderation page: reasons and appeals): the signed-in
 * account, or the suspended one behind a restricted web session (`suspended: true`); otherwise a redirect to
 * the log-in page and null. Every other page keeps using requireWebViewer, which refuses suspended accounts.
 */
export async function requireAccountHolder(ctx: Context, request: FastifyRequest, reply: FastifyReply): Promise<{ account: Account; suspended: boolean } | null> {
  const viewer = webViewer(request);
  if (viewer) return { account: viewer, suspended: false };
  const suspended = await suspendedWebViewer(ctx, request);
  if (suspended) return { account: suspended, suspended: true };
  void reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
  return null;
}

/** A local path to go back to after logging in; anything else (another site, `//host`) becomes /home. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[\x21-\x7e]*$/.test(next) && !next.includes('\\') ? next : '/home';
}

/** The signed-in account, or a redirect to the log-in page that comes back here (then null: stop handling). */
export function requireWebViewer(request: FastifyRequest, reply: FastifyReply): Account | null {
  const viewer = webViewer(request);
  if (!viewer) {
    void reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    return null;
  }
  return viewer;
}

export interface PageRender {
  title: string;
  body: Html;
  status?: number;
  path?: string;
  scripts?: string[];
  /** Who the page is for, when it differs from the request's session (the page right after signing up). */
  viewer?: Account | null;
}

/** Renders a page with the navigation of whoever is looking at it (and the log-out form's CSRF token). */
export async function sendWebPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, page: PageRender) {
  const viewer = page.viewer !== undefined ? page.viewer : webViewer(request);
  const csrfToken = await csrf(ctx).token(request, reply);
  return sendPage(reply, ctx.config, { ...page, viewer, csrfToken, path: page.path ?? request.url.split('?')[0] });
}

/** The hidden CSRF field every form carries. */
export async function csrfField(ctx: Context, request: FastifyRequest, reply: FastifyReply): Promise<Html> {
  return html`<input type="hidden" name="_csrf" value="${await csrf(ctx).token(request, reply)}">`;
}

/** Checks the CSRF token of a posted form; a bad one is answered with a page, and null is returned. */
export async function verifyForm(ctx: Context, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  try {
    await csrf(ctx).verify(request);
    return true;
  } catch (err) {
    if (!(err instanceof PubliusError)) throw err;
    await sendWebPage(ctx, request, reply, { status: err.status, title: 'Form expired', body: html`<h1>Form expired</h1><p class="error" role="alert">${err.message}</p>` });
    return false;
  }
}

/** Starts a web session: the token goes only into an HttpOnly cookie, never into a page or a log. */
export async function startWebSession(ctx: Context, reply: FastifyReply, account: Account): Promise<void> {
  const { token } = await ctx.sessions.issue({ kind: 'web', accountId: account.id, appId: null, scopes: ['read', 'write', 'follow'], ttlDays: ctx.config.sessionTtlDays });
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.publicUrl.startsWith('https:'), maxAge: ctx.config.sessionTtlDays * 86_400,
  });
}

export function endWebSessionCookie(ctx: Context, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.publicUrl.startsWith('https:') });
}
