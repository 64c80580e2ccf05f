import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { accountIdParam } from './_shared.js';

/** POST /api/v1/accounts/:id/unfollow — Stops following the account, or withdraws a pending follow request. https://docs.joinmastodon.org/methods/accounts/#unfollow */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/accounts/:id/unfollow', async (request) => {
    const me = requireAccount(request, 'write:follows');
    const id = accountIdParam(request);
    await ctx.graph.unfollow(me, id);
    return ctx.graph.relationship(me.id, id);
  });
});
