import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { html, sendErrorPage, sendPage } from '../_layout.js';
import { csrf, CSRF_FIELD } from '../../plugins/csrf.js';
import { enforceRateLimit } from '../../plugins/rate-limits.js';
import { cspWithFormTargets } from '../../plugins/security-headers.js';
import { PubliusError } from '../../../errors.js';
import { OOB_REDIRECT, type AuthorizationRequest } from '../../../oauth/oauth.service.js';

/** The authorisation request, from the query string (GET) or the form's hidden fields (POST). */
const params = z.object({
  response_type: z.string().max(50),
  client_id: z.string().min(1).max(200),
  redirect_uri: z.string().min(1).max(2000).optional(),
  scope: z.string().max(1000).optional(),
  state: z.string().max(2000).optional(),
  code_challenge: z.string().max(200).optional(),
  code_challenge_method: z.string().max(20).optional(),
  force_login: z.string().max(10).optional(),
});
type AuthorizeParams = z.infer<typeof params>;

/** What the person typed or pressed; absent on a consent-only form (already signed in on the web). */
const answer = z.object({
  handle: z.string().max(200).optional(),
  passphrase: z.string().max(1024).optional(),
  decision: z.enum(['approve', 'deny']).default('approve'),
});

const SCOPE_WORDS: Record<string, string> = {
  read: 'read everything in your account',
  write: 'post, edit and delete, and change your account',
  follow: 'follow, block and mute accounts',
  push: 'receive push notifications',
  profile: 'see your profile',
  'admin:read': 'read moderation data',
  'admin:write': 'take moderation actions',
};

function describeScope(scope: string): string {
  if (SCOPE_WORDS[scope]) return SCOPE_WORDS[scope];
  const [kind, what] = scope.split(':');
  return `${kind === 'write' ? 'change' : 'read'} your ${what}`;
}

function isTrue(v: string | undefined): boolean {
  return v === 'true' || v === '1';
}

/** The signed-in web session's account, unless the app asked for a fresh login. */
function webAccount(request: FastifyRequest, p: AuthorizeParams): Account | null {
  if (isTrue(p.force_login)) return null;
  const auth = request.auth;
  return auth?.token.kind === 'web' && auth.account ? auth.account : null;
}

async function consentForm(ctx: Context, request: FastifyRequest, reply: FastifyReply, p: AuthorizeParams, req: AuthorizationRequest, opts: { status?: number; error?: string } = {}) {
  const token = await csrf(ctx).token(request, reply);
  const signedIn = webAccount(request, p);
  const hidden = (name: string, value: string | null | undefined) => (value ? html`<input type="hidden" name="${name}" value="${value}">` : '');
  const destination = req.redirectUri === OOB_REDIRECT
    ? html`You will be shown a code to copy into ${req.app.name}.`
    : html`You will then be sent back to <strong>${safeHost(req.redirectUri)}</strong>.`;
  const body = html`<h1>Authorize ${req.app.name}</h1>
<p><strong>${req.app.name}</strong> asks to use your account on ${ctx.config.instanceName}. It will be able to:</p>
<ul class="scopes">${req.scopes.map((s) => html`<li>${describeScope(s)} <code>${s}</code></li>`)}</ul>
<p class="muted">${destination}</p>
${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
<form class="card" method="post" action="/oauth/authorize">
${hidden(CSRF_FIELD, token)}${hidden('response_type', 'code')}${hidden('client_id', p.client_id)}${hidden('redirect_uri', req.redirectUri)}
${hidden('scope', req.scopes.join(' '))}${hidden('state', p.state)}${hidden('code_challenge', req.codeChallenge)}${hidden('code_challenge_method', req.codeChallenge ? 'S256' : null)}
${hidden('force_login', p.force_login)}
${signedIn
    ? html`<p>Signed in as <strong>@${signedIn.handle}</strong>.</p>`
    : html`<label for="handle">Handle</label>
<input id="handle" name="handle" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required>
<label for="passphrase">Passphrase</label>
<input id="passphrase" name="passphrase" type="password" autocomplete="current-password" required>`}
<div class="actions"><button type="submit" name="decision" value="approve">Authorize</button>
<button type="submit" name="decision" value="deny" class="secondary" formnovalidate>Deny</button></div>
</form>`;
  // The form's answer is a redirect to the app, which the page's form-action must allow (browsers check it).
  if (req.redirectUri !== OOB_REDIRECT) reply.header('Content-Security-Policy', cspWithFormTargets([req.redirectUri]));
  return sendPage(reply, ctx.config, { status: opts.status, title: `Authorize ${req.app.name}`, body });
}

