import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { accountIdParam } from '../accounts/_shared.js';

/**
 * POST /api/v1/follow_requests/:id/authorize — Accepts the request the account `:id` made to follow the caller;
 * with no such request (none, or one made to someone else) a 404.
 * https://docs.joinmastodon.org/methods/follow_requests/#accept
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/follow_requests/:id/authorize', async (request) => {
    const me = requireAccount(request, 'write:follows');
    const id = accountIdParam(request);
    await ctx.graph.authorize(me, id);
    return ctx.graph.relationship(me.id, id);
  });
});
