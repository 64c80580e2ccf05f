import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { accountIdParam } from './_shared.js';

/** POST /api/v1/accounts/:id/unmute — Lifts a mute. https://docs.joinmastodon.org/methods/accounts/#unmute */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/accounts/:id/unmute', async (request) => {
    const me = requireAccount(request, 'write:mutes');
    const id = accountIdParam(request);
    await ctx.graph.unmute(me, id);
    return ctx.graph.relationship(me.id, id);
  });
});
