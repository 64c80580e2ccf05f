import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import { PubliusError } from '../../../errors.js';
import { enforceRateLimit } from '../../plugins/rate-limits.js';
import { html } from '../_layout.js';
import { csrfField, sendWebPage, startWebSession, verifyForm, webViewer } from '../_session.js';

const form = z.object({
  handle: z.string().max(200).default(''),
  passphrase: z.string().max(1024).default(''),
  passphrase_confirm: z.string().max(1024).default(''),
  invite: z.string().max(200).optional(),
  agree: z.string().optional(),
});

async function signupPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, opts: { handle?: string; invite?: string; error?: string; status?: number } = {}) {
  const mode = ctx.config.signupMode;
  if (mode === 'closed') {
    return sendWebPage(ctx, request, reply, { title: 'Sign up', status: opts.status, body: html`<h1>Sign up</h1><p>This server is not taking new accounts.</p>` });
  }
  const body = html`<h1>Sign up</h1>
<p>No e-mail, no phone number, no real name: a handle and a passphrase are all an account is. Write the passphrase
down somewhere safe; the recovery codes shown next are the only way back in without it.</p>
${opts.error ? html`<p class="error" role="alert" id="signup-error">${opts.error}</p>` : ''}
<form method="post" action="/signup" class="card">
${await csrfField(ctx, request, reply)}
<label for="handle">Handle</label><input type="text" id="handle" name="handle" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="30" pattern="[A-Za-z0-9_]{1,30}" aria-describedby="handle-help" value="${opts.handle ?? ''}">
<p class="help muted" id="handle-help">Letters, digits and underscores, up to 30. Choose one that does not point to you.</p>
<label for="passphrase">Passphrase</label><input type="password" id="passphrase" name="passphrase" autocomplete="new-password" required minlength="12" aria-describedby="pass-help">
<p class="help muted" id="pass-help">At least 12 characters; a few unrelated words work well.</p>
<label for="passphrase_confirm">Passphrase again</label><input type="password" id="passphrase_confirm" name="passphrase_confirm" autocomplete="new-password" required minlength="12">
${mode === 'invite' ? html`<label for="invite">Invite code</label><input type="text" id="invite" name="invite" required autocomplete="off" value="${opts.invite ?? ''}">` : ''}
<p><label class="check"><input type="checkbox" name="agree" value="yes" required> I have read the <a href="/about/rules">rules</a> and <a href="/about/privacy">what this server holds</a>.</label></p>
<button type="submit">Create account</button>
</form>`;
  return sendWebPage(ctx, request, reply, { title: 'Sign up', body, status: opts.status });
}

/** GET and POST /signup. On success the recovery codes are shown once, on a page no cache keeps. */
export default defineRoute((app, ctx) => {
  app.get('/signup', async (request, reply) => {
    if (webViewer(request)) return reply.redirect('/home', 303);
    return signupPage(ctx, request, reply);
  });

  app.post('/signup', async (request, reply) => {
    if (!(await verifyForm(ctx, request, reply))) return reply;
    const parsed = form.safeParse(request.body ?? {});
    if (!parsed.success) return signupPage(ctx, request, reply, { error: 'Fill in every field', status: 422 });
    const f = parsed.data;
    if (f.passphrase !== f.passphrase_confirm) return signupPage(ctx, request, reply, { handle: f.handle, invite: f.invite, error: 'The two passphrases differ', status: 422 });
    if (f.agree !== 'yes') return signupPage(ctx, request, reply, { handle: f.handle, invite: f.invite, error: 'Please confirm you have read the rules', status: 422 });
    try {
      await enforceRateLimit(ctx, request, 'signup');
      const { account, recoveryCodes } = await ctx.accounts.signUp({ handle: f.handle, passphrase: f.passphrase, inviteCode: f.invite ?? null });
      await startWebSession(ctx, reply, account);
      const body = html`<h1>Welcome, @${account.handle}</h1>
<p>These are your recovery codes. Each one lets you back in once if you lose your passphrase. They are shown
<strong>only now</strong>: write them down or print this page, and keep them away from anything that names you.</p>
<ol class="codes">${recoveryCodes.map((c) => html`<li><code>${c}</code></li>`)}</ol>
<p><a class="button" href="/home">Continue to your home timeline</a></p>`;
      return sendWebPage(ctx, request, reply, { title: 'Your recovery codes', body, status: 201, viewer: account });
    } catch (err) {
      if (!(err instanceof PubliusError)) throw err;
      return signupPage(ctx, request, reply, { handle: f.handle, invite: f.invite, error: err.message, status: err.status });
    }
  });
});
