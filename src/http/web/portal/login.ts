import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import { enforceRateLimit } from '../../plugins/rate-limits.js';
import { PubliusError } from '../../../errors.js';
import { html } from '../_layout.js';
import { csrfField, sendWebPage, verifyForm } from '../_session.js';
import { field, flash } from '../legal/_pages.js';
import { clearPortalCookie, portalRequester, setPortalCookie } from './_portal.js';

async function signInPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, opts: { error?: string; status?: number; notice?: string } = {}) {
  const body = html`<h1>Requester portal</h1>
<p>For agencies with an account issued by this server’s administrator. File legal demands here and follow where they stand.</p>
${flash({ error: opts.error, notice: opts.notice })}
<form method="post" action="/portal" class="card"${opts.error ? html` aria-describedby="form-error"` : ''}>
${await csrfField(ctx, request, reply)}
<label for="token">Access token</label>
<p class="hint" id="token-hint">The token (starting with <code>pr_</code>) you were given when your account was issued.</p>
<input type="password" id="token" name="token" required autocomplete="off" spellcheck="false" aria-describedby="token-hint">
<button type="submit">Sign in</button>
</form>`;
  return sendWebPage(ctx, request, reply, { title: 'Requester portal', body, status: opts.status });
}

/**
 * GET/POST /portal — an agency signs in with its token, which then lives only in the portal cookie;
 * GET/POST /portal/logout — signs out (a POST with its CSRF token, so another site cannot sign an agency out).
 * Sign-in attempts share the log-in rate limit: a token is a password.
 */
export default defineRoute((app, ctx) => {
  app.get('/portal', async (request, reply) => {
    if (await portalRequester(ctx, request)) return reply.redirect('/portal/demands', 303);
    return signInPage(ctx, request, reply);
  });

  app.post('/portal', async (request, reply) => {
    if (!(await verifyForm(ctx, request, reply))) return reply;
    const token = field(request.body, 'token').trim();
    try {
      await enforceRateLimit(ctx, request, 'login');
    } catch (err) {
      if (!(err instanceof PubliusError)) throw err;
      return signInPage(ctx, request, reply, { error: err.message, status: err.status });
    }
    const requester = token ? await ctx.desk.requesters.authenticate(token) : null;
    if (!requester) return signInPage(ctx, request, reply, { error: 'This token is not valid (or the account was disabled)', status: 401 });
    setPortalCookie(ctx, reply, token);
    return reply.redirect('/portal/demands', 303);
  });

  app.get('/portal/logout', async (request, reply) => {
    const body = html`<h1>Sign out of the portal</h1>
<form method="post" action="/portal/logout" class="card">${await csrfField(ctx, request, reply)}<button type="submit">Sign out</button></form>`;
    return sendWebPage(ctx, request, reply, { title: 'Sign out of the portal', body });
  });

  app.post('/portal/logout', async (request, reply) => {
    if (!(await verifyForm(ctx, request, reply))) return reply;
    clearPortalCookie(ctx, reply);
    return signInPage(ctx, request, reply, { notice: 'You are signed out of the portal.' });
  });
});
