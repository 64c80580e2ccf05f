import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';

/** POST /api/v1/notifications/clear — deletes all of the caller's notifications. https://docs.joinmastodon.org/methods/notifications/#clear */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/notifications/clear', async (request) => {
    const me = requireAccount(request, 'write:notifications');
    await ctx.notifications.clear(me.id);
    return {};
  });
});
