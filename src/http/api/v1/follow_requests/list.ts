import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { followRequestsPage } from '../../../../graph/graph.views.js';
import { accountListQuery, renderAccountList } from '../accounts/_shared.js';

/** GET /api/v1/follow_requests — accounts asking to follow the caller. https://docs.joinmastodon.org/methods/follow_requests/#get */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/follow_requests', async (request, reply) => {
    const me = requireAccount(request, 'read:follows');
    const page = parse(accountListQuery, request.query);
    return renderAccountList(ctx, request, reply, await followRequestsPage(ctx.db, me.id, page), page);
  });
});
