import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { fail } from '../../../../errors.js';
import { statusId } from './_shared.js';

/** GET /api/v1/statuses/:id/source — the plain text, for editing one's own post. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/statuses/:id/source', async (request) => {
    const me = requireAccount(request, 'read:statuses');
    const status = await ctx.posts.visible(me, statusId(request));
    if (status.account_id !== me.id) fail('NOT_FOUND');
    return { id: status.id, text: status.text, spoiler_text: status.spoiler_text };
  });
});
