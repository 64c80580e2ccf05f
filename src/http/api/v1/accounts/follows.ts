import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { applyPage, newestFirst, paginationSchema, setLinkHeader } from '../../../pagination.js';
import { loadAccounts, toAccountEntity } from '../../entities/account.js';
import { accountIdParam } from './_shared.js';

/** GET /api/v1/accounts/:id/followers and /following — paginated by the follow's id, newest first. */
export default defineRoute((app, ctx) => {
  for (const [suffix, mine, other] of [['followers', 'followee_id', 'follower_id'], ['following', 'follower_id', 'followee_id']] as const) {
    app.get(`/api/v1/accounts/:id/${suffix}`, async (request, reply) => {
      const me = optionalAccount(request);
      const target = await ctx.graph.target(accountIdParam(request));
      const page = parse(paginationSchema, request.query);
      let q = ctx.db.selectFrom('follows').select(['follows.id as id', `follows.${other} as account_id`]).where(`follows.${mine}`, '=', target.id);
      if (me) q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('blocks').select('blocks.id').where('blocks.account_id', '=', me.id).whereRef('blocks.target_account_id', '=', `follows.${other}`))));
      const rows = newestFirst(await applyPage(q, 'follows.id', page).execute(), page);
      setLinkHeader(request, reply, ctx.config.publicUrl, rows.map((r) => r.id), page);
      return (await loadAccounts(ctx.db, rows.map((r) => r.account_id))).filter((a) => !a.suspended).map((a) => toAccountEntity(ctx.config, a));
    });
  }
});
