import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { accountIdParam } from './_shared.js';

/** POST /api/v1/accounts/:id/remove_from_followers — Makes the account stop following the caller. https://docs.joinmastodon.org/methods/accounts/#remove_from_followers */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/accounts/:id/remove_from_followers', async (request) => {
    const me = requireAccount(request, 'write:follows');
    const id = accountIdParam(request);
    await ctx.graph.removeFromFollowers(me, id);
    return ctx.graph.relationship(me.id, id);
  });
});
