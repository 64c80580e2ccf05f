import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { accountPaginationSchema } from '../../../pagination.js';
import { favouritedBy } from '../../../../posts/posts.views.js';
import { renderAccountPage, statusId } from './_shared.js';

/** GET /api/v1/statuses/:id/favourited_by — who favourited a post the viewer may see, newest first. https://docs.joinmastodon.org/methods/statuses/#favourited_by */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/statuses/:id/favourited_by', async (request, reply) => {
    const me = optionalAccount(request);
    const status = await ctx.posts.visible(me, statusId(request));
    const page = parse(accountPaginationSchema, request.query);
    return renderAccountPage(ctx, request, reply, page, await favouritedBy(ctx.db, status.id, page));
  });
});
