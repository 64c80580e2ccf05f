import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { renderOne, statusId } from './_shared.js';

/** POST /api/v1/statuses/:id/favourite — adds the post to the caller's favourites (a boost's id means the boosted post); repeating it changes nothing. https://docs.joinmastodon.org/methods/statuses/#favourite */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/statuses/:id/favourite', async (request) => {
    const me = requireAccount(request, 'write:favourites');
    const status = await ctx.posts.favourite(me, statusId(request), true);
    return renderOne(ctx, me.id, status.id);
  });
});
