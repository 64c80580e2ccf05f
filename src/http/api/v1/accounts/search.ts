import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { searchAccountsFor } from '../../../../search/search.service.js';
import { loadAccounts, toAccountEntity } from '../../entities/account.js';
import { flag } from './_shared.js';

const query = z.object({
  q: z.string().trim().min(1).max(500),
  limit: z.coerce.number().int().min(1).default(40).transform((n) => Math.min(n, 80)),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
  following: flag,
  // No remote lookups here: accepted and ignored.
  resolve: flag,
});

/**
 * GET /api/v1/accounts/search — accounts by handle or display name; signed-in users only, as in Mastodon.
 * https://docs.joinmastodon.org/methods/accounts/#search
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/accounts/search', async (request) => {
    const me = requireAccount(request, 'read:accounts');
    const q = parse(query, request.query);
    const ids = await searchAccountsFor(ctx, me.id, { q: q.q, following: q.following ?? false, limit: q.limit, offset: q.offset });
    return (await loadAccounts(ctx.db, ids)).map((a) => toAccountEntity(ctx.config, a));
  });
});
