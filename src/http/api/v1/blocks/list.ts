import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { applyPage, newestFirst, paginationSchema, setLinkHeader } from '../../../pagination.js';
import { loadAccounts, toAccountEntity } from '../../entities/account.js';

/** GET /api/v1/blocks and GET /api/v1/mutes — the caller's own lists. */
export default defineRoute((app, ctx) => {
  for (const [path, table, scope] of [['/api/v1/blocks', 'blocks', 'read:blocks'], ['/api/v1/mutes', 'mutes', 'read:mutes']] as const) {
    app.get(path, async (request, reply) => {
      const me = requireAccount(request, scope);
      const page = parse(paginationSchema, request.query);
      const rows = newestFirst(await applyPage(ctx.db.selectFrom(table as 'blocks').select(['id', 'target_account_id']).where('account_id', '=', me.id), 'id', page).execute(), page);
      setLinkHeader(request, reply, ctx.config.publicUrl, rows.map((r) => r.id), page);
      return (await loadAccounts(ctx.db, rows.map((r) => r.target_account_id))).map((a) => toAccountEntity(ctx.config, a));
    });
  }
});
