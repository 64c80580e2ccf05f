import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { notificationIdParam } from './_shared.js';

/** POST /api/v1/notifications/:id/dismiss — only the owner's; another account's is a 404. https://docs.joinmastodon.org/methods/notifications/#dismiss */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/notifications/:id/dismiss', async (request) => {
    const me = requireAccount(request, 'write:notifications');
    await ctx.notifications.dismiss(me.id, notificationIdParam(request));
    return {};
  });
});
