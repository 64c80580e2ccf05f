import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { renderHistory } from '../../entities/status.js';
import { statusId } from './_shared.js';

/** GET /api/v1/statuses/:id/history — StatusEdit entities, oldest first. https://docs.joinmastodon.org/methods/statuses/#history */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/statuses/:id/history', async (request) => {
    const me = optionalAccount(request);
    const status = await ctx.posts.visible(me, statusId(request));
    return renderHistory(ctx, status);
  });
});
