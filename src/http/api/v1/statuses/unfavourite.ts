import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { renderOne, statusId } from './_shared.js';

/** POST /api/v1/statuses/:id/unfavourite — removes the post from the caller's favourites; repeating it changes nothing. https://docs.joinmastodon.org/methods/statuses/#unfavourite */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/statuses/:id/unfavourite', async (request) => {
    const me = requireAccount(request, 'write:favourites');
    const status = await ctx.posts.favourite(me, statusId(request), false);
    return renderOne(ctx, me.id, status.id);
  });
});
