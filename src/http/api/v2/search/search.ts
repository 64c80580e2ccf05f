import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { rowId } from '../../../ids.js';
import { fail } from '../../../../errors.js';
import { scopeCovers } from '../../../../sessions/scopes.js';
import { search } from '../../../../search/search.service.js';
import { loadAccounts, toAccountEntity } from '../../entities/account.js';
import { renderStatuses } from '../../entities/status.js';
import { toTagEntity } from '../../entities/tag.js';
import { flag } from '../../v1/accounts/_shared.js';

const query = z.object({
  q: z.string().trim().min(1).max(500),
  type: z.enum(['accounts', 'hashtags', 'statuses']).optional(),
  // Publius never looks up remote accounts or posts: `resolve` changes nothing.
  resolve: flag,
  following: flag,
  exclude_unreviewed: flag,
  account_id: rowId.optional(),
  max_id: rowId.optional(),
  min_id: rowId.optional(),
  limit: z.coerce.number().int().min(1).default(20).transform((n) => Math.min(n, 40)),
  offset: z.coerce.number().int().min(0).max(10_000).optional(),
});

/**
 * GET /api/v2/search — accounts, hashtags and (for signed-in viewers) posts.
 * https://docs.joinmastodon.org/methods/search/#v2
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v2/search', async (request) => {
    const me = optionalAccount(request);
    const auth = request.auth;
    if (me && auth?.token.kind === 'oauth' && !scopeCovers(auth.scopes, 'read:search')) fail('INSUFFICIENT_SCOPE');
    const q = parse(query, request.query);
    // As Mastodon: paging through results is for signed-in users (it would make scraping cheap).
    if (!me && q.offset !== undefined) fail('UNAUTHORIZED', 'Search queries pagination is not supported without authentication');

    const found = await search(ctx, me?.id ?? null, {
      q: q.q, type: q.type, following: q.following ?? false, accountId: q.account_id, maxId: q.max_id, minId: q.min_id,
      limit: q.limit, offset: q.offset ?? 0,
    });
    return {
      accounts: (await loadAccounts(ctx.db, found.accountIds)).map((a) => toAccountEntity(ctx.config, a)),
      statuses: await renderStatuses(ctx, me?.id ?? null, found.statusIds),
      hashtags: found.tagNames.map((name) => toTagEntity(ctx.config, name)),
    };
  });
});
