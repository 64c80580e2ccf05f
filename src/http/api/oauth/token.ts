import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import { PubliusError, type ErrorCode } from '../../../errors.js';
import { tokenEntity } from '../../../oauth/oauth.service.js';

const body = z.object({
  grant_type: z.enum(['authorization_code', 'client_credentials', 'refresh_token']),
  client_id: z.string().max(100).optional(),
  client_secret: z.string().max(200).optional(),
  redirect_uri: z.string().max(2000).optional(),
  code: z.string().max(200).optional(),
  code_verifier: z.string().max(200).optional(),
  refresh_token: z.string().max(200).optional(),
  scope: z.string().max(500).optional(),
});

const OAUTH_ERRORS: Partial<Record<ErrorCode, string>> = {
  INVALID_CLIENT: 'invalid_client', INVALID_GRANT: 'invalid_grant', INVALID_SCOPE: 'invalid_scope', VALIDATION: 'invalid_request',
};

/** Client credentials may come in the body or as HTTP Basic auth (RFC 6749 §2.3.1). */
function clientCredentials(request: FastifyRequest, b: z.infer<typeof body>): { id?: string; secret?: string } {
  const header = request.headers.authorization;
  const m = header ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (m) {
    const [id, secret] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
    return { id: safeDecode(id ?? ''), secret: safeDecode(secret ?? '') };
  }
  return { id: b.client_id, secret: b.client_secret };
}

/** Malformed percent-encoding in Basic credentials is a failed client authentication, not a server error. */
function safeDecode(v: string): string | undefined {
  try { return decodeURIComponent(v); } catch { return undefined; }
}

function oauthError(reply: FastifyReply, code: string, description: string, status = 400) {
  return reply.status(status).send({ error: code, error_description: description });
}

/** POST /oauth/token — authorization_code (with PKCE), client_credentials, refresh_token. Errors per RFC 6749 §5.2. */
export default defineRoute((app, ctx) => {
  app.post('/oauth/token', async (request, reply) => {
    const parsed = body.safeParse(request.body ?? {});
    if (!parsed.success) return oauthError(reply, parsed.error.issues.some((i) => i.path[0] === 'grant_type') ? 'unsupported_grant_type' : 'invalid_request', 'The request is missing a parameter or has a malformed one');
    const b = parsed.data;
    try {
      const creds = clientCredentials(request, b);
      const client = await ctx.oauth.authenticateClient(creds.id, creds.secret);
      let issued;
      if (b.grant_type === 'authorization_code') {
        if (!b.code || !b.redirect_uri) return oauthError(reply, 'invalid_request', 'code and redirect_uri are required');
        issued = await ctx.oauth.exchangeCode(client, b.code, b.redirect_uri, b.code_verifier);
      } else if (b.grant_type === 'client_credentials') {
        issued = await ctx.oauth.clientCredentials(client, b.scope);
      } else {
        if (!b.refresh_token) return oauthError(reply, 'invalid_request', 'refresh_token is required');
        issued = await ctx.oauth.refresh(client, b.refresh_token);
      }
      return { ...tokenEntity(issued, ctx.clock.now()), expires_in: ctx.config.tokenTtlDays * 86400 };
    } catch (err) {
      if (err instanceof PubliusError && OAUTH_ERRORS[err.code]) return oauthError(reply, OAUTH_ERRORS[err.code]!, err.message, err.status === 401 ? 401 : 400);
      throw err;
    }
  });

  /** POST /oauth/revoke — RFC 7009: always 200, whether or not the token existed. */
  app.post('/oauth/revoke', async (request) => {
    const b = z.object({ token: z.string().max(200).optional(), client_id: z.string().max(100).optional(), client_secret: z.string().max(200).optional() }).safeParse(request.body ?? {});
    if (b.success && b.data.token) {
      const creds = clientCredentials(request, { grant_type: 'client_credentials', ...b.data });
      const client = await ctx.oauth.authenticateClient(creds.id, creds.secret).catch(() => null);
      if (client) await ctx.sessions.revokeToken(b.data.token, client.id);
    }
    return {};
  });
});
