import { z } from 'zod';
import { defineRoute } from '../../route.js';
import { toTokenEntity } from '../entities/token.js';
import { clientCredentials, sendOAuthError, sendOAuthFailure } from './_oauth-http.js';

const GRANTS = ['authorization_code', 'client_credentials', 'refresh_token'] as const;

const body = z.object({
  grant_type: z.string().max(100).optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(200).optional(),
  redirect_uri: z.string().max(2000).optional(),
  code: z.string().max(200).optional(),
  code_verifier: z.string().max(200).optional(),
  refresh_token: z.string().max(200).optional(),
  scope: z.string().max(1000).optional(),
});

/**
 * POST /oauth/token — authorization_code (PKCE S256 when the code carries a challenge), client_credentials and
 * refresh_token (rotating). Success is Mastodon's Token entity; failures are RFC 6749 §5.2 errors.
 * https://docs.joinmastodon.org/methods/oauth/#token
 */
export default defineRoute((app, ctx) => {
  app.post('/oauth/token', async (request, reply) => {
    const parsed = body.safeParse(request.body ?? {});
    if (!parsed.success) return sendOAuthError(reply, 'invalid_request', 'A parameter is malformed or too long');
    const b = parsed.data;
    if (!b.grant_type) return sendOAuthError(reply, 'invalid_request', 'grant_type is required');
    const grant = GRANTS.find((g) => g === b.grant_type);
    if (!grant) return sendOAuthError(reply, 'unsupported_grant_type', `The grant type ${b.grant_type} is not supported`);
    try {
      const creds = clientCredentials(request, b);
      const client = await ctx.oauth.authenticateClient(creds.id, creds.secret);
      let issued;
      switch (grant) {
        case 'authorization_code':
          if (!b.code || !b.redirect_uri) return sendOAuthError(reply, 'invalid_request', 'code and redirect_uri are required');
          issued = await ctx.oauth.exchangeCode(client, { code: b.code, redirectUri: b.redirect_uri, codeVerifier: b.code_verifier });
          break;
        case 'client_credentials':
          issued = await ctx.oauth.clientCredentials(client, b.scope);
          break;
        case 'refresh_token':
          if (!b.refresh_token) return sendOAuthError(reply, 'invalid_request', 'refresh_token is required');
          issued = await ctx.oauth.refresh(client, b.refresh_token);
          break;
      }
      reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
      return toTokenEntity(issued, ctx.clock.now(), ctx.oauth.tokenLifetimeSeconds);
    } catch (err) {
      return sendOAuthFailure(reply, err);
    }
  });
});
