import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import { PubliusError } from '../../../errors.js';
import { enforceRateLimit } from '../../plugins/rate-limits.js';
import { html } from '../_layout.js';
import { csrfField, safeNext, sendWebPage, startWebSession, suspendedWebViewer, verifyForm, webViewer } from '../_session.js';

/** Where a suspended account's restricted web session lands, and the only page (with its appeal form) it may use. */
const SUSPENDED_HOME = '/settings/moderation';

const form = z.object({
  handle: z.string().max(200).default(''),
  passphrase: z.string().max(1024).default(''),
  next: z.string().max(2000).optional(),
});

async function loginPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, opts: { next: string; handle?: string; error?: string; status?: number }) {
  const body = html`<h1>Log in</h1>
${opts.error ? html`<p class="error" role="alert" id="login-error">${opts.error}</p>` : ''}
<form method="post" action="/login" class="card"${opts.error ? html` aria-describedby="login-error"` : ''}>
${await csrfField(ctx, request, reply)}<input type="hidden" name="next" value="${opts.next}">
<label for="handle">Handle</label><input type="text" id="handle" name="handle" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="30" value="${opts.handle ?? ''}">
<label for="passphrase">Passphrase</label><input type="password" id="passphrase" name="passphrase" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>
<p class="muted">Forgot your passphrase? Use one of your recovery codes: <a href="/recover">recover your account</a>. No account yet? <a href="/signup">Sign up</a>.</p>`;
  return sendWebPage(ctx, request, reply, { title: 'Log in', body, status: opts.status });
}

/** GET and POST /login: the web session. The cookie is HttpOnly; nothing about the login is logged. */
export default defineRoute((app, ctx) => {
  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => {
    if (webViewer(request)) return reply.redirect(safeNext(request.query.next), 303);
    // A suspended account's browser, sent here by a page it may not use, goes back to the page it may.
    if (await suspendedWebViewer(ctx, request)) return reply.redirect(SUSPENDED_HOME, 303);
    return loginPage(ctx, request, reply, { next: safeNext(request.query.next) });
  });

  app.post('/login', async (request, reply) => {
    if (!(await verifyForm(ctx, request, reply))) return reply;
    const parsed = form.safeParse(request.body ?? {});
    const next = safeNext(parsed.success ? parsed.data.next : undefined);
    if (!parsed.success) return loginPage(ctx, request, reply, { next, error: 'Enter your handle and passphrase', status: 422 });
    try {
      await enforceRateLimit(ctx, request, 'login');
      // A suspended account gets a session too, but one that only its moderation page accepts (the reason and
      // the appeal form) and log-out: every other page, form and API refuses it (see suspendedWebViewer).
      const account = await ctx.accounts.checkWebLogin(parsed.data.handle.replace(/^@/, ''), parsed.data.passphrase);
      await startWebSession(ctx, reply, account);
      return reply.redirect(account.suspended ? SUSPENDED_HOME : next, 303);
    } catch (err) {
      if (!(err instanceof PubliusError)) throw err;
      return loginPage(ctx, request, reply, { next, handle: parsed.data.handle, error: err.message, status: err.status });
    }
  });
});
