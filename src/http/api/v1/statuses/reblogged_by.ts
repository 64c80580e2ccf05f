import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { accountPaginationSchema } from '../../../pagination.js';
import { rebloggedBy } from '../../../../posts/posts.views.js';
import { renderAccountPage, statusId } from './_shared.js';

/** GET /api/v1/statuses/:id/reblogged_by — who boosted a post the viewer may see, newest first. https://docs.joinmastodon.org/methods/statuses/#reblogged_by */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/statuses/:id/reblogged_by', async (request, reply) => {
    const me = optionalAccount(request);
    const status = await ctx.posts.visible(me, statusId(request));
    const page = parse(accountPaginationSchema, request.query);
    return renderAccountPage(ctx, request, reply, page, await rebloggedBy(ctx.db, status.id, page));
  });
});
