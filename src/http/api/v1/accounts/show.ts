import { defineRoute } from '../../../route.js';
import { fail } from '../../../../errors.js';
import { loadAccounts } from '../../entities/account.js';
import { accountIdParam, toVisibleAccountEntity } from './_shared.js';

/**
 * GET /api/v1/accounts/:id — public. An unknown account is a 404; a suspended one is shown as Mastodon does
 * since 3.3: `suspended: true` and an empty profile. https://docs.joinmastodon.org/methods/accounts/#get
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/accounts/:id', async (request) => {
    const [account] = await loadAccounts(ctx.db, [accountIdParam(request)]);
    if (!account) fail('NOT_FOUND');
    return toVisibleAccountEntity(ctx, account);
  });
});
