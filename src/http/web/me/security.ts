import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import { fail } from '../../../errors.js';
import { isRowId } from '../../ids.js';
import { enforceRateLimit } from '../../plugins/rate-limits.js';
import { html } from '../_layout.js';
import { csrfField, endWebSessionCookie, sendWebPage } from '../_session.js';
import { asForm, asPage, field, flash, settingsNav } from './_me.js';

/** The session this request is signed in with (to keep it signed in, and to mark it "this browser"). */
function currentSessionId(request: FastifyRequest): string | undefined {
  return request.auth?.token.kind === 'web' ? request.auth.token.id : undefined;
}

async function passphrasePage(ctx: Context, request: FastifyRequest, reply: FastifyReply, opts: { error?: string; status?: number; done?: boolean } = {}) {
  const body = html`<h1>Settings</h1>${settingsNav('/settings/passphrase')}
<h2>Change your passphrase</h2>
${flash(opts.done ? 'Your passphrase was changed. Every other session was signed out.' : null)}
${opts.error ? html`<p class="error" role="alert" id="pass-error">${opts.error}</p>` : ''}
<form method="post" action="/settings/passphrase" class="card"${opts.error ? html` aria-describedby="pass-error"` : ''}>
${await csrfField(ctx, request, reply)}
<label for="current">Current passphrase</label><input type="password" id="current" name="current" autocomplete="current-password" required>
<label for="passphrase">New passphrase</label><input type="password" id="passphrase" name="passphrase" autocomplete="new-password" required minlength="12" aria-describedby="new-help">
<p class="help muted" id="new-help">At least 12 characters. Changing it signs out every other browser and app.</p>
<label for="passphrase_confirm">New passphrase again</label><input type="password" id="passphrase_confirm" name="passphrase_confirm" autocomplete="new-password" required minlength="12">
<button type="submit">Change passphrase</button>
</form>`;
  return sendWebPage(ctx, request, reply, { title: 'Passphrase', body, status: opts.status });
}

async function recoveryPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, accountId: string, opts: { error?: string; status?: number } = {}) {
  const left = await ctx.accounts.remainingRecoveryCodes(accountId);
  const body = html`<h1>Settings</h1>${settingsNav('/settings/recovery-codes')}
<h2>Recovery codes</h2>
<p>You have <strong>${left}</strong> unused recovery code${left === 1 ? '' : 's'}. New codes replace all the old ones, which stop working;
they are shown once, on the next page, and this server keeps only their hashes.</p>
${opts.error ? html`<p class="error" role="alert" id="codes-error">${opts.error}</p>` : ''}
<form method="post" action="/settings/recovery-codes" class="card"${opts.error ? html` aria-describedby="codes-error"` : ''}>
${await csrfField(ctx, request, reply)}
<label for="passphrase">Your passphrase</label><input type="password" id="passphrase" name="passphrase" autocomplete="current-password" required>
<button type="submit">Make new recovery codes</button>
</form>`;
  return sendWebPage(ctx, request, reply, { title: 'Recovery codes', body, status: opts.status });
}

/** A refused passphrase is shown on the form again; other refusals go to the error page. */
function isPassphraseRefusal(err: unknown): err is { message: string; status: number } {
  const code = (err as { code?: string } | null)?.code;
  return code === 'LOGIN_FAILED' || code === 'PASSPHRASE_WEAK';
}