function safeHost(uri: string): string {
  try { return new URL(uri).host || uri; } catch { return uri; }
}

/** Back to the app with the code (or the refusal) and its state; out-of-band, a page shows the result. */
function sendBack(ctx: Context, reply: FastifyReply, req: AuthorizationRequest, state: string | undefined, result: { code: string } | { error: string; description: string }) {
  if (req.redirectUri === OOB_REDIRECT) {
    if ('code' in result) {
      const body = html`<h1>Authorization code</h1><p>Copy this code into ${req.app.name}:</p><code class="code">${result.code}</code>
<p class="muted">It works once, within ten minutes.</p>`;
      return sendPage(reply, ctx.config, { title: 'Authorization code', body });
    }
    return sendPage(reply, ctx.config, { title: 'Authorization denied', body: html`<h1>Authorization denied</h1><p>${req.app.name} was not given access.</p>` });
  }
  const target = new URL(req.redirectUri);
  if ('code' in result) target.searchParams.set('code', result.code);
  else { target.searchParams.set('error', result.error); target.searchParams.set('error_description', result.description); }
  if (state !== undefined) target.searchParams.set('state', state);
  return reply.header('Cache-Control', 'no-store').redirect(target.toString(), 302);
}

/** Parses and checks the request; on failure the reply is already sent (an error page) and null comes back. */
async function checkRequest(ctx: Context, reply: FastifyReply, input: unknown): Promise<{ p: AuthorizeParams; req: AuthorizationRequest } | null> {
  const parsed = params.safeParse(input ?? {});
  if (!parsed.success || parsed.data.response_type !== 'code') {
    sendErrorPage(reply, ctx.config, 400, 'Authorization failed', 'The authorization request is malformed: response_type=code and client_id are required.');
    return null;
  }
  const p = parsed.data;
  try {
    const req = await ctx.oauth.checkAuthorization({
      clientId: p.client_id, redirectUri: p.redirect_uri, scope: p.scope, codeChallenge: p.code_challenge, codeChallengeMethod: p.code_challenge_method,
    });
    return { p, req };
  } catch (err) {
    if (!(err instanceof PubliusError)) throw err;
    sendErrorPage(reply, ctx.config, 400, 'Authorization failed', err.code === 'INVALID_CLIENT' ? 'This application is not registered here.' : err.message);
    return null;
  }
}

/**
 * GET /oauth/authorize shows the login and consent form; POST /oauth/authorize checks it and sends the person
 * back to the app with a single-use code. Server-rendered, no JavaScript needed, CSRF-protected, and the login
 * is rate limited per (hashed) address. https://docs.joinmastodon.org/methods/oauth/#authorize
 */
export default defineRoute((app, ctx) => {
  app.get('/oauth/authorize', async (request, reply) => {
    const checked = await checkRequest(ctx, reply, request.query);
    if (!checked) return reply;
    return consentForm(ctx, request, reply, checked.p, checked.req);
  });

  app.post('/oauth/authorize', async (request, reply) => {
    try {
      await csrf(ctx).verify(request);
    } catch (err) {
      if (err instanceof PubliusError && err.code === 'CSRF') return sendErrorPage(reply, ctx.config, 403, 'Form expired', err.message);
      throw err;
    }
    const checked = await checkRequest(ctx, reply, request.body);
    if (!checked) return reply;
    const { p, req } = checked;
    const a = answer.safeParse(request.body);
    if (!a.success) return consentForm(ctx, request, reply, p, req, { status: 400, error: 'The form is malformed.' });
    if (a.data.decision === 'deny') {
      return sendBack(ctx, reply, req, p.state, { error: 'access_denied', description: 'The resource owner denied the request.' });
    }

    let account = a.data.handle || a.data.passphrase ? null : webAccount(request, p);
    if (!account) {
      try {
        await enforceRateLimit(ctx, request, 'login');
        account = await ctx.accounts.checkLogin(a.data.handle ?? '', a.data.passphrase ?? '');
      } catch (err) {
        if (err instanceof PubliusError && (err.code === 'LOGIN_FAILED' || err.code === 'ACCOUNT_SUSPENDED' || err.code === 'RATE_LIMITED')) {
          return consentForm(ctx, request, reply, p, req, { status: err.status, error: err.message });
        }
        throw err;
      }
    }
    const code = await ctx.oauth.issueCode(req, account.id);
    return sendBack(ctx, reply, req, p.state, { code });
  });
});
