import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { setLinkHeader } from '../../../pagination.js';
import { mutesPage } from '../../../../graph/graph.views.js';
import { loadAccounts } from '../../entities/account.js';
import { accountListQuery, toVisibleAccountEntity } from '../accounts/_shared.js';

/**
 * GET /api/v1/mutes — the accounts the caller mutes, each with `mute_expires_at` (null when indefinite).
 * https://docs.joinmastodon.org/methods/mutes/#get
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/mutes', async (request, reply) => {
    const me = requireAccount(request, 'read:mutes');
    const page = parse(accountListQuery, request.query);
    const rows = await mutesPage(ctx.db, me.id, ctx.clock.now(), page);
    setLinkHeader(request, reply, ctx.config.publicUrl, rows.map((r) => r.cursor), page);
    const expiry = new Map(rows.map((r) => [r.accountId, r.expiresAt]));
    return (await loadAccounts(ctx.db, rows.map((r) => r.accountId))).map((a) => {
      const expiresAt = expiry.get(a.id);
      return { ...toVisibleAccountEntity(ctx, a), mute_expires_at: expiresAt ? new Date(expiresAt).toISOString() : null };
    });
  });
});
