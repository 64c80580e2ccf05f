import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { renderOne, statusId } from './_shared.js';

/**
 * POST /api/v1/statuses/:id/{favourite,unfavourite,reblog,unreblog,bookmark,unbookmark}
 * https://docs.joinmastodon.org/methods/statuses/
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/statuses/:id/favourite', async (request) => {
    const me = requireAccount(request, 'write:favourites');
    const s = await ctx.posts.favourite(me, statusId(request), true);
    return renderOne(ctx, me.id, s.id);
  });
  app.post('/api/v1/statuses/:id/unfavourite', async (request) => {
    const me = requireAccount(request, 'write:favourites');
    const s = await ctx.posts.favourite(me, statusId(request), false);
    return renderOne(ctx, me.id, s.id);
  });
  app.post('/api/v1/statuses/:id/bookmark', async (request) => {
    const me = requireAccount(request, 'write:bookmarks');
    const s = await ctx.posts.bookmark(me, statusId(request), true);
    return renderOne(ctx, me.id, s.id);
  });
  app.post('/api/v1/statuses/:id/unbookmark', async (request) => {
    const me = requireAccount(request, 'write:bookmarks');
    const s = await ctx.posts.bookmark(me, statusId(request), false);
    return renderOne(ctx, me.id, s.id);
  });
  app.post('/api/v1/statuses/:id/reblog', async (request) => {
    const me = requireAccount(request, 'write:statuses');
    const boost = await ctx.posts.reblog(me, statusId(request));
    return renderOne(ctx, me.id, boost.id);
  });
  app.post('/api/v1/statuses/:id/unreblog', async (request) => {
    const me = requireAccount(request, 'write:statuses');
    const s = await ctx.posts.unreblog(me, statusId(request));
    return renderOne(ctx, me.id, s.id);
  });
});
