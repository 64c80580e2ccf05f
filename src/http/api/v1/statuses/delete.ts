import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { renderOne, statusId } from './_shared.js';

/** DELETE /api/v1/statuses/:id — returns the deleted post with its source text (for "delete and redraft"). */
export default defineRoute((app, ctx) => {
  app.delete('/api/v1/statuses/:id', async (request) => {
    const me = requireAccount(request, 'write:statuses');
    const id = statusId(request);
    await ctx.posts.visible(me, id);
    const entity = await renderOne(ctx, me.id, id);
    const { status, mediaKeys } = await ctx.posts.delete(me, id);
    await ctx.media.deleteFiles(mediaKeys);
    return { ...entity, text: status.text };
  });
});
