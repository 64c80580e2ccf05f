import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { parse } from '../../../validate.js';
import { toCredentialApplicationEntity } from '../../entities/application.js';

/** One URI, several separated by newlines or spaces (Mastodon's form), or an array (`redirect_uris[]`). */
const redirectUris = z.union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/\s+/)).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(2000)).min(1, 'Redirect URI is required').max(10));

const body = z.object({
  client_name: z.string().trim().min(1).max(100),
  redirect_uris: redirectUris,
  scopes: z.string().max(1000).optional(),
  // Only a web address: the consent page may one day link to it.
  website: z.union([z.literal(''), z.string().max(2000).regex(/^https?:\/\/\S+$/i, 'must be an http(s) URL')]).nullish(),
});

/** POST /api/v1/apps — https://docs.joinmastodon.org/methods/apps/#create */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/apps', async (request) => {
    const b = parse(body, request.body);
    const { app: created, clientSecret } = await ctx.oauth.registerApp({
      name: b.client_name, redirectUris: b.redirect_uris, scopes: b.scopes, website: b.website,
    });
    return toCredentialApplicationEntity(created, clientSecret);
  });
});
