import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { refuseUnsupported, renderOne, statusBody, statusId } from './_shared.js';

/**
 * PUT /api/v1/statuses/:id — edits an own post (text, content warning, sensitivity, language, attachments);
 * every version is kept for /history. Another account's post is 404. https://docs.joinmastodon.org/methods/statuses/#edit
 */
export default defineRoute((app, ctx) => {
  app.put('/api/v1/statuses/:id', async (request) => {
    const me = requireAccount(request, 'write:statuses');
    const id = statusId(request);
    const body = parse(statusBody, request.body);
    refuseUnsupported(body);
    const status = await ctx.posts.edit(me, id, {
      text: body.status, spoilerText: body.spoiler_text, sensitive: body.sensitive, mediaIds: body.media_ids,
      language: body.language,
    });
    return renderOne(ctx, me.id, status.id);
  });
});
