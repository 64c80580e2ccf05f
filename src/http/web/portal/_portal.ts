import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { Requester } from '../../../legal/desk/requesters.js';
import { html, type Html } from '../_layout.js';
import { csrfField, sendWebPage, type PageRender } from '../_session.js';

/**
 * The requester portal's sign-in: the agency's `pr_` token in an HttpOnly, SameSite=Strict cookie scoped to
 * /portal. HttpOnly keeps it from scripts, Strict keeps another site's link or form from carrying it, and the
 * path keeps it off every other request (it is never in a URL, and the access log records no cookies). No
 * Max-Age: it goes when the browser closes, since the token itself does not expire.
 */
export const PORTAL_COOKIE = 'publius_portal';
const COOKIE_PATH = '/portal';

function cookieOptions(ctx: Context) {
  return { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict' as const, secure: ctx.config.publicUrl.startsWith('https:') };
}

export function setPortalCookie(ctx: Context, reply: FastifyReply, token: string): void {
  reply.setCookie(PORTAL_COOKIE, token, cookieOptions(ctx));
}

export function clearPortalCookie(ctx: Context, reply: FastifyReply): void {
  reply.clearCookie(PORTAL_COOKIE, cookieOptions(ctx));
}

/** The agency whose token the cookie holds (a disabled agency's token no longer works), or null. */
export async function portalRequester(ctx: Context, request: FastifyRequest): Promise<Requester | null> {
  const token = request.cookies?.[PORTAL_COOKIE];
  return token ? ctx.desk.requesters.authenticate(token) : null;
}

/** The signed-in agency, or a redirect to the portal's sign-in form (then null). */
export async function requirePortal(ctx: Context, request: FastifyRequest, reply: FastifyReply): Promise<Requester | null> {
  const requester = await portalRequester(ctx, request);
  if (!requester) {
    void reply.redirect('/portal', 303);
    return null;
  }
  return requester;
}

/** A portal page: the agency's name and a sign-out form above the content. */
export async function sendPortalPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, requester: Requester, page: Omit<PageRender, 'body'> & { body: Html }) {
  const bar = html`<nav aria-label="Requester portal" class="portal-bar"><p>Signed in as <strong>${requester.name}</strong> (${requester.authority}, ${requester.country})</p>
<ul><li><a href="/portal/demands">Your demands</a></li><li><a href="/portal/demands/new">File a demand</a></li>
<li><form method="post" action="/portal/logout" class="inline">${await csrfField(ctx, request, reply)}<button type="submit" class="link">Sign out of the portal</button></form></li></ul></nav>`;
  return sendWebPage(ctx, request, reply, { ...page, body: html`${bar}${page.body}` });
}
