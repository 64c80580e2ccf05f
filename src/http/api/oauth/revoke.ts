import { z } from 'zod';
import { defineRoute } from '../../route.js';
import { clientCredentials } from './_oauth-http.js';

const body = z.object({
  token: z.string().max(200).optional(),
  token_type_hint: z.string().max(50).optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(200).optional(),
});

/**
 * POST /oauth/revoke — revokes an access or refresh token of the authenticated client. Always 200 {}
 * (RFC 7009 §2.2: an unknown token is not an error, and the answer says nothing about which tokens exist).
 * https://docs.joinmastodon.org/methods/oauth/#revoke
 */
export default defineRoute((app, ctx) => {
  app.post('/oauth/revoke', async (request, reply) => {
    const parsed = body.safeParse(request.body ?? {});
    if (parsed.success && parsed.data.token) {
      const creds = clientCredentials(request, parsed.data);
      const client = await ctx.oauth.authenticateClient(creds.id, creds.secret).catch(() => null);
      if (client) await ctx.oauth.revoke(client, parsed.data.token);
    }
    reply.header('Cache-Control', 'no-store');
    return {};
  });
});
