import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { renderOne, statusId } from './_shared.js';

/** POST /api/v1/statuses/:id/reblog — boosts the post and answers with the boost (its `reblog` is the post); followers-only and direct posts are 403. https://docs.joinmastodon.org/methods/statuses/#reblog */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/statuses/:id/reblog', async (request) => {
    const me = requireAccount(request, 'write:statuses');
    const status = await ctx.posts.reblog(me, statusId(request));
    return renderOne(ctx, me.id, status.id);
  });
});
