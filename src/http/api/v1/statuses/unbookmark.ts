import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { renderOne, statusId } from './_shared.js';

/** POST /api/v1/statuses/:id/unbookmark — removes the bookmark. https://docs.joinmastodon.org/methods/statuses/#unbookmark */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/statuses/:id/unbookmark', async (request) => {
    const me = requireAccount(request, 'write:bookmarks');
    const status = await ctx.posts.bookmark(me, statusId(request), false);
    return renderOne(ctx, me.id, status.id);
  });
});
