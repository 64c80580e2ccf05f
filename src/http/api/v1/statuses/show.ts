import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { renderOne, statusId } from './_shared.js';

/** GET /api/v1/statuses/:id — a post the viewer may see; otherwise 404. https://docs.joinmastodon.org/methods/statuses/#get */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/statuses/:id', async (request) => {
    const me = optionalAccount(request);
    const status = await ctx.posts.visible(me, statusId(request));
    return renderOne(ctx, me?.id ?? null, status.id);
  });
});
