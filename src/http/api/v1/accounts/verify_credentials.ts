import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { loadAccounts, toCredentialAccountEntity } from '../../entities/account.js';
import { fail } from '../../../../errors.js';
import { sql } from 'kysely';

/** GET /api/v1/accounts/verify_credentials — https://docs.joinmastodon.org/methods/accounts/#verify_credentials */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/accounts/verify_credentials', async (request) => {
    const me = requireAccount(request, 'read:accounts');
    const [account] = await loadAccounts(ctx.db, [me.id]);
    if (!account) fail('NOT_FOUND');
    const pending = await ctx.db.selectFrom('follow_requests').select(sql<number>`count(*)::int`.as('n'))
      .where('target_account_id', '=', me.id).executeTakeFirstOrThrow();
    return toCredentialAccountEntity(ctx.config, account, pending.n);
  });
});
