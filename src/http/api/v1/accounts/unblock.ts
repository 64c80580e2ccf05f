import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { accountIdParam } from './_shared.js';

/** POST /api/v1/accounts/:id/unblock — Lifts a block. https://docs.joinmastodon.org/methods/accounts/#unblock */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/accounts/:id/unblock', async (request) => {
    const me = requireAccount(request, 'write:blocks');
    const id = accountIdParam(request);
    await ctx.graph.unblock(me, id);
    return ctx.graph.relationship(me.id, id);
  });
});
