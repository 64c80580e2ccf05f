import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { renderOne, statusId } from './_shared.js';

/**
 * DELETE /api/v1/statuses/:id — deletes an own post and answers with it as it was, plus its source `text` (for
 * "delete and redraft"). Another account's post is 404. https://docs.joinmastodon.org/methods/statuses/#delete
 */
export default defineRoute((app, ctx) => {
  app.delete('/api/v1/statuses/:id', async (request) => {
    const me = requireAccount(request, 'write:statuses');
    const own = await ctx.posts.own(me, statusId(request));
    const entity = await renderOne(ctx, me.id, own.id);
    const deleted = await ctx.posts.delete(me, own.id);
    return { ...entity, text: deleted.text };
  });
});
