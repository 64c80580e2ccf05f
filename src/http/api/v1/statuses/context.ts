import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { renderStatuses } from '../../entities/status.js';
import { threadOf } from '../../../../posts/posts.views.js';
import { statusId } from './_shared.js';

/** GET /api/v1/statuses/:id/context — the ancestors and descendants the viewer may see. https://docs.joinmastodon.org/methods/statuses/#context */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/statuses/:id/context', async (request) => {
    const me = optionalAccount(request);
    const status = await ctx.posts.visible(me, statusId(request));
    const viewer = me?.id ?? null;
    const thread = await threadOf(ctx.db, viewer, status.id, ctx.clock.now());
    const [ancestors, descendants] = await Promise.all([
      renderStatuses(ctx, viewer, thread.ancestors),
      renderStatuses(ctx, viewer, thread.descendants),
    ]);
    return { ancestors, descendants };
  });
});
