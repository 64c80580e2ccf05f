import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { accountIdParam } from './_shared.js';

/** POST /api/v1/accounts/:id/block — Blocks the account: follows and follow requests end both ways. https://docs.joinmastodon.org/methods/accounts/#block */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/accounts/:id/block', async (request) => {
    const me = requireAccount(request, 'write:blocks');
    const id = accountIdParam(request);
    await ctx.graph.block(me, id);
    return ctx.graph.relationship(me.id, id);
  });
});
