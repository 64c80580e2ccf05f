import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { followersPage } from '../../../../graph/graph.views.js';
import { accountIdParam, accountListQuery, renderAccountList } from './_shared.js';

/**
 * GET /api/v1/accounts/:id/followers — Who follows the account, newest follow first, paginated by the follow's id (Link
 * headers). Visible to everyone, minus suspended accounts and accounts the viewer blocks; empty when the
 * account blocks the viewer (as Mastodon). https://docs.joinmastodon.org/methods/accounts/#followers
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/accounts/:id/followers', async (request, reply) => {
    const me = optionalAccount(request);
    const target = await ctx.graph.target(accountIdParam(request));
    const page = parse(accountListQuery, request.query);
    if (me && me.id !== target.id && (await ctx.graph.relationship(me.id, target.id)).blocked_by) return [];
    return renderAccountList(ctx, request, reply, await followersPage(ctx.db, target.id, me?.id ?? null, page), page);
  });
});
