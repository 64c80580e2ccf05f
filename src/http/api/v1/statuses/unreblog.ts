import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { renderOne, statusId } from './_shared.js';

/** POST /api/v1/statuses/:id/unreblog — withdraws the caller's boost and answers with the post. https://docs.joinmastodon.org/methods/statuses/#unreblog */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/statuses/:id/unreblog', async (request) => {
    const me = requireAccount(request, 'write:statuses');
    const status = await ctx.posts.unreblog(me, statusId(request));
    return renderOne(ctx, me.id, status.id);
  });
});
