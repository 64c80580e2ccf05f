import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { renderOne, statusId } from './_shared.js';

/** POST /api/v1/statuses/:id/bookmark — bookmarks the post (private to the caller). https://docs.joinmastodon.org/methods/statuses/#bookmark */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/statuses/:id/bookmark', async (request) => {
    const me = requireAccount(request, 'write:bookmarks');
    const status = await ctx.posts.bookmark(me, statusId(request), true);
    return renderOne(ctx, me.id, status.id);
  });
});
