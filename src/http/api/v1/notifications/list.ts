import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { setLinkHeader } from '../../../pagination.js';
import { notificationPage } from '../../../../notifications/notifications.views.js';
import { renderNotifications } from '../../entities/notification.js';
import { listQuery, toFilter } from './_shared.js';

/**
 * GET /api/v1/notifications — the caller's own, newest first, filtered by types[], exclude_types[] and
 * account_id; Link headers page by notification id. https://docs.joinmastodon.org/methods/notifications/#get
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/notifications', async (request, reply) => {
    const me = requireAccount(request, 'read:notifications');
    const q = parse(listQuery, request.query);
    const ids = await notificationPage(ctx.db, me.id, toFilter(q), q);
    setLinkHeader(request, reply, ctx.config.publicUrl, ids, q);
    return renderNotifications(ctx, me.id, ids);
  });
});