/** /settings/passphrase, /settings/recovery-codes and /settings/sessions: the account's credentials. */
export default defineRoute((app, ctx) => {
  app.get<{ Querystring: { done?: string } }>('/settings/passphrase', async (request, reply) => asPage(ctx, request, reply, async () =>
    passphrasePage(ctx, request, reply, { done: request.query.done === '1' })));

  app.post('/settings/passphrase', async (request, reply) => asForm(ctx, request, reply, async (me) => {
    const next = field(request.body, 'passphrase');
    if (next !== field(request.body, 'passphrase_confirm')) return passphrasePage(ctx, request, reply, { error: 'The two new passphrases differ', status: 422 });
    try {
      // The login limit: a stolen session must not become a way to guess the passphrase quickly.
      await enforceRateLimit(ctx, request, 'login');
      await ctx.accounts.changePassphrase(me.id, field(request.body, 'current'), next, currentSessionId(request));
    } catch (err) {
      if (!isPassphraseRefusal(err)) throw err;
      return passphrasePage(ctx, request, reply, { error: err.message, status: err.status });
    }
    return reply.redirect('/settings/passphrase?done=1', 303);
  }));

  app.get('/settings/recovery-codes', async (request, reply) => asPage(ctx, request, reply, async (me) => recoveryPage(ctx, request, reply, me.id)));

  app.post('/settings/recovery-codes', async (request, reply) => asForm(ctx, request, reply, async (me) => {
    let codes: string[];
    try {
      await enforceRateLimit(ctx, request, 'login');
      codes = await ctx.accounts.regenerateRecoveryCodes(me.id, field(request.body, 'passphrase'));
    } catch (err) {
      if (!isPassphraseRefusal(err)) throw err;
      return recoveryPage(ctx, request, reply, me.id, { error: err.message, status: err.status });
    }
    // Shown in the answer to the POST only: no URL leads back to them, and the page is no-store.
    const body = html`<h1>Your new recovery codes</h1>
<p>Each one lets you back in once if you lose your passphrase. They are shown <strong>only now</strong>: write them
down or print this page. The old codes no longer work.</p>
<ol class="codes">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ol>
<p><a class="button" href="/settings">Back to settings</a></p>`;
    return sendWebPage(ctx, request, reply, { title: 'Your new recovery codes', body });
  }));

  app.get<{ Querystring: { done?: string } }>('/settings/sessions', async (request, reply) => asPage(ctx, request, reply, async (me) => {
    const sessions = await ctx.sessions.list(me.id);
    const current = currentSessionId(request);
    const token = await csrfField(ctx, request, reply);
    // Sessions carry dates only (no times, no addresses, no browsers): that is all there is to show.
    const rows = sessions.map((s) => html`<tr>
<td>${s.kind === 'web' ? 'Web browser' : s.app_name ?? 'App'}${s.id === current ? html` <span class="badge">this browser</span>` : ''}</td>
<td>${String(s.created_on).slice(0, 10)}</td><td>${s.last_used_on ? String(s.last_used_on).slice(0, 10) : '—'}</td><td>${String(s.expires_on).slice(0, 10)}</td>
<td><form method="post" action="/settings/sessions/${s.id}/revoke" class="inline">${token}<button type="submit" class="secondary" aria-label="${s.id === current ? 'Sign out this browser' : `Revoke session ${s.id}`}">${s.id === current ? 'Sign out' : 'Revoke'}</button></form></td></tr>`);
    const body = html`<h1>Settings</h1>${settingsNav('/settings/sessions')}
<h2>Sessions</h2>
${flash(request.query.done === '1' ? 'The session was revoked.' : null)}
<p>Every browser and app signed in to your account. This server records the day each started and was last used,
never a time, an address or a device.</p>
<table><caption class="muted">Signed-in sessions</caption>
<thead><tr><th scope="col">Where</th><th scope="col">Started</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${rows}</tbody></table>`;
    return sendWebPage(ctx, request, reply, { title: 'Sessions', body });
  }));

  app.post<{ Params: { id: string } }>('/settings/sessions/:id/revoke', async (request, reply) => asForm(ctx, request, reply, async (me) => {
    const { id } = request.params;
    if (!isRowId(id)) fail('NOT_FOUND');
    // Scoped to this account: another account's session id is simply not found.
    await ctx.sessions.revokeById(me.id, id);
    if (id !== currentSessionId(request)) return reply.redirect('/settings/sessions?done=1', 303);
    endWebSessionCookie(ctx, reply);
    return reply.redirect('/login', 303);
  }));
});
