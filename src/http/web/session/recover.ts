import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import { PubliusError } from '../../../errors.js';
import { enforceRateLimit } from '../../plugins/rate-limits.js';
import { html } from '../_layout.js';
import { csrfField, sendWebPage, verifyForm } from '../_session.js';

const form = z.object({
  handle: z.string().max(200).default(''),
  code: z.string().max(200).default(''),
  passphrase: z.string().max(1024).default(''),
  passphrase_confirm: z.string().max(1024).default(''),
});

async function recoverPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, opts: { handle?: string; error?: string; status?: number } = {}) {
  const body = html`<h1>Recover your account</h1>
<p>There is no e-mail to send a reset link to: one of the recovery codes you were shown when you signed up lets you
set a new passphrase. The code is used up, and every session of the account is signed out.</p>
${opts.error ? html`<p class="error" role="alert" id="recover-error">${opts.error}</p>` : ''}
<form method="post" action="/recover" class="card"${opts.error ? html` aria-describedby="recover-error"` : ''}>
${await csrfField(ctx, request, reply)}
<label for="handle">Handle</label><input type="text" id="handle" name="handle" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="30" value="${opts.handle ?? ''}">
<label for="code">Recovery code</label><input type="text" id="code" name="code" autocomplete="off" autocapitalize="none" spellcheck="false" required maxlength="100">
<label for="passphrase">New passphrase</label><input type="password" id="passphrase" name="passphrase" autocomplete="new-password" required minlength="12" aria-describedby="pass-help">
<p class="help muted" id="pass-help">At least 12 characters; a few unrelated words work well.</p>
<label for="passphrase_confirm">New passphrase again</label><input type="password" id="passphrase_confirm" name="passphrase_confirm" autocomplete="new-password" required minlength="12">
<button type="submit">Set the new passphrase</button>
</form>
<p class="muted">Remembered it? <a href="/login">Log in</a>.</p>`;
  return sendWebPage(ctx, request, reply, { title: 'Recover your account', body, status: opts.status });
}

/**
 * GET and POST /recover: a recovery code and a new passphrase, the web form of POST /api/v1/publius/recover.
 * It shares the log-in rate limit, and a wrong handle reads exactly like a wrong code.
 */
export default defineRoute((app, ctx) => {
  app.get('/recover', async (request, reply) => recoverPage(ctx, request, reply));

  app.post('/recover', async (request, reply) => {
    if (!(await verifyForm(ctx, request, reply))) return reply;
    const parsed = form.safeParse(request.body ?? {});
    if (!parsed.success) return recoverPage(ctx, request, reply, { error: 'Fill in every field', status: 422 });
    const f = parsed.data;
    const handle = f.handle.replace(/^@/, '');
    if (f.passphrase !== f.passphrase_confirm) return recoverPage(ctx, request, reply, { handle, error: 'The two passphrases differ', status: 422 });
    try {
      await enforceRateLimit(ctx, request, 'login');
      await ctx.accounts.recover(handle, f.code.trim(), f.passphrase);
    } catch (err) {
      if (!(err instanceof PubliusError)) throw err;
      return recoverPage(ctx, request, reply, { handle, error: err.message, status: err.status });
    }
    const body = html`<h1>Passphrase changed</h1>
<p role="status">The recovery code is used up and every session of @${handle} has been signed out. You can now
<a href="/login">log in</a> with the new passphrase.</p>
<p>Each code works once: if few are left, make a new set under Settings → Recovery codes.</p>`;
    return sendWebPage(ctx, request, reply, { title: 'Passphrase changed', body });
  });
});
