import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import { html, page } from '../_layout.js';
import { csrfFor, CSRF_FIELD } from '../../plugins/csrf.js';
import { enforceRateLimit } from '../../plugins/rate-limits.js';
import { PubliusError } from '../../../errors.js';
import { OOB_REDIRECT } from '../../../oauth/oauth.service.js';

const params = z.object({
  response_type: z.literal('code'),
  client_id: z.string().min(1).max(100),
  redirect_uri: z.string().min(1).max(2000),
  scope: z.string().max(500).optional(),
  state: z.string().max(1000).optional(),
  code_challenge: z.string().max(200).optional(),
  code_challenge_method: z.string().max(10).optional(),
  force_login: z.unknown().optional(),
  lang: z.unknown().optional(),
});

type AuthorizeParams = z.infer<typeof params>;

async function form(ctx: Context, request: FastifyRequest, reply: FastifyReply, p: AuthorizeParams, appName: string, scopes: string[], error?: string) {
  const csrf = await csrfFor(ctx).token(request, reply);
  const hidden = (name: string, value: string | undefined) => (value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}">`);
  const body = html`<h1>Authorize ${appName}</h1>
<p><strong>${appName}</strong> wants to use your account with these permissions: ${scopes.join(', ')}.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form class="card" method="post" action="/oauth/authorize">
${hidden(CSRF_FIELD, csrf)}${hidden('response_type', p.response_type)}${hidden('client_id', p.client_id)}${hidden('redirect_uri', p.redirect_uri)}
${hidden('scope', scopes.join(' '))}${hidden('state', p.state)}${hidden('code_challenge', p.code_challenge)}${hidden('code_challenge_method', p.code_challenge_method)}
<label for="handle">Handle</label><input id="handle" name="handle" type="text" autocomplete="username" required autocapitalize="none">
<label for="passphrase">Passphrase</label><input id="passphrase" name="passphrase" type="password" autocomplete="current-password" required>
<button type="submit">Authorize</button>
</form>`;
  return reply.status(error ? 401 : 200).type('text/html; charset=utf-8').send(page({ title: 'Authorize', instanceName: ctx.config.instanceName, body }));
}

function problem(ctx: Context, reply: FastifyReply, message: string) {
  return reply.status(400).type('text/html; charset=utf-8').send(page({ title: 'Authorization failed', instanceName: ctx.config.instanceName, body: html`<h1>Authorization failed</h1><p class="error">${message}</p>` }));
}

/** GET/POST /oauth/authorize — a login and consent form that works without JavaScript. */
export default defineRoute((app, ctx) => {
  app.get('/oauth/authorize', async (request, reply) => {
    const parsed = params.safeParse(request.query);
    if (!parsed.success) return problem(ctx, reply, 'The authorization request is malformed (response_type=code, client_id and redirect_uri are required).');
    try {
      const { app: client, scopes } = await ctx.oauth.validateAuthorization({
        clientId: parsed.data.client_id, redirectUri: parsed.data.redirect_uri, scope: parsed.data.scope,
        codeChallenge: parsed.data.code_challenge, codeChallengeMethod: parsed.data.code_challenge_method,
      });
      return form(ctx, request, reply, parsed.data, client.name, scopes);
    } catch (err) {
      if (err instanceof PubliusError) return problem(ctx, reply, err.message);
      throw err;
    }
  });

  app.post('/oauth/authorize', async (request, reply) => {
    await csrfFor(ctx).verify(request);
    const body = request.body as Record<string, unknown>;
    const parsed = params.safeParse(body);
    if (!parsed.success) return problem(ctx, reply, 'The authorization request is malformed.');
    const p = parsed.data;
    let client;
    let scopes: string[];
    try {
      ({ app: client, scopes } = await ctx.oauth.validateAuthorization({
        clientId: p.client_id, redirectUri: p.redirect_uri, scope: p.scope, codeChallenge: p.code_challenge, codeChallengeMethod: p.code_challenge_method,
      }));
    } catch (err) {
      if (err instanceof PubliusError) return problem(ctx, reply, err.message);
      throw err;
    }
    await enforceRateLimit(ctx, request, 'login');
    const handle = typeof body.handle === 'string' ? body.handle : '';
    const passphrase = typeof body.passphrase === 'string' ? body.passphrase : '';
    let account;
    try {
      account = await ctx.accounts.checkLogin(handle, passphrase);
    } catch (err) {
      if (err instanceof PubliusError && (err.code === 'LOGIN_FAILED' || err.code === 'ACCOUNT_SUSPENDED')) {
        return form(ctx, request, reply, p, client.name, scopes, err.message);
      }
      throw err;
    }
    const code = await ctx.oauth.issueCode({ app: client, accountId: account.id, redirectUri: p.redirect_uri, scopes, codeChallenge: p.code_challenge });
    if (p.redirect_uri === OOB_REDIRECT) {
      const body = html`<h1>Authorization code</h1><p>Copy this code into ${client.name}:</p><code class="code">${code}</code>`;
      return reply.type('text/html; charset=utf-8').send(page({ title: 'Authorization code', instanceName: ctx.config.instanceName, body }));
    }
    const target = new URL(p.redirect_uri);
    target.searchParams.set('code', code);
    if (p.state !== undefined) target.searchParams.set('state', p.state);
    return reply.redirect(target.toString(), 302);
  });
});
