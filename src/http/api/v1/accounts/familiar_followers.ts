import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { isRowId } from '../../../ids.js';
import { familiarFollowers } from '../../../../graph/graph.views.js';
import { loadAccounts, toAccountEntity } from '../../entities/account.js';
import { idList } from './_shared.js';

const query = z.object({ id: idList });

/**
 * GET /api/v1/accounts/familiar_followers?id[]= — for each account, which of the caller's follows also follow
 * it (at most 40 each). https://docs.joinmastodon.org/methods/accounts/#familiar_followers
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/accounts/familiar_followers', async (request) => {
    const me = requireAccount(request, 'read:follows');
    const ids = [...new Set(parse(query, request.query).id.filter(isRowId))];
    const familiar = await familiarFollowers(ctx.db, me.id, ids);
    const accounts = new Map((await loadAccounts(ctx.db, [...familiar.values()].flat())).map((a) => [a.id, toAccountEntity(ctx.config, a)]));
    return ids.map((id) => ({ id, accounts: (familiar.get(id) ?? []).flatMap((a) => accounts.get(a) ?? []) }));
  });
});
