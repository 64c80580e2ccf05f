import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { applyPage, newestFirst, paginationSchema, setLinkHeader } from '../../../pagination.js';
import { loadAccounts, toAccountEntity } from '../../entities/account.js';
import { accountIdParam } from '../accounts/_shared.js';

/** GET /api/v1/follow_requests; POST /api/v1/follow_requests/:id/{authorize,reject} (:id = the requester). */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/follow_requests', async (request, reply) => {
    const me = requireAccount(request, 'read:follows');
    const page = parse(paginationSchema, request.query);
    const rows = newestFirst(await applyPage(ctx.db.selectFrom('follow_requests').select(['id', 'account_id']).where('target_account_id', '=', me.id), 'id', page).execute(), page);
    setLinkHeader(request, reply, ctx.config.publicUrl, rows.map((r) => r.id), page);
    return (await loadAccounts(ctx.db, rows.map((r) => r.account_id))).map((a) => toAccountEntity(ctx.config, a));
  });
  app.post('/api/v1/follow_requests/:id/authorize', async (request) => {
    const me = requireAccount(request, 'write:follows');
    const id = accountIdParam(request);
    await ctx.graph.authorize(me, id);
    return (await ctx.graph.relationships(me.id, [id]))[0];
  });
  app.post('/api/v1/follow_requests/:id/reject', async (request) => {
    const me = requireAccount(request, 'write:follows');
    const id = accountIdParam(request);
    await ctx.graph.reject(me, id);
    return (await ctx.graph.relationships(me.id, [id]))[0];
  });
});
