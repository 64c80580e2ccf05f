import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { statusId } from './_shared.js';

/** GET /api/v1/statuses/:id/source — the plain text of an own post, for editing. https://docs.joinmastodon.org/methods/statuses/#source */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/statuses/:id/source', async (request) => {
    const me = requireAccount(request, 'read:statuses');
    const status = await ctx.posts.own(me, statusId(request));
    return { id: status.id, text: status.text, spoiler_text: status.spoiler_text };
  });
});
