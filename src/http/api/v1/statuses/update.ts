import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { renderOne, statusBody, statusId } from './_shared.js';

/** PUT /api/v1/statuses/:id — edit an own post; history is kept. */
export default defineRoute((app, ctx) => {
  app.put('/api/v1/statuses/:id', async (request) => {
    const me = requireAccount(request, 'write:statuses');
    const body = parse(statusBody, request.body);
    const status = await ctx.posts.edit(me, statusId(request), {
      text: body.status, spoilerText: body.spoiler_text, sensitive: body.sensitive, mediaIds: body.media_ids, language: body.language,
    });
    return renderOne(ctx, me.id, status.id);
  });
});
