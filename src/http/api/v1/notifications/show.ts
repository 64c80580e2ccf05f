import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { fail } from '../../../../errors.js';
import { renderNotifications } from '../../entities/notification.js';
import { notificationIdParam } from './_shared.js';

/** GET /api/v1/notifications/:id — one of the caller's own; another account's is a 404. https://docs.joinmastodon.org/methods/notifications/#get-one */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/notifications/:id', async (request) => {
    const me = requireAccount(request, 'read:notifications');
    const [notification] = await renderNotifications(ctx, me.id, [notificationIdParam(request)]);
    if (!notification) fail('NOT_FOUND');
    return notification;
  });
});
