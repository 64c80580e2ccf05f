import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { parse } from '../../../validate.js';
import { fail } from '../../../../errors.js';

const body = z.object({
  client_name: z.string().trim().min(1).max(100),
  redirect_uris: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : v.split(/\s+/)).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(2000)).min(1).max(10)),
  scopes: z.string().max(500).optional(),
  website: z.string().url().max(2000).nullish().or(z.literal('')),
});

/** POST /api/v1/apps and GET /api/v1/apps/verify_credentials — https://docs.joinmastodon.org/methods/apps/ */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/apps', async (request) => {
    const b = parse(body, request.body);
    const { app: created, clientSecret } = await ctx.oauth.registerApp({ name: b.client_name, redirectUris: b.redirect_uris, scopes: b.scopes ?? 'read', website: b.website || null });
    const uris = created.redirect_uris.split('\n');
    return {
      id: created.id, name: created.name, website: created.website, scopes: created.scopes.split(' '),
      redirect_uri: uris.join('\n'), redirect_uris: uris, client_id: created.client_id, client_secret: clientSecret,
      client_secret_expires_at: 0, vapid_key: '',
    };
  });
  app.get('/api/v1/apps/verify_credentials', async (request) => {
    const auth = request.auth;
    if (!auth?.token.app_id) fail('UNAUTHORIZED');
    const a = await ctx.db.selectFrom('oauth_apps').selectAll().where('id', '=', auth.token.app_id).executeTakeFirstOrThrow();
    return { id: a.id, name: a.name, website: a.website, scopes: a.scopes.split(' '), redirect_uris: a.redirect_uris.split('\n'), vapid_key: '' };
  });
});
