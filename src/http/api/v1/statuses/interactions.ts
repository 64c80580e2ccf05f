import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { applyPage, newestFirst, paginationSchema, setLinkHeader } from '../../../pagination.js';
import { loadAccounts, toAccountEntity } from '../../entities/account.js';
import { statusId } from './_shared.js';

/** GET /api/v1/statuses/:id/favourited_by and /reblogged_by — who interacted, newest first. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/statuses/:id/favourited_by', async (request, reply) => {
    const me = optionalAccount(request);
    const status = await ctx.posts.visible(me, statusId(request));
    const page = parse(paginationSchema, request.query);
    const rows = newestFirst(await applyPage(ctx.db.selectFrom('favourites').select(['id', 'account_id']).where('status_id', '=', status.id), 'id', page).execute(), page);
    setLinkHeader(request, reply, ctx.config.publicUrl, rows.map((r) => r.id), page);
    return (await loadAccounts(ctx.db, rows.map((r) => r.account_id))).map((a) => toAccountEntity(ctx.config, a));
  });
  app.get('/api/v1/statuses/:id/reblogged_by', async (request, reply) => {
    const me = optionalAccount(request);
    const status = await ctx.posts.visible(me, statusId(request));
    const page = parse(paginationSchema, request.query);
    const rows = newestFirst(await applyPage(ctx.db.selectFrom('statuses').select(['id', 'account_id']).where('reblog_of_id', '=', status.id), 'id', page).execute(), page);
    setLinkHeader(request, reply, ctx.config.publicUrl, rows.map((r) => r.id), page);
    return (await loadAccounts(ctx.db, rows.map((r) => r.account_id))).map((a) => toAccountEntity(ctx.config, a));
  });
});
